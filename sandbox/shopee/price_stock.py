"""update_price and update_stock: 1..50 entries each, with partial success.

A request-level problem (shape, length, a repeated model_id) is an error envelope; a problem with
one entry (an unknown model_id, a price out of range or with decimals, a bad stock) lands in
`failure_list` while the good entries are applied and listed in `success_list`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from sandbox.shopee import items
from sandbox.shopee.context import Call, body_int, body_list, is_int
from sandbox.shopee.envelope import ApiError, bad_param
from sandbox.shopee.validation import check_price, check_stock_entries

Apply = Callable[[int, dict[str, Any]], dict[str, Any]]


def _model_ids(entries: list[Any]) -> list[int]:
    ids = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise bad_param("each entry should be an object")
        model_id = entry.get("model_id") or 0
        if not is_int(model_id):
            raise bad_param("model_id should be an integer")
        ids.append(model_id)
    if len(ids) != len(set(ids)):
        raise ApiError("error_param", "Repeat model_id.")
    return ids


def _valid_ids(call: Call, row: sqlite3.Row) -> set[int]:
    if not row["has_model"]:
        return {0}
    return {m["model_id"] for m in items.models_of(call.db, row["item_id"])}


def _run(call: Call, list_name: str, apply: Apply) -> dict[str, Any]:
    item_id = body_int(call.body, "item_id", module="product.")
    row = items.load_item(call.db, call.shop_id, item_id)
    entries = body_list(call.body, list_name, low=1, high=call.limits.batch_max)
    ids = _model_ids(entries)
    if list_name == "price_list" and row["has_model"] and 0 in ids:
        raise ApiError(
            "error_edit_item_price_for_item_has_model",
            "Can't edit item price directly while item has models.",
        )
    valid = _valid_ids(call, row)
    success, failure = [], []
    for model_id, entry in zip(ids, entries, strict=True):
        try:
            if model_id not in valid:
                raise ApiError("error_param", "Wrong model_id.")
            success.append(apply(model_id, entry))
        except ApiError as error:
            failure.append({"model_id": model_id, "failed_reason": error.message})
    if success:
        items.touch(call.db, item_id, call.now)
    return {"success_list": success, "failure_list": failure}


def update_price(call: Call) -> dict[str, Any]:
    item_id = call.body.get("item_id")

    def apply(model_id: int, entry: dict[str, Any]) -> dict[str, Any]:
        price = check_price(entry.get("original_price"), call.limits)
        items.set_price_stock(call.db, int(item_id or 0), model_id, "price", price)
        return {"model_id": model_id, "original_price": price}

    return _run(call, "price_list", apply)


def update_stock(call: Call) -> dict[str, Any]:
    item_id = call.body.get("item_id")

    def apply(model_id: int, entry: dict[str, Any]) -> dict[str, Any]:
        stock = check_stock_entries(entry.get("seller_stock"), call.limits)
        items.set_price_stock(call.db, int(item_id or 0), model_id, "stock", stock)
        return {"model_id": model_id, "stock": stock}

    return _run(call, "stock_list", apply)
