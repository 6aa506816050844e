"""Orders as the marketplace keeps them: placing, the status machine, bulk synthetic orders.

Placing an order takes its units off the listing's available stock and counts them as reserved;
shipping releases the reservation; cancelling before SHIPPED puts the units back. Every transition
bumps update_time. Bulk orders are synthetic history and never touch stock.
"""

from __future__ import annotations

import sqlite3
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sandbox.common.refusal import Bulk, Refusal
from sandbox.common.store import next_counter, update_row
from sandbox.shopee import items, push

ORDER_STATUSES = (
    "UNPAID",
    "READY_TO_SHIP",
    "PROCESSED",
    "RETRY_SHIP",
    "SHIPPED",
    "TO_CONFIRM_RECEIVE",
    "IN_CANCEL",
    "CANCELLED",
    "TO_RETURN",
    "COMPLETED",
)
TRANSITIONS: dict[str, frozenset[str]] = {
    "UNPAID": frozenset({"READY_TO_SHIP", "CANCELLED"}),
    "READY_TO_SHIP": frozenset({"PROCESSED", "IN_CANCEL", "CANCELLED"}),
    "PROCESSED": frozenset({"SHIPPED", "RETRY_SHIP", "IN_CANCEL", "CANCELLED"}),
    "RETRY_SHIP": frozenset({"PROCESSED", "SHIPPED", "IN_CANCEL", "CANCELLED"}),
    "IN_CANCEL": frozenset({"CANCELLED", "READY_TO_SHIP", "PROCESSED"}),
    "SHIPPED": frozenset({"TO_CONFIRM_RECEIVE", "TO_RETURN", "COMPLETED"}),
    "TO_CONFIRM_RECEIVE": frozenset({"COMPLETED", "TO_RETURN"}),
    "TO_RETURN": frozenset({"COMPLETED", "CANCELLED"}),
    "COMPLETED": frozenset(),
    "CANCELLED": frozenset(),
}
SHIPPED_OR_LATER = frozenset({"SHIPPED", "TO_CONFIRM_RECEIVE", "TO_RETURN", "COMPLETED"})
DEFAULT_CHANNEL = 50021  # SPX Express
_VN = timezone(timedelta(hours=7))
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Line:
    item: sqlite3.Row
    model: sqlite3.Row | None
    qty: int

    @property
    def price(self) -> int:
        return int(self.model["price"] if self.model is not None else self.item["price"])


def order_sn(sequence: int, create_time: int) -> str:
    """Shopee style: `YYMMDD` + 8 characters, a bijective scramble of the sequence (unique)."""
    day = datetime.fromtimestamp(create_time, tz=UTC).astimezone(_VN).strftime("%y%m%d")
    value = (sequence * 2_654_435_761 + 0x5BD1E995) % 36**8
    suffix = ""
    for _ in range(8):
        value, digit = divmod(value, 36)
        suffix = _ALPHABET[digit] + suffix
    return day + suffix


def buyer_id(buyer: str) -> int:
    return zlib.crc32(buyer.encode()) % 900_000_000 + 100_000_000


def resolve(
    db: sqlite3.Connection, shop_id: int, sku: str
) -> tuple[sqlite3.Row, sqlite3.Row | None]:
    found = items.sku_lookup(db, shop_id, sku)
    if found is None:
        raise Refusal("unknown_sku", 404)
    return found


def _check_stock(lines: list[Line]) -> None:
    wanted: dict[tuple[int, int], int] = {}
    for line in lines:
        if line.item["item_status"] != "NORMAL":
            raise Refusal("not_for_sale", 409)
        key = (line.item["item_id"], line.model["model_id"] if line.model is not None else 0)
        wanted[key] = wanted.get(key, 0) + line.qty
    for line in lines:
        row = line.model if line.model is not None else line.item
        key = (line.item["item_id"], line.model["model_id"] if line.model is not None else 0)
        if row["stock"] < wanted[key]:
            raise Refusal("out_of_stock", 409)


@dataclass(frozen=True)
class Draft:
    """An order about to be stored: who, what, when, and whether it took stock."""

    shop_id: int
    sn: str
    lines: list[Line]
    status: str
    buyer: str
    create_time: int
    stock_taken: bool


_INSERT_ORDER = (
    "INSERT INTO orders (order_sn, shop_id, order_status, create_time, update_time, pay_time, "
    "ship_time, total_amount, buyer, buyer_user_id, payment_method, channel_id, cancel_by, "
    "cancel_reason, stock_taken) VALUES (:sn, :shop_id, :status, :created, :created, :paid, "
    ":shipped, :total, :buyer, :buyer_id, 'Cash on Delivery', :channel, :cancel_by, "
    ":cancel_reason, :stock_taken)"
)


def _insert(db: sqlite3.Connection, draft: Draft) -> int:
    total = sum(line.price * line.qty for line in draft.lines)
    cancelled = draft.status == "CANCELLED"
    db.execute(
        _INSERT_ORDER,
        {
            "sn": draft.sn,
            "shop_id": draft.shop_id,
            "status": draft.status,
            "created": draft.create_time,
            "total": total,
            "buyer": draft.buyer,
            "paid": None if draft.status == "UNPAID" else draft.create_time,
            "shipped": draft.create_time if draft.status in SHIPPED_OR_LATER else None,
            "buyer_id": buyer_id(draft.buyer),
            "channel": DEFAULT_CHANNEL,
            "cancel_by": "buyer" if cancelled else "",
            "cancel_reason": "Change of mind" if cancelled else "",
            "stock_taken": int(draft.stock_taken),
        },
    )
    db.executemany(
        "INSERT INTO order_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_line_row(draft.sn, n, line) for n, line in enumerate(draft.lines)],
    )
    return total


def _line_row(sn: str, number: int, line: Line) -> tuple[Any, ...]:
    model = line.model
    return (
        sn,
        number,
        line.item["item_id"],
        model["model_id"] if model is not None else 0,
        line.item["item_name"],
        line.item["item_sku"],
        items.model_name(line.item, model),
        model["model_sku"] if model is not None else "",
        line.qty,
        line.price,
    )


def place(
    db: sqlite3.Connection,
    shop_id: int,
    wanted: list[tuple[str, int]],
    status: str,
    buyer: str,
    create_time: int,
    now: int,
) -> dict[str, Any]:
    """A buyer's order by seller SKU; takes the units off stock or refuses (409 out_of_stock)."""
    if status not in ("UNPAID", "READY_TO_SHIP"):
        raise Refusal("invalid_status", 422)
    lines = [Line(*resolve(db, shop_id, sku), qty) for sku, qty in wanted]
    _check_stock(lines)
    sn = order_sn(next_counter(db, "order_seq", 1), create_time)
    total = _insert(db, Draft(shop_id, sn, lines, status, buyer, create_time, True))
    for line in lines:
        model_id = line.model["model_id"] if line.model is not None else 0
        items.move_stock(db, line.item["item_id"], model_id, -line.qty, line.qty)
        items.touch(db, line.item["item_id"], now)
        push.emit_reserved(db, shop_id, line.item["item_id"], model_id, sn, now)
    push.emit_order(db, shop_id, sn, status, now)
    return {"order_sn": sn, "order_status": status, "total_amount": total}


def _release(db: sqlite3.Connection, order: sqlite3.Row, restock: bool, now: int) -> None:
    """Drop the reservation of a stock-taking order; on restock, give the units back too."""
    if not order["stock_taken"]:
        return
    for line in db.execute("SELECT * FROM order_lines WHERE order_sn = ?", (order["order_sn"],)):
        back = line["qty"] if restock else 0
        items.move_stock(db, line["item_id"], line["model_id"], back, -line["qty"])
        if restock:
            items.touch(db, line["item_id"], now)
        push.emit_reserved(
            db, order["shop_id"], line["item_id"], line["model_id"], order["order_sn"], now
        )


def _side_effects(
    db: sqlite3.Connection, order: sqlite3.Row, status: str, now: int
) -> dict[str, Any]:
    changes: dict[str, Any] = {"order_status": status, "update_time": now}
    if status == "READY_TO_SHIP" and order["pay_time"] is None:
        changes["pay_time"] = now
    if status == "SHIPPED" and order["ship_time"] is None:
        changes["ship_time"] = now
        _release(db, order, restock=False, now=now)
    if status == "CANCELLED":
        unpaid = order["order_status"] == "UNPAID"
        changes["cancel_by"] = "system" if unpaid else "buyer"
        changes["cancel_reason"] = "Unpaid" if unpaid else "Change of mind"
        if order["ship_time"] is None:
            _release(db, order, restock=True, now=now)
    return changes


def load(db: sqlite3.Connection, sn: str) -> sqlite3.Row:
    row = db.execute("SELECT * FROM orders WHERE order_sn = ?", (sn,)).fetchone()
    if row is None:
        raise Refusal("not_found", 404)
    return row


def transition(db: sqlite3.Connection, sn: str, status: str, now: int) -> dict[str, Any]:
    """Move an order one legal step through the state machine (409 for an illegal move)."""
    order = load(db, sn)
    if status not in TRANSITIONS.get(order["order_status"], frozenset()):
        raise Refusal("illegal_transition", 409)
    changes = _side_effects(db, order, status, now)
    update_row(db, "orders", ("order_sn", sn), changes)
    push.emit_order(db, order["shop_id"], sn, status, now)
    return {"order_sn": sn, "order_status": status}


def bulk(db: sqlite3.Connection, shop_id: int, request: Bulk) -> int:
    """One-line orders (qty 1) as the request spreads them; they never touch stock."""
    if request.status not in ORDER_STATUSES:
        raise Refusal("invalid_status", 422)
    listings = {sku: resolve(db, shop_id, sku) for sku in request.skus}
    first = next_counter(db, "order_seq", 1, request.count)
    for number, sku, when, buyer in request.spread():
        sn, line = order_sn(first + number, when), Line(*listings[sku], 1)
        _insert(db, Draft(shop_id, sn, [line], request.status, buyer, when, False))
    return request.count
