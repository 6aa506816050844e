"""Product reads: /products/get (filters, time windows, offset pages) and /product/item/get.

Pages are ordered by (updated_time, item_id) ascending, so scrolling an `update_after` window
never skips a product that changes meanwhile; `*_after`/`*_before` bounds are inclusive.
"""

from __future__ import annotations

import json
from typing import Any

from sandbox.lazada import listings
from sandbox.lazada.context import Call, page_window
from sandbox.lazada.envelope import ApiError, business
from sandbox.lazada.product_views import product_view, variation
from sandbox.lazada.times import parse_iso

_FILTERS = {
    "all": "status != 'Deleted'",
    "live": "status = 'Active' AND EXISTS (SELECT 1 FROM skus s WHERE s.item_id = products.item_id "
    "AND s.status = 'active')",
    "inactive": "status = 'InActive'",
    "deleted": "status = 'Deleted'",
    "pending": "status = 'Pending QC'",
    "rejected": "status = 'Rejected'",
    "sold-out": "status = 'Active' AND NOT EXISTS (SELECT 1 FROM skus s WHERE "
    "s.item_id = products.item_id AND s.status = 'active' AND s.quantity > s.withhold)",
    "image-missing": "status != 'Deleted' AND images = '[]'",
}
_WINDOWS = (
    ("create_after", "created_ms >= ?"),
    ("create_before", "created_ms <= ?"),
    ("update_after", "updated_ms >= ?"),
    ("update_before", "updated_ms <= ?"),
)
_BY_SKU = "SELECT item_id FROM skus WHERE seller_id = ? AND status != 'deleted' AND seller_sku IN ("


def _page(call: Call) -> tuple[int, int]:
    reads = call.limits.products
    return page_window(call, 20, reads.limit_max, reads.offset_max)


def _sku_filter(call: Call) -> list[str]:
    raw = call.params.get("sku_seller_list")
    if raw is None:
        return []
    try:
        skus = json.loads(raw)
    except ValueError:
        raise business(70, "Corrupt sku seller list") from None
    ok = isinstance(skus, list) and all(isinstance(s, str) for s in skus)
    if not ok or len(skus) > call.limits.products.sku_filter_max:
        raise business(70, "Corrupt sku seller list")
    return skus


def _where(call: Call) -> tuple[str, list[Any]]:
    name = call.params.get("filter") or "all"
    if name not in _FILTERS:
        raise business(36, "Invalid status filter")
    sql, args = f"seller_id = ? AND {_FILTERS[name]}", list[Any]([call.seller_id])
    for param, clause in _WINDOWS:
        raw = call.params.get(param)
        if raw is not None:
            sql, args = f"{sql} AND {clause}", [*args, parse_iso(raw) * 1000]
    skus = _sku_filter(call)
    if skus:
        marks = ",".join("?" * len(skus))
        sql += f" AND item_id IN ({_BY_SKU}{marks}))"
        args = [*args, call.seller_id, *skus]
    return sql, args


def get_products(call: Call) -> dict[str, Any]:
    limit, offset = _page(call)
    where, args = _where(call)
    total = call.db.execute(f"SELECT COUNT(*) FROM products WHERE {where}", args).fetchone()[0]  # noqa: S608
    rows = call.db.execute(
        f"SELECT * FROM products WHERE {where} "  # noqa: S608 - fixed clauses
        "ORDER BY updated_ms, item_id LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    skus = listings.skus_by_item(call.db, [row["item_id"] for row in rows])
    options = call.params.get("options") == "1"
    return {
        "total_products": int(total),
        "products": [product_view(row, skus[row["item_id"]], options) for row in rows],
    }


def get_item(call: Call) -> dict[str, Any]:
    raw = call.params.get("item_id")
    if raw is None:
        raise ApiError("1", "E001: Parameter item_id is mandatory")
    product = listings.load_product(call.db, call.seller_id, int(raw)) if raw.isdigit() else None
    if product is None:
        raise business(506, "Get product failed: the item does not exist")
    skus = listings.skus_of(call.db, product["item_id"])
    return {**product_view(product, skus, True), "variation": variation(skus)}
