"""Shopee sandbox orders over real HTTP: windows, cursors, detail fields, status and stock."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox.shopee_helpers import Client, control

ORDERS = "/api/v2/order"
DAY = 86_400


@pytest.fixture
def listed(shop: Client) -> int:
    """One item (SKU MO-UMINH-500, 40 in stock) in the shop; returns its item_id."""
    reply = shop.add_item(shop.upload_image())
    assert reply["error"] == ""
    return int(reply["response"]["item_id"])


def _order(shop: Client, qty: int = 1, **extra: Any) -> dict[str, Any]:
    body = {"lines": [{"sku": "MO-UMINH-500", "qty": qty}], **extra}
    reply = control(shop.base, "POST", f"/shops/{shop.shop_id}/orders", body)
    assert reply.status_code == 200, reply.text
    result: dict[str, Any] = reply.json()
    return result


def _stock(shop: Client, item_id: int) -> tuple[int, int]:
    info = shop.get("/api/v2/product/get_item_base_info", item_id_list=item_id)
    summary = info["response"]["item_list"][0]["stock_info_v2"]["summary_info"]
    return summary["total_available_stock"], summary["total_reserved_stock"]


def _list(shop: Client, **query: Any) -> dict[str, Any]:
    now = shop.now()
    base = {
        "time_range_field": "create_time",
        "time_from": now - DAY,
        "time_to": now + 60,
        "page_size": 100,
    }
    return shop.get(f"{ORDERS}/get_order_list", **{**base, **query})


def _move(shop: Client, order_sn: str, status: str) -> int:
    return control(shop.base, "POST", f"/orders/{order_sn}/status", {"status": status}).status_code


def test_window_over_15_days_is_refused(shop: Client) -> None:
    now = shop.now()
    reply = _list(shop, time_from=now - 16 * DAY, time_to=now)
    assert (reply["error"], reply["message"]) == (
        "order.order_list_invalid_time",
        "Start time must be earlier than end time and diff in 15days.",
    )
    assert _list(shop, time_from=now - 15 * DAY, time_to=now)["error"] == ""
    assert _list(shop, time_from=now, time_to=now - 1)["error"] == "order.order_list_invalid_time"


@pytest.mark.parametrize("page_size", [0, 101])
def test_order_page_size_bounds(shop: Client, page_size: int) -> None:
    assert _list(shop, page_size=page_size)["error"] == "error_param"


def test_cursor_pages_walk_every_order_once(shop: Client, listed: int) -> None:
    now = shop.now()
    bulk = {"count": 25, "skus": ["MO-UMINH-500"], "time_from": now - 3 * DAY, "time_to": now}
    created = control(shop.base, "POST", f"/shops/{shop.shop_id}/orders/bulk", bulk).json()
    assert created == {"created": 25}
    seen: list[str] = []
    cursor, pages = "", 0
    while True:
        reply = _list(shop, page_size=10, cursor=cursor, time_from=now - 4 * DAY)
        assert "warning" not in reply
        page = reply["response"]
        seen += [entry["order_sn"] for entry in page["order_list"]]
        pages += 1
        if not page["more"]:
            assert page["next_cursor"] == ""
            break
        cursor = page["next_cursor"]
    assert pages == 3 and len(seen) == len(set(seen)) == 25
    assert _stock(shop, listed) == (40, 0)  # bulk history never touches stock
    assert _list(shop, cursor="%%%")["error"] == "error_param"


def test_status_filter_and_optional_status_field(shop: Client, listed: int) -> None:
    paid = _order(shop)["order_sn"]
    unpaid = _order(shop, status="UNPAID")["order_sn"]
    only = _list(shop, order_status="UNPAID")["response"]["order_list"]
    assert only == [{"order_sn": unpaid}]
    rows = _list(shop, response_optional_fields="order_status")["response"]["order_list"]
    assert {(r["order_sn"], r["order_status"]) for r in rows} == {
        (paid, "READY_TO_SHIP"),
        (unpaid, "UNPAID"),
    }


def test_placing_lowers_stock_and_cancel_restores_it(shop: Client, listed: int) -> None:
    order = _order(shop, qty=3)
    assert order["total_amount"] == 3 * 185000 and order["order_status"] == "READY_TO_SHIP"
    assert _stock(shop, listed) == (37, 3)
    assert _move(shop, order["order_sn"], "PROCESSED") == 200
    assert _move(shop, order["order_sn"], "CANCELLED") == 200
    assert _stock(shop, listed) == (40, 0)
    assert _move(shop, order["order_sn"], "READY_TO_SHIP") == 409


def test_out_of_stock_and_unknown_sku(shop: Client, listed: int) -> None:
    body = {"lines": [{"sku": "MO-UMINH-500", "qty": 41}]}
    reply = control(shop.base, "POST", f"/shops/{shop.shop_id}/orders", body)
    assert (reply.status_code, reply.json()) == (409, {"error": "out_of_stock"})
    unknown = {"lines": [{"sku": "NOPE", "qty": 1}]}
    assert control(shop.base, "POST", f"/shops/{shop.shop_id}/orders", unknown).status_code == 404
    assert _stock(shop, listed) == (40, 0)


def test_shipping_keeps_the_units_gone(shop: Client, listed: int) -> None:
    sn = _order(shop, qty=2)["order_sn"]
    for status in ("PROCESSED", "SHIPPED", "TO_CONFIRM_RECEIVE", "COMPLETED"):
        assert _move(shop, sn, status) == 200
    assert _stock(shop, listed) == (38, 0)
    assert _move(shop, sn, "CANCELLED") == 409


def test_transitions_bump_update_time(shop: Client, listed: int) -> None:
    sn = _order(shop)["order_sn"]
    created = control(shop.base, "GET", f"/orders/{sn}").json()
    control(shop.base, "POST", "/clock", {"advance": 3600})
    _move(shop, sn, "PROCESSED")
    moved = control(shop.base, "GET", f"/orders/{sn}").json()
    assert moved["update_time"] >= created["update_time"] + 3600
    now = shop.now()
    by_update = _list(shop, time_range_field="update_time", time_from=now - 60, time_to=now)
    assert [o["order_sn"] for o in by_update["response"]["order_list"]] == [sn]


def test_order_detail_default_and_optional_fields(shop: Client, listed: int) -> None:
    sn = _order(shop, qty=2, buyer="nguyenvana")["order_sn"]
    plain = shop.get(f"{ORDERS}/get_order_detail", order_sn_list=sn)
    assert plain["warning"] == [] and plain["error"] == ""
    order = plain["response"]["order_list"][0]
    assert order["currency"] == "VND" and order["region"] == "VN"
    assert "item_list" not in order and "buyer_username" not in order
    fields = "item_list,total_amount,buyer_username,recipient_address,pay_time,cancel_reason"
    rich = shop.get(
        f"{ORDERS}/get_order_detail", order_sn_list=f"{sn},NOPE123", response_optional_fields=fields
    )
    assert rich["warning"] == ["order_sn NOPE123 is not found."]
    order = rich["response"]["order_list"][0]
    assert order["total_amount"] == 370000 and order["buyer_username"] == "nguyenvana"
    line = order["item_list"][0]
    assert (line["item_id"], line["item_sku"], line["model_quantity_purchased"]) == (
        listed,
        "MO-UMINH-500",
        2,
    )
    assert line["model_original_price"] == 185000 and "*" in order["recipient_address"]["name"]
    assert order["pay_time"] == order["create_time"] and order["cancel_reason"] == ""


def test_order_detail_limits(shop: Client) -> None:
    missing = shop.get(f"{ORDERS}/get_order_detail", order_sn_list="NOPE")
    assert missing["error"] == "error_not_found"
    many = ",".join(f"SN{n}" for n in range(51))
    assert shop.get(f"{ORDERS}/get_order_detail", order_sn_list=many)["error"] == "error_param"


def test_orders_can_be_placed_in_the_past(shop: Client, listed: int) -> None:
    past = shop.now() - 20 * DAY
    sn = _order(shop, create_time=past)["order_sn"]
    window = _list(shop, time_from=past - DAY, time_to=past + DAY)["response"]["order_list"]
    assert [o["order_sn"] for o in window] == [sn]
    assert _list(shop)["response"]["order_list"] == []
