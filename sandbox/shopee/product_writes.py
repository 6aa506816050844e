"""Listing mutations: add_item, update_item (partial), unlist_item, delete_item."""

from __future__ import annotations

from typing import Any

from sandbox.shopee import items, validation
from sandbox.shopee.context import Call, body_int, body_list
from sandbox.shopee.envelope import ApiError
from sandbox.shopee.item_views import echo

_UNLISTABLE = ("NORMAL", "UNLIST")


def add_item(call: Call) -> dict[str, Any]:
    fields = validation.validate(call, creating=True)
    if items.count_items(call.db, call.shop_id) >= call.limits.item_count_max:
        raise ApiError("error_reach_shop_item_limit", "The shop has reached its item limit.")
    fields.values.setdefault("stock", 0)
    item_id = items.insert_item(call.db, call.shop_id, fields.values, fields.more, call.now)
    return echo(items.load_item(call.db, call.shop_id, item_id), call.limits)


def update_item(call: Call) -> dict[str, Any]:
    item_id = body_int(call.body, "item_id", module="product.")
    row = items.load_item(call.db, call.shop_id, item_id)
    fields = validation.validate(call, creating=False)
    if row["has_model"] and "price" in fields.values:
        raise ApiError(
            "error_edit_item_price_for_item_has_model",
            "Can't edit item price directly while item has models.",
        )
    if row["has_model"] and "stock" in fields.values:
        raise ApiError("error_param", "Can't edit item stock directly while item has models.")
    items.save_item(call.db, row, fields.values, fields.more, call.now)
    return echo(items.load_item(call.db, call.shop_id, item_id), call.limits)


def delete_item(call: Call) -> dict[str, Any]:
    item_id = body_int(call.body, "item_id", module="product.")
    row = items.load_item(call.db, call.shop_id, item_id)
    items.save_item(call.db, row, {"item_status": "SELLER_DELETE"}, {}, call.now)
    return {}


def _unlist_one(call: Call, entry: Any) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(success, failure) for one {item_id, unlist} entry."""
    item_id = entry.get("item_id") if isinstance(entry, dict) else None
    unlist = entry.get("unlist") if isinstance(entry, dict) else None
    if not isinstance(item_id, int) or isinstance(item_id, bool) or not isinstance(unlist, bool):
        return None, {"item_id": item_id, "failed_reason": "item_id and unlist are required."}
    try:
        row = items.load_item(call.db, call.shop_id, item_id)
    except ApiError as error:
        return None, {"item_id": item_id, "failed_reason": error.message}
    if row["item_status"] not in _UNLISTABLE:
        reason = f"Item status {row['item_status']} can not be unlisted or listed."
        return None, {"item_id": item_id, "failed_reason": reason}
    status = "UNLIST" if unlist else "NORMAL"
    items.save_item(call.db, row, {"item_status": status}, {}, call.now)
    return {"item_id": item_id, "unlist": unlist}, None


def unlist_item(call: Call) -> dict[str, Any]:
    entries = body_list(call.body, "item_list", low=1, high=call.limits.batch_max)
    ids = [e.get("item_id") for e in entries if isinstance(e, dict)]
    if len(ids) != len(set(ids)):
        raise ApiError("error_param", "Repeat item_id.")
    success, failure = [], []
    for entry in entries:
        ok, failed = _unlist_one(call, entry)
        if ok is not None:
            success.append(ok)
        if failed is not None:
            failure.append(failed)
    return {"success_list": success, "failure_list": failure}
