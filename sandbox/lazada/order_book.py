"""Orders as the marketplace keeps them: placing, the status machine, bulk synthetic history.

unpaid -> pending -> packed -> ready_to_ship -> shipped -> delivered, with canceled (before
shipping), failed (delivery) and returned (after delivery) branches. Placing an order withholds
its units (sellable drops, quantity stays); ready_to_ship deducts them from quantity; canceling
before ready_to_ship releases the withhold, after it puts the units back. Every move bumps
updated_at and is pushed (type 0). Bulk orders are synthetic history and never touch stock.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass
from typing import Any

from sandbox.common.refusal import Bulk, Refusal
from sandbox.common.store import upsert
from sandbox.lazada import listings, push
from sandbox.lazada.limits import Limits
from sandbox.lazada.listings import fresh
from sandbox.lazada.order_views import effective_price

ORDER_ID_BASE = 360_000_000_000_001
ORDER_ITEM_ID_BASE = 360_500_000_000_001
# lazada.md §10.9: the forward flow, and each branch with the statuses it leaves from.
FORWARD = ("unpaid", "pending", "packed", "ready_to_ship", "shipped", "delivered")
BRANCHES = {
    "canceled": ("unpaid", "pending", "packed", "ready_to_ship"),
    "failed": ("shipped",),
    "returned": ("delivered",),
    "pending": ("packed",),  # repacked: back to pending
}


def _moves(status: str) -> frozenset[str]:
    following = FORWARD[FORWARD.index(status) + 1 :][:1] if status in FORWARD else ()
    return frozenset({*following, *(to for to, sources in BRANCHES.items() if status in sources)})


TRANSITIONS = {status: _moves(status) for status in (*FORWARD, "canceled", "failed", "returned")}
STATUSES = tuple(TRANSITIONS)
_DEDUCTED = frozenset({"ready_to_ship", "shipped", "delivered", "returned", "failed"})
ADDRESSES = (
    (
        "Nguyễn Thị",
        "Mai",
        "0912345678",
        "12 Phố Huế",
        "Phường Hàng Bài",
        "Quận Hoàn Kiếm",
        "Hà Nội",
    ),
    ("Trần Văn", "Hùng", "0987654321", "45 Lê Lợi", "Phường Bến Nghé", "Quận 1", "Hồ Chí Minh"),
    ("Lê Thu", "Hà", "0905111222", "8 Bạch Đằng", "Phường Hải Châu 1", "Quận Hải Châu", "Đà Nẵng"),
    ("Phạm Minh", "Tuấn", "0939333444", "3 Hòa Bình", "Phường An Cư", "Quận Ninh Kiều", "Cần Thơ"),
)


@dataclass(frozen=True)
class Line:
    sku: sqlite3.Row
    name: str
    qty: int
    price: int


def address(buyer: str) -> dict[str, str]:
    first, last, phone, street, ward, district, city = ADDRESSES[
        zlib.crc32(buyer.encode()) % len(ADDRESSES)
    ]
    return {
        "first_name": first,
        "last_name": last,
        "phone": phone,
        "phone2": "",
        "address1": street,
        "address2": "",
        "address3": city,
        "address4": district,
        "address5": ward,
        "addressDsitrict": district,  # sic, Lazada's spelling
        "city": city,
        "post_code": "",
        "country": "Vietnam",
    }


def resolve(db: sqlite3.Connection, seller_id: int, seller_sku: str, qty: int, now: int) -> Line:
    sku = listings.sku_by_seller_sku(db, seller_id, seller_sku)
    if sku is None:
        raise Refusal("unknown_sku", 404)
    product = listings.load_product(db, seller_id, sku["item_id"])
    assert product is not None
    name = json.loads(product["attributes"]).get("name", "")
    return Line(sku, name, qty, effective_price(sku, now))


def _check_stock(db: sqlite3.Connection, lines: list[Line]) -> None:
    wanted: dict[int, int] = {}
    for line in lines:
        product = db.execute(
            "SELECT status FROM products WHERE item_id = ?", (line.sku["item_id"],)
        ).fetchone()
        if line.sku["status"] != "active" or product["status"] != "Active":
            raise Refusal("not_for_sale", 409)
        wanted[line.sku["sku_id"]] = wanted.get(line.sku["sku_id"], 0) + line.qty
    for line in lines:
        if listings.sellable(line.sku) < wanted[line.sku["sku_id"]]:
            raise Refusal("out_of_stock", 409)


@dataclass(frozen=True)
class Draft:
    seller_id: int
    lines: list[Line]
    status: str
    buyer: str
    created_at: int
    stock_taken: bool
    order_id: int | None = None


def _insert(db: sqlite3.Connection, draft: Draft) -> int:
    order_id = draft.order_id or fresh(db, "orders", "order_id", ORDER_ID_BASE)
    db.execute(
        "INSERT INTO orders (order_id, seller_id, status, created_at, updated_at, buyer, address, "
        "payment_method, shipping_fee, stock_taken) VALUES (?, ?, ?, ?, ?, ?, ?, 'COD', 0, ?)",
        (
            order_id,
            draft.seller_id,
            draft.status,
            draft.created_at,
            draft.created_at,
            draft.buyer,
            json.dumps(address(draft.buyer), ensure_ascii=False),
            int(draft.stock_taken),
        ),
    )
    for line in draft.lines:
        for _ in range(line.qty):  # Lazada lists a line of qty N as N order items
            _insert_item(db, int(order_id), line, draft)
    return int(order_id)


def _insert_item(db: sqlite3.Connection, order_id: int, line: Line, draft: Draft) -> None:
    item = {
        "order_item_id": fresh(db, "order_items", "order_item_id", ORDER_ITEM_ID_BASE),
        "order_id": order_id,
        "item_id": line.sku["item_id"],
        "sku_id": line.sku["sku_id"],
        "seller_sku": line.sku["seller_sku"],
        "name": line.name,
        "item_price": line.price,
        "paid_price": line.price,
        "status": draft.status,
        "updated_at": draft.created_at,
    }
    upsert(db, "order_items", ("order_item_id",), item)


def place(db: sqlite3.Connection, limits: Limits, draft: Draft, now: int) -> dict[str, Any]:
    """A buyer's order; withholds its units or refuses (409 out_of_stock / not_for_sale)."""
    if draft.status not in ("unpaid", "pending"):
        raise Refusal("invalid_status", 422)
    if draft.order_id is not None and load_or_none(db, draft.order_id) is not None:
        raise Refusal("order_exists", 409)
    _check_stock(db, draft.lines)
    order_id = _insert(db, draft)
    for line in draft.lines:
        sku = db.execute("SELECT * FROM skus WHERE sku_id = ?", (line.sku["sku_id"],)).fetchone()
        listings.move_stock(db, sku["sku_id"], 0, line.qty)
        listings.touch(db, sku["item_id"], now * 1000)
        push.shallow_stock(db, limits, sku["sku_id"], listings.sellable(sku), now)
    push.order_status(db, draft.seller_id, order_id, draft.status, now)
    total = sum(line.price * line.qty for line in draft.lines)
    return {"order_id": order_id, "status": draft.status, "price": total}


def load_or_none(db: sqlite3.Connection, order_id: int) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM orders WHERE order_id = ?", (order_id,)).fetchone()


def load(db: sqlite3.Connection, order_id: int) -> sqlite3.Row:
    row = load_or_none(db, order_id)
    if row is None:
        raise Refusal("not_found", 404)
    return row


def _units(db: sqlite3.Connection, order_id: int) -> dict[tuple[int, int], int]:
    units: dict[tuple[int, int], int] = {}
    for item in db.execute("SELECT * FROM order_items WHERE order_id = ?", (order_id,)):
        key = (item["item_id"], item["sku_id"])
        units[key] = units.get(key, 0) + 1
    return units


def _stock_moves(db: sqlite3.Connection, order: sqlite3.Row, status: str, now: int) -> None:
    """Deduct at ready_to_ship; on cancel, release the withhold or return deducted units."""
    if not order["stock_taken"]:
        return
    deducted = order["status"] in _DEDUCTED
    if status == "ready_to_ship":
        moves = (-1, -1)
    elif status == "canceled":
        moves = (1, 0) if deducted else (0, -1)
    else:
        return
    for (item_id, sku_id), qty in _units(db, order["order_id"]).items():
        listings.move_stock(db, sku_id, moves[0] * qty, moves[1] * qty)
        listings.touch(db, item_id, now * 1000)


def transition(db: sqlite3.Connection, order_id: int, status: str, now: int) -> dict[str, Any]:
    """Move an order one legal step (409 for an illegal move); every item follows."""
    order = load(db, order_id)
    if status not in TRANSITIONS.get(order["status"], frozenset()):
        raise Refusal("illegal_transition", 409)
    _stock_moves(db, order, status, now)
    reason = "Change of mind" if status == "canceled" else ""
    db.execute(
        "UPDATE orders SET status = ?, updated_at = ? WHERE order_id = ?", (status, now, order_id)
    )
    db.execute(
        "UPDATE order_items SET status = ?, updated_at = ?, reason = ? WHERE order_id = ?",
        (status, now, reason, order_id),
    )
    push.order_status(db, order["seller_id"], order_id, status, now)
    return {"order_id": order_id, "status": status}


def bulk(db: sqlite3.Connection, seller_id: int, request: Bulk) -> int:
    """One-unit synthetic orders as the request spreads them; they never touch stock."""
    if request.status not in STATUSES:
        raise Refusal("invalid_status", 422)
    lines = {sku: resolve(db, seller_id, sku, 1, request.window[0]) for sku in request.skus}
    drafts = (
        Draft(seller_id, [lines[sku]], request.status, buyer, when, False)
        for _, sku, when, buyer in request.spread()
    )
    for draft in drafts:
        _insert(db, draft)
    return request.count
