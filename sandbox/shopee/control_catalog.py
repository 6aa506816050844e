"""Control routes that act on listings and orders: the seller centre and the buyers."""

from __future__ import annotations

import sqlite3
from typing import Any

from fastapi import APIRouter, Body

from sandbox.shopee import accounts, items, order_book, order_views
from sandbox.shopee.envelope import Refusal
from sandbox.shopee.item_views import control_view
from sandbox.shopee.state import Sandbox

Payload = dict[str, Any] | None
_BULK_MAX = 1_000_000
_BUYERS = ("nguyenthimai88", "tranvanhung", "lethuha.hn", "phamminhtuan", "vothanhtam")


def _shop(db: sqlite3.Connection, shop_id: int) -> None:
    if accounts.shop_row(db, shop_id) is None:
        raise Refusal("unknown_shop", 404)


def _whole(value: Any, key: str, low: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise Refusal(f"invalid_{key}", 422)
    return value


def list_items(db: sqlite3.Connection, shop_id: int) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT * FROM items WHERE shop_id = ? ORDER BY item_id", (shop_id,)
    ).fetchall()
    models: dict[int, list[sqlite3.Row]] = {}
    for model in db.execute("SELECT * FROM models WHERE shop_id = ? ORDER BY model_id", (shop_id,)):
        models.setdefault(model["item_id"], []).append(model)
    return [control_view(row, models.get(row["item_id"], [])) for row in rows]


def edit_item(
    db: sqlite3.Connection, shop_id: int, item_id: int, body: dict[str, Any], now: int
) -> dict[str, Any]:
    """A seller-centre edit: no marketplace validation beyond types; bumps update_time."""
    row = db.execute(
        "SELECT * FROM items WHERE item_id = ? AND shop_id = ?", (item_id, shop_id)
    ).fetchone()
    if row is None:
        raise Refusal("unknown_item", 404)
    model_id = _whole(body.get("model_id") or 0, "model_id")
    if model_id and model_id not in {m["model_id"] for m in items.models_of(db, item_id)}:
        raise Refusal("unknown_model", 404)
    wants_numbers = "price" in body or "stock" in body
    if wants_numbers and row["has_model"] and not model_id:
        raise Refusal("item_has_models", 409)
    for key, low in (("price", 1), ("stock", 0)):
        if key in body:
            items.set_price_stock(db, item_id, model_id, key, _whole(body[key], key, low))
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


def _wanted_lines(body: dict[str, Any]) -> list[tuple[str, int]]:
    lines = body.get("lines")
    if not isinstance(lines, list) or not lines:
        raise Refusal("invalid_lines", 422)
    wanted = []
    for line in lines:
        if not isinstance(line, dict) or not isinstance(line.get("sku"), str):
            raise Refusal("invalid_lines", 422)
        wanted.append((line["sku"], _whole(line.get("qty"), "qty", 1)))
    return wanted


def place_order(sandbox: Sandbox, shop_id: int, body: dict[str, Any]) -> dict[str, Any]:
    now = sandbox.clock.now()
    wanted = _wanted_lines(body)
    status = body.get("status") or "READY_TO_SHIP"
    buyer = body.get("buyer") or _BUYERS[now % len(_BUYERS)]
    create_time = _whole(body.get("create_time", now), "create_time")
    if not isinstance(buyer, str):
        raise Refusal("invalid_buyer", 422)
    with sandbox.store.transaction() as db:
        _shop(db, shop_id)
        return order_book.place(db, shop_id, wanted, status, buyer, create_time, now)


def bulk_orders(sandbox: Sandbox, shop_id: int, body: dict[str, Any]) -> dict[str, Any]:
    count = _whole(body.get("count"), "count")
    if count > _BULK_MAX:
        raise Refusal("invalid_count", 422)
    skus = body.get("skus")
    if not isinstance(skus, list) or not skus or not all(isinstance(s, str) for s in skus):
        raise Refusal("invalid_skus", 422)
    low, high = _whole(body.get("time_from"), "time_from"), _whole(body.get("time_to"), "time_to")
    if high < low:
        raise Refusal("invalid_window", 422)
    status = body.get("status") or "READY_TO_SHIP"
    with sandbox.store.transaction() as db:
        _shop(db, shop_id)
        created = order_book.bulk(db, shop_id, count, skus, (low, high), str(status))
    return {"created": created}


def show_order(sandbox: Sandbox, order_sn: str) -> dict[str, Any]:
    with sandbox.store.transaction() as db:
        order = order_book.load(db, order_sn)
        lines = db.execute(
            "SELECT * FROM order_lines WHERE order_sn = ? ORDER BY line_no", (order_sn,)
        ).fetchall()
    every = set(order_views.OPTIONAL)
    return {
        "shop_id": order["shop_id"],
        **order_views.order_view(order, lines, every, sandbox.limits),
    }


def add_routes(router: APIRouter, sandbox: Sandbox) -> None:
    @router.get("/shops/{shop_id}/items")
    def shop_items(shop_id: int) -> dict[str, Any]:
        with sandbox.store.transaction() as db:
            _shop(db, shop_id)
            return {"items": list_items(db, shop_id)}

    @router.post("/shops/{shop_id}/items/{item_id}/edit")
    def edit(shop_id: int, item_id: int, payload: Payload = Body(None)) -> dict[str, Any]:
        with sandbox.store.transaction() as db:
            return edit_item(db, shop_id, item_id, payload or {}, sandbox.clock.now())

    @router.post("/shops/{shop_id}/orders")
    def new_order(shop_id: int, payload: Payload = Body(None)) -> dict[str, Any]:
        return place_order(sandbox, shop_id, payload or {})

    @router.post("/shops/{shop_id}/orders/bulk")
    def new_orders(shop_id: int, payload: Payload = Body(None)) -> dict[str, Any]:
        return bulk_orders(sandbox, shop_id, payload or {})

    @router.post("/orders/{order_sn}/status")
    def move_order(order_sn: str, payload: Payload = Body(None)) -> dict[str, Any]:
        status = (payload or {}).get("status")
        if not isinstance(status, str):
            raise Refusal("invalid_status", 422)
        with sandbox.store.transaction() as db:
            return order_book.transition(db, order_sn, status, sandbox.clock.now())

    @router.get("/orders/{order_sn}")
    def order(order_sn: str) -> dict[str, Any]:
        return show_order(sandbox, order_sn)
