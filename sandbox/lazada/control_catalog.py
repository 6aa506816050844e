"""Lazada's product and order calls of the control API: the seller centre and the buyers."""

from __future__ import annotations

import sqlite3
from typing import Any

from fastapi import APIRouter, Body

from sandbox.common.refusal import Refusal, bulk_request, optional_int, wanted_lines, whole
from sandbox.lazada import accounts, listings, order_book, reference
from sandbox.lazada.order_views import item_view, order_view
from sandbox.lazada.product_views import control_view
from sandbox.lazada.state import Sandbox

Payload = dict[str, Any] | None
_BULK_MAX = 1_000_000
_BUYERS = ("nguyenthimai88", "tranvanhung", "lethuha.hn", "phamminhtuan", "vothanhtam")
_SKU_FIELDS = {"price": 1, "special_price": 1, "quantity": 0}


def _seller(db: sqlite3.Connection, seller_id: int) -> None:
    if accounts.seller_row(db, seller_id) is None:
        raise Refusal("unknown_shop", 404)


def _product(db: sqlite3.Connection, seller_id: int, item_id: int) -> dict[str, Any]:
    product = listings.load_product(db, seller_id, item_id)
    if product is None:
        raise Refusal("unknown_item", 404)
    return control_view(product, listings.skus_of(db, item_id))


def _listings(db: sqlite3.Connection, seller_id: int) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT * FROM products WHERE seller_id = ? ORDER BY item_id", (seller_id,)
    ).fetchall()
    skus = listings.skus_by_item(db, [row["item_id"] for row in rows])
    return [control_view(row, skus[row["item_id"]]) for row in rows]


def _seed_sku(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or not isinstance(raw.get("seller_sku"), str):
        raise Refusal("invalid_skus", 422)
    values: dict[str, Any] = {"seller_sku": raw["seller_sku"]}
    values["price"] = whole(raw.get("price"), "price", 1)
    values["quantity"] = whole(raw.get("quantity", 0), "quantity")
    if raw.get("special_price") is not None:
        values["special_price"] = whole(raw["special_price"], "special_price", 1)
    values["sku_id"] = optional_int(raw, "sku_id")
    return values


def _check_free(
    db: sqlite3.Connection, seller_id: int, item_id: int | None, skus: list[Any]
) -> None:
    """Seeded ids and SellerSkus must be new (409 already_exists)."""
    clashes = [listings.sku_by_seller_sku(db, seller_id, s["seller_sku"]) for s in skus]
    clashes += [
        db.execute("SELECT 1 FROM skus WHERE sku_id = ?", (s["sku_id"],)).fetchone()
        for s in skus
        if s["sku_id"]
    ]
    if item_id:
        clashes.append(
            db.execute("SELECT 1 FROM products WHERE item_id = ?", (item_id,)).fetchone()
        )
    if any(clash is not None for clash in clashes):
        raise Refusal("already_exists", 409)


def seed_item(sandbox: Sandbox, seller_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """A product made in the seller centre, with chosen ids if wanted (fixtures, test vectors)."""
    skus = body.get("skus")
    if not isinstance(skus, list) or not skus:
        raise Refusal("invalid_skus", 422)
    entries = [_seed_sku(raw) for raw in skus]
    category = whole(body.get("primary_category", 10000211), "primary_category")
    if not reference.is_leaf(category):
        raise Refusal("invalid_primary_category", 422)
    item_id = optional_int(body, "item_id")
    values = {
        "item_id": item_id,
        "primary_category": category,
        "status": "Active",
        "attributes": {"name": str(body.get("name") or "Sản phẩm OCOP"), "brand": "No Brand"},
    }
    with sandbox.store.transaction() as db:
        _seller(db, seller_id)
        _check_free(db, seller_id, item_id, entries)
        item_id = listings.insert_product(db, seller_id, values, sandbox.clock.now_ms())
        product = db.execute("SELECT * FROM products WHERE item_id = ?", (item_id,)).fetchone()
        for entry in entries:
            listings.insert_sku(db, product, entry)
        return _product(db, seller_id, item_id)


def _edit_sku(db: sqlite3.Connection, item_id: int, body: dict[str, Any]) -> None:
    changes = {k: whole(body[k], k, low) for k, low in _SKU_FIELDS.items() if k in body}
    if "sku_status" in body:
        if body["sku_status"] not in listings.SKU_STATUSES:
            raise Refusal("invalid_sku_status", 422)
        changes["status"] = body["sku_status"]
    if not changes:
        return
    skus = listings.skus_of(db, item_id, deleted=True)
    sku_id = optional_int(body, "sku_id") or (skus[0]["sku_id"] if len(skus) == 1 else None)
    sku = next((s for s in skus if s["sku_id"] == sku_id), None)
    if sku is None:
        raise Refusal("unknown_sku", 404)
    listings.update_sku(db, sku, changes)


def _edit(
    db: sqlite3.Connection, seller_id: int, item_id: int, body: dict[str, Any], now_ms: int
) -> dict[str, Any]:
    """A seller-centre edit (drift): no marketplace validation beyond types; bumps updated_time."""
    product = listings.load_product(db, seller_id, item_id)
    if product is None:
        raise Refusal("unknown_item", 404)
    _edit_sku(db, item_id, body)
    changes: dict[str, Any] = {}
    if "name" in body:
        if not isinstance(body["name"], str) or not body["name"]:
            raise Refusal("invalid_name", 422)
        changes["attributes"] = {"name": body["name"]}
    if "status" in body:
        if body["status"] not in listings.PRODUCT_STATUSES:
            raise Refusal("invalid_status", 422)
        changes["status"] = body["status"]
    listings.update_product(db, product, changes, now_ms)
    return _product(db, seller_id, item_id)


def shop_items(sandbox: Sandbox, seller_id: int) -> dict[str, Any]:
    with sandbox.store.transaction() as db:
        _seller(db, seller_id)
        return {"items": _listings(db, seller_id)}


def edit_item(
    sandbox: Sandbox, seller_id: int, item_id: int, body: dict[str, Any]
) -> dict[str, Any]:
    with sandbox.store.transaction() as db:
        return _edit(db, seller_id, item_id, body, sandbox.clock.now_ms())


def place_order(sandbox: Sandbox, seller_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """A buyer's order by SellerSku: `lines: [{seller_sku (or sku), qty}]`."""
    now = sandbox.clock.now()
    wanted = wanted_lines(body, "seller_sku", "sku")
    status = body.get("status") or "pending"
    buyer = body.get("buyer") or _BUYERS[now % len(_BUYERS)]
    created = whole(body.get("created_at", body.get("create_time", now)), "created_at")
    if not isinstance(buyer, str) or not isinstance(status, str):
        raise Refusal("invalid_buyer", 422)
    with sandbox.store.transaction() as db:
        _seller(db, seller_id)
        lines = [order_book.resolve(db, seller_id, sku, qty, now) for sku, qty in wanted]
        draft = order_book.Draft(
            seller_id, lines, status, buyer, created, True, optional_int(body, "order_id")
        )
        return order_book.place(db, sandbox.limits, draft, now)


def bulk_orders(sandbox: Sandbox, seller_id: int, body: dict[str, Any]) -> dict[str, Any]:
    request = bulk_request(body, _BULK_MAX, "pending")
    with sandbox.store.transaction() as db:
        _seller(db, seller_id)
        return {"created": order_book.bulk(db, seller_id, request)}


def _order_id(raw: str) -> int:
    if not raw.isdigit():
        raise Refusal("not_found", 404)
    return int(raw)


def move_order(sandbox: Sandbox, order: str, body: dict[str, Any]) -> dict[str, Any]:
    status = body.get("status")
    if not isinstance(status, str):
        raise Refusal("invalid_status", 422)
    with sandbox.store.transaction() as db:
        return order_book.transition(db, _order_id(order), status, sandbox.clock.now())


def show_order(sandbox: Sandbox, order: str) -> dict[str, Any]:
    with sandbox.store.transaction() as db:
        row = order_book.load(db, _order_id(order))
        items = listings_of_order(db, row["order_id"])
    return {
        "seller_id": row["seller_id"],
        "status": row["status"],
        **order_view(row, items),
        "items": [item_view(i, row["created_at"]) for i in items],
    }


def listings_of_order(db: sqlite3.Connection, order_id: int) -> list[sqlite3.Row]:
    return db.execute(
        "SELECT * FROM order_items WHERE order_id = ? ORDER BY order_item_id", (order_id,)
    ).fetchall()


def add_routes(router: APIRouter, sandbox: Sandbox) -> None:
    """Lazada-only: a product made in the seller centre, with chosen ids if wanted."""

    @router.post("/shops/{seller_id}/items")
    def new_item(seller_id: int, payload: Payload = Body(None)) -> dict[str, Any]:
        return seed_item(sandbox, seller_id, payload or {})
