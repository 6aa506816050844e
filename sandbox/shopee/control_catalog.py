"""Shopee's listing and order calls of the control API: the seller centre and the buyers."""

from __future__ import annotations

import sqlite3
from typing import Any

from sandbox.common.refusal import Refusal, bulk_request, wanted_lines, whole
from sandbox.shopee import accounts, items, order_book, order_views
from sandbox.shopee.item_views import control_view
from sandbox.shopee.state import Sandbox

_BULK_MAX = 1_000_000
_BUYERS = ("nguyenthimai88", "tranvanhung", "lethuha.hn", "phamminhtuan", "vothanhtam")


def _shop(db: sqlite3.Connection, shop_id: int) -> None:
    if accounts.shop_row(db, shop_id) is None:
        raise Refusal("unknown_shop", 404)


def _listings(db: sqlite3.Connection, shop_id: int) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT * FROM items WHERE shop_id = ? ORDER BY item_id", (shop_id,)
    ).fetchall()
    models: dict[int, list[sqlite3.Row]] = {}
    for model in db.execute("SELECT * FROM models WHERE shop_id = ? ORDER BY model_id", (shop_id,)):
        models.setdefault(model["item_id"], []).append(model)
    return [control_view(row, models.get(row["item_id"], [])) for row in rows]


def _edit(
    db: sqlite3.Connection, shop_id: int, item_id: int, body: dict[str, Any], now: int
) -> dict[str, Any]:
    """A seller-centre edit: no marketplace validation beyond types; bumps update_time."""
    row = db.execute(
        "SELECT * FROM items WHERE item_id = ? AND shop_id = ?", (item_id, shop_id)
    ).fetchone()
    if row is None:
        raise Refusal("unknown_item", 404)
    model_id = whole(body.get("model_id") or 0, "model_id")
    if model_id and model_id not in {m["model_id"] for m in items.models_of(db, item_id)}:
        raise Refusal("unknown_model", 404)
    wants_numbers = "price" in body or "stock" in body
    if wants_numbers and row["has_model"] and not model_id:
        raise Refusal("item_has_models", 409)
    for key, low in (("price", 1), ("stock", 0)):
        if key in body:
            items.set_price_stock(db, item_id, model_id, key, whole(body[key], key, low))
    items.save_item(db, row, _item_fields(body), {}, now)
    fresh = db.execute("SELECT * FROM items WHERE item_id = ?", (item_id,)).fetchone()
    return control_view(fresh, items.models_of(db, item_id))


def _item_fields(body: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if "item_name" in body:
        if not isinstance(body["item_name"], str) or not body["item_name"]:
            raise Refusal("invalid_item_name", 422)
        fields["item_name"] = body["item_name"]
    if "item_status" in body:
        if body["item_status"] not in items.ITEM_STATUSES:
            raise Refusal("invalid_item_status", 422)
        fields["item_status"] = body["item_status"]
    return fields


def shop_items(sandbox: Sandbox, shop_id: int) -> dict[str, Any]:
    with sandbox.store.transaction() as db:
        _shop(db, shop_id)
        return {"items": _listings(db, shop_id)}


def edit_item(sandbox: Sandbox, shop_id: int, item_id: int, body: dict[str, Any]) -> dict[str, Any]:
    with sandbox.store.transaction() as db:
        return _edit(db, shop_id, item_id, body, sandbox.clock.now())


def place_order(sandbox: Sandbox, shop_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """A buyer's order by seller SKU (item_sku or model_sku)."""
    now = sandbox.clock.now()
    wanted = wanted_lines(body, "sku")
    status = body.get("status") or "READY_TO_SHIP"
    buyer = body.get("buyer") or _BUYERS[now % len(_BUYERS)]
    create_time = whole(body.get("create_time", now), "create_time")
    if not isinstance(buyer, str):
        raise Refusal("invalid_buyer", 422)
    with sandbox.store.transaction() as db:
        _shop(db, shop_id)
        return order_book.place(db, shop_id, wanted, status, buyer, create_time, now)


def bulk_orders(sandbox: Sandbox, shop_id: int, body: dict[str, Any]) -> dict[str, Any]:
    request = bulk_request(body, _BULK_MAX, "READY_TO_SHIP")
    with sandbox.store.transaction() as db:
        _shop(db, shop_id)
        created = order_book.bulk(db, shop_id, request)
    return {"created": created}


def move_order(sandbox: Sandbox, order_sn: str, body: dict[str, Any]) -> dict[str, Any]:
    status = body.get("status")
    if not isinstance(status, str):
        raise Refusal("invalid_status", 422)
    with sandbox.store.transaction() as db:
        return order_book.transition(db, order_sn, status, sandbox.clock.now())


def show_order(sandbox: Sandbox, order_sn: str) -> dict[str, Any]:
    with sandbox.store.transaction() as db:
        row = order_book.load(db, order_sn)
        lines = db.execute(
            "SELECT * FROM order_lines WHERE order_sn = ? ORDER BY line_no", (order_sn,)
        ).fetchall()
    every = set(order_views.OPTIONAL)
    return {
        "shop_id": row["shop_id"],
        **order_views.order_view(row, lines, every, sandbox.limits),
    }
