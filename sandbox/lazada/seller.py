"""Seller and category reads: /seller/get, /category/tree/get, /category/attributes/get,
/category/brands/query (the last three need no access token: authType 0)."""

from __future__ import annotations

from typing import Any

from sandbox.lazada import accounts, reference
from sandbox.lazada.context import Call, int_param
from sandbox.lazada.envelope import business, numbered


def get_seller(call: Call) -> dict[str, Any]:
    seller = accounts.seller_row(call.db, call.seller_id)
    assert seller is not None
    return {
        "name": seller["name"],
        "name_company": seller["name"],
        "seller_id": seller["seller_id"],
        "short_code": seller["short_code"],
        "email": seller["email"],
        "location": "Hà Nội",
        "verified": True,
        "status": seller["status"],
        "cb": False,
        "logo_url": "",
    }


def _english(call: Call) -> bool:
    return (call.params.get("language_code") or "vi_VN").lower().startswith("en")


def category_tree(call: Call) -> list[dict[str, Any]]:
    return reference.tree(_english(call))


def category_attributes(call: Call) -> list[dict[str, Any]]:
    raw = call.params.require("primary_category_id")
    if not raw.isdigit() or not reference.is_leaf(int(raw)):
        raise business(57, "Invalid primary category, use a leaf category")
    return reference.attributes()


def brands(call: Call) -> dict[str, Any]:
    error = numbered(19, "Invalid page size")
    start = int_param(call, "startRow", 0, error)
    size = int_param(call, "pageSize", 40, error)
    if start < 0 or not 1 <= size <= 200:
        raise error()
    page = reference.BRANDS[start : start + size]
    return {
        "module": [
            {"brand_id": b, "name": n, "name_en": n, "global_identifier": f"lzd-{b}"}
            for b, n in page
        ],
        "total_record": len(reference.BRANDS),
        "page_size": size,
        "start_row": start,
    }
