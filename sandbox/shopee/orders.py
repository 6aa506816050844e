"""Order reads: get_order_list (≤15-day windows, cursor pages) and get_order_detail (≤50 orders)."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from sandbox.common.store import grouped, select_in
from sandbox.shopee.context import Call, query_int
from sandbox.shopee.envelope import ApiError, bad_param
from sandbox.shopee.order_book import ORDER_STATUSES
from sandbox.shopee.order_views import OPTIONAL, order_view

_TIME_FIELDS = ("create_time", "update_time")
INVALID_TIME = ApiError(
    "order.order_list_invalid_time", "Start time must be earlier than end time and diff in 15days."
)


def _encode_cursor(time_value: int, order_sn: str) -> str:
    raw = json.dumps([time_value, order_sn], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[int, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        time_value, order_sn = json.loads(base64.urlsafe_b64decode(padded))
        return int(time_value), str(order_sn)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise bad_param("cursor is invalid") from None


def _window(call: Call) -> tuple[str, int, int]:
    field = call.query.get("time_range_field")
    if field not in _TIME_FIELDS:
        raise bad_param("time_range_field should be create_time or update_time")
    time_from = query_int(call.query, "time_from")
    time_to = query_int(call.query, "time_to")
    if time_from > time_to or time_to - time_from > call.limits.order_window_max:
        raise INVALID_TIME
    return str(field), time_from, time_to


def _filters(call: Call) -> tuple[int, str | None]:
    page_size = query_int(call.query, "page_size")
    if not 1 <= page_size <= call.limits.page_size_max:
        raise bad_param(f"page_size should be between 1 and {call.limits.page_size_max}")
    status = call.query.get("order_status") or None
    if status is not None and status not in (*ORDER_STATUSES, "INVOICE_PENDING"):
        raise bad_param("order_status is invalid")
    return page_size, status


def _page(call: Call, field: str, window: tuple[int, int], status: str | None) -> list[Any]:
    """One keyset page over (time field, order_sn), one row more than asked to tell `more`."""
    page_size = query_int(call.query, "page_size")
    sql = f"SELECT order_sn, order_status, {field} AS t FROM orders WHERE shop_id = ?"  # noqa: S608
    sql += f" AND {field} BETWEEN ? AND ?"
    args: list[Any] = [call.shop_id, *window]
    if status is not None:
        sql, args = sql + " AND order_status = ?", [*args, status]
    cursor = call.query.get("cursor")
    if cursor:
        sql, args = sql + f" AND ({field}, order_sn) > (?, ?)", [*args, *_decode_cursor(cursor)]
    sql += f" ORDER BY {field}, order_sn LIMIT ?"
    return call.db.execute(sql, [*args, page_size + 1]).fetchall()


def get_order_list(call: Call) -> dict[str, Any]:
    field, time_from, time_to = _window(call)
    page_size, status = _filters(call)
    rows = _page(call, field, (time_from, time_to), status)
    more = len(rows) > page_size
    rows = rows[:page_size]
    optional = (call.query.get("response_optional_fields") or "").split(",")
    entries = [{"order_sn": r["order_sn"]} for r in rows]
    if "order_status" in optional:
        for entry, row in zip(entries, rows, strict=True):
            entry["order_status"] = row["order_status"]
    return {
        "more": more,
        "next_cursor": _encode_cursor(rows[-1]["t"], rows[-1]["order_sn"]) if more else "",
        "order_list": entries,
    }


def _order_sns(call: Call) -> list[str]:
    raw = ",".join(call.query.get_all("order_sn_list"))
    sns = list(dict.fromkeys(p.strip() for p in raw.split(",") if p.strip()))
    if not 1 <= len(sns) <= call.limits.batch_max:
        raise bad_param(f"order_sn_list size should be between 1 and {call.limits.batch_max}")
    return sns


def get_order_detail(call: Call) -> dict[str, Any]:
    sns = _order_sns(call)
    fields = {f.strip() for f in (call.query.get("response_optional_fields") or "").split(",")}
    found = select_in(call.db, "orders", "order_sn", sns, where=("shop_id", call.shop_id))
    orders = {r["order_sn"]: r for r in found}
    if not orders:
        raise ApiError("error_not_found", "Wrong parameters, detail: the order is not found.")
    rows = select_in(call.db, "order_lines", "order_sn", sns, order_by="order_sn, line_no")
    lines = grouped(rows, "order_sn", list(orders))
    call.warnings.extend(f"order_sn {sn} is not found." for sn in sns if sn not in orders)
    views = [order_view(orders[sn], lines[sn], fields, call.limits) for sn in sns if sn in orders]
    return {"order_list": views}


def all_optional_fields() -> set[str]:
    return set(OPTIONAL)
