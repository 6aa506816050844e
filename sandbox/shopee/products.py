"""Listing reads: get_item_list (offset pages), get_item_base_info, get_model_list, limits."""

from __future__ import annotations

from typing import Any

from sandbox.common.store import select_in
from sandbox.shopee import items
from sandbox.shopee.context import Call, query_int
from sandbox.shopee.envelope import ApiError, bad_param
from sandbox.shopee.item_views import base_info, model_list


def _statuses(call: Call) -> list[str]:
    statuses = call.query.get_all("item_status")
    if not statuses or any(s not in items.ITEM_STATUSES for s in statuses):
        raise ApiError("error_param_item_status", "item_status is invalid, please check it.")
    return statuses


def _page_window(call: Call) -> tuple[int, int]:
    offset = query_int(call.query, "offset")
    page_size = query_int(call.query, "page_size")
    if offset < 0:
        raise bad_param("offset should not be negative")
    if not 1 <= page_size <= call.limits.page_size_max:
        raise bad_param(f"page_size should be between 1 and {call.limits.page_size_max}")
    if offset > call.limits.max_offset:
        raise ApiError("error_param", "get items offset over limit, please use the next field")
    return offset, page_size


def _time_filter(call: Call) -> tuple[str, list[int]]:
    low = query_int(call.query, "update_time_from", default=-1)
    high = query_int(call.query, "update_time_to", default=-1)
    if low >= 0 and high >= 0 and high < low:
        raise ApiError(
            "error_update_time_range", "update_time_to must be later than update_time_from."
        )
    sql, args = "", list[int]()
    if low >= 0:
        sql, args = sql + " AND update_time >= ?", [*args, low]
    if high >= 0:
        sql, args = sql + " AND update_time <= ?", [*args, high]
    return sql, args


def get_item_list(call: Call) -> dict[str, Any]:
    offset, page_size = _page_window(call)
    statuses = _statuses(call)
    time_sql, time_args = _time_filter(call)
    where = f"shop_id = ? AND item_status IN ({','.join('?' * len(statuses))}){time_sql}"
    args = [call.shop_id, *statuses, *time_args]
    total = call.db.execute(f"SELECT COUNT(*) FROM items WHERE {where}", args).fetchone()[0]  # noqa: S608
    rows = call.db.execute(
        f"SELECT item_id, item_status, update_time FROM items WHERE {where} "  # noqa: S608
        "ORDER BY update_time DESC, item_id DESC LIMIT ? OFFSET ?",
        [*args, page_size, offset],
    ).fetchall()
    next_offset = offset + len(rows)
    return {
        "item": [
            {
                "item_id": r["item_id"],
                "item_status": r["item_status"],
                "update_time": r["update_time"],
                "tag": {"kit": False},
            }
            for r in rows
        ],
        "total_count": total,
        "has_next_page": next_offset < total,
        "next_offset": next_offset,
    }


def _id_list(call: Call) -> list[int]:
    raw = ",".join(call.query.get_all("item_id_list"))
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not parts:
        raise bad_param("item_id_list is required")
    if len(parts) > call.limits.batch_max:
        raise bad_param(f"item_id_list size should be between 1 and {call.limits.batch_max}")
    if not all(p.isdigit() for p in parts):
        raise bad_param("item_id_list should be comma-separated integers")
    return list(dict.fromkeys(int(p) for p in parts))


def get_item_base_info(call: Call) -> dict[str, Any]:
    ids = _id_list(call)
    rows = select_in(call.db, "items", "item_id", ids, where=("shop_id", call.shop_id))
    if not rows:
        raise ApiError("error_item_not_found", "Item_id is not found.")
    by_id = {r["item_id"]: r for r in rows}
    models = items.models_by_item(call.db, list(by_id))
    ordered = [by_id[i] for i in ids if i in by_id]
    return {"item_list": [base_info(r, models[r["item_id"]], call.limits) for r in ordered]}


def get_model_list(call: Call) -> dict[str, Any]:
    item_id = query_int(call.query, "item_id")
    row = items.load_item(call.db, call.shop_id, item_id, deleted_ok=True)
    return model_list(row, items.models_of(call.db, item_id), call.limits)


def get_item_limit(call: Call) -> dict[str, Any]:
    limits = call.limits
    return {
        "price_limit": {"min_limit": limits.price_min, "max_limit": limits.price_max},
        "wholesale_price_threshold_percentage": {"min_limit": 1, "max_limit": 99},
        "stock_limit": {"min_limit": 0, "max_limit": limits.stock_max},
        "item_name_length_limit": {"min_limit": limits.name_min, "max_limit": limits.name_max},
        "item_image_count_limit": {"min_limit": 1, "max_limit": limits.image_max},
        "item_description_length_limit": {
            "min_limit": limits.description_min,
            "max_limit": limits.description_max,
        },
        "tier_variation_name_length_limit": {"min_limit": 1, "max_limit": 14},
        "tier_variation_option_length_limit": {"min_limit": 1, "max_limit": 20},
        "item_count_limit": {"max_limit": limits.item_count_max},
        "dts_limit": {"days_to_ship": 2, "min_limit": 1, "max_limit": 15},
        "weight_limit": {"min_limit": 0.01, "max_limit": 1000},
        "dimension_limit": {"min_limit": 1, "max_limit": 300},
        "item_description_hashtag_limit": {"max_limit": limits.hashtag_max},
        "price_spread_limit": {"max_ratio": limits.price_spread_max},
    }
