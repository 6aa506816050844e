"""Order reads: /orders/get (time windows, offset pages), /order/get, /order/items/get and
/orders/items/get (up to 50 ids written `[1,2]`)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sandbox.common.store import grouped, select_in
from sandbox.lazada.context import Call, page_window
from sandbox.lazada.envelope import ApiError, business, missing, numbered
from sandbox.lazada.order_book import STATUSES
from sandbox.lazada.order_views import item_view, order_view
from sandbox.lazada.times import parse_iso

_ALIASES = {
    "topack": ("pending",),
    "toship": ("packed", "ready_to_ship"),
    "shipping": ("shipped",),
    "repacked": ("pending",),
}
_NEWER = (
    "lost",
    "lost_by_3pl",
    "damaged_by_3pl",
    "failed_delivery",
    "shipped_back",
    "shipped_back_success",
    "shipped_back_failed",
    "package_scrapped",
)
_WINDOWS = (
    ("created_after", "created_at >= ?"),
    ("created_before", "created_at <= ?"),
    ("update_after", "updated_at >= ?"),
    ("update_before", "updated_at <= ?"),
)
_SORT = {"created_at": "created_at", "updated_at": "updated_at"}
INVALID_ORDER = numbered(16, "Invalid Order ID")


def _statuses(call: Call) -> tuple[str, ...] | None:
    status = call.params.get("status")
    if status is None:
        return None
    if status in STATUSES:
        return (status,)
    if status in _ALIASES or status in _NEWER:
        return _ALIASES.get(status, (status,))
    raise business(36, "Invalid status filter")


def _where(call: Call) -> tuple[str, list[Any]]:
    if call.params.get("created_after") is None and call.params.get("update_after") is None:
        raise ApiError("1", "E001: Parameter created_after or update_after is mandatory")
    sql, args = "seller_id = ?", list[Any]([call.seller_id])
    for param, clause in _WINDOWS:
        raw = call.params.get(param)
        if raw is not None:
            sql, args = f"{sql} AND {clause}", [*args, parse_iso(raw)]
    statuses = _statuses(call)
    if statuses is not None:
        sql += f" AND status IN ({','.join('?' * len(statuses))})"
        args += list(statuses)
    return sql, args


def _order_by(call: Call) -> str:
    field = call.params.get("sort_by") or "created_at"
    direction = (call.params.get("sort_direction") or "DESC").upper()
    if field not in _SORT:
        raise business(75, "Invalid sort field")
    if direction not in ("ASC", "DESC"):
        raise business(74, "Invalid sort direction")
    return f"{_SORT[field]} {direction}, order_id {direction}"


def _page(call: Call) -> tuple[int, int]:
    reads = call.limits.orders
    return page_window(call, reads.limit_max, reads.limit_max, reads.offset_max)


def _items(call: Call, order_ids: list[int]) -> dict[int, list[sqlite3.Row]]:
    rows = select_in(call.db, "order_items", "order_id", order_ids, order_by="order_item_id")
    return grouped(rows, "order_id", order_ids)


def get_orders(call: Call) -> dict[str, Any]:
    where, args = _where(call)
    order_by = _order_by(call)
    limit, offset = _page(call)
    total = call.db.execute(f"SELECT COUNT(*) FROM orders WHERE {where}", args).fetchone()[0]  # noqa: S608
    rows = call.db.execute(
        f"SELECT * FROM orders WHERE {where} ORDER BY {order_by} LIMIT ? OFFSET ?",  # noqa: S608
        [*args, limit, offset],
    ).fetchall()
    items = _items(call, [row["order_id"] for row in rows])
    orders = [order_view(row, items[row["order_id"]]) for row in rows]
    return {"count": len(orders), "countTotal": int(total), "orders": orders}


def _order(call: Call) -> sqlite3.Row:
    raw = call.params.get("order_id")
    if raw is None:
        raise missing("order_id")
    row = None
    if raw.isdigit():
        row = call.db.execute(
            "SELECT * FROM orders WHERE order_id = ? AND seller_id = ?", (int(raw), call.seller_id)
        ).fetchone()
    if row is None:
        raise INVALID_ORDER()
    return row


def get_order(call: Call) -> dict[str, Any]:
    order = _order(call)
    return order_view(order, _items(call, [order["order_id"]])[order["order_id"]])


def get_order_items(call: Call) -> list[dict[str, Any]]:
    order = _order(call)
    rows = _items(call, [order["order_id"]])[order["order_id"]]
    return [item_view(row, order["created_at"]) for row in rows]


def _order_ids(call: Call) -> list[int]:
    raw = call.params.get("order_ids")
    if raw is None:
        raise missing("order_ids")
    text = raw.strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise business(56, "Invalid order ids format, use [1,2]")
    try:
        ids = json.loads(text)
    except ValueError:
        raise business(37, "Invalid order id") from None
    if not ids or not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ids):
        raise business(37, "Invalid order id")
    if len(ids) > call.limits.orders.ids_max:
        raise business(38, f"Too many order ids, at most {call.limits.orders.ids_max}")
    return list(dict.fromkeys(ids))


def get_multiple_order_items(call: Call) -> list[dict[str, Any]]:
    ids = _order_ids(call)
    orders = select_in(call.db, "orders", "order_id", ids, where=("seller_id", call.seller_id))
    if not orders:
        raise business(39, "No order items found")
    items = _items(call, [o["order_id"] for o in orders])
    return [
        {
            "order_id": o["order_id"],
            "order_number": o["order_id"],
            "order_items": [item_view(i, o["created_at"]) for i in items[o["order_id"]]],
        }
        for o in sorted(orders, key=lambda row: ids.index(row["order_id"]))
    ]
