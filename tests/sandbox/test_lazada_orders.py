"""Lazada sandbox orders over real HTTP: withheld stock, the status machine, order reads."""

from __future__ import annotations

import json
from typing import Any

from tests.sandbox.helpers import control
from tests.sandbox.lazada_helpers import Lazada, create, iso_at

SINCE = "2020-01-01T00:00:00+07:00"


def _stock(seller: Lazada, seller_sku: str) -> tuple[int, int, int]:
    """(quantity, sellable, withheld) as /products/get shows them."""
    products = seller.get("/products/get", sku_seller_list=json.dumps([seller_sku]), options=1)
    sku = products["data"]["products"][0]["skus"][0]
    warehouse = sku["multiWarehouseInventories"][0]
    assert warehouse["sellableQuantity"] == sku["Available"]
    return sku["quantity"], sku["Available"], warehouse["withholdQuantity"]


def _order(seller: Lazada, qty: int, sku: str = "MO-1", **extra: Any) -> int:
    reply = seller.order([(sku, qty)], **extra)
    assert reply.status_code == 200, reply.text
    return int(reply.json()["order_id"])


def test_an_order_withholds_stock_and_cancel_gives_it_back(seller: Lazada) -> None:
    create(seller, "MO-1", quantity=10)
    order_id = _order(seller, 3)
    assert _stock(seller, "MO-1") == (10, 7, 3)
    assert seller.sku("MO-1")["sellable"] == 7
    assert seller.move(order_id, "canceled").json() == {"order_id": order_id, "status": "canceled"}
    assert _stock(seller, "MO-1") == (10, 10, 0)
    assert seller.move(order_id, "pending").status_code == 409  # canceled is final


def test_ready_to_ship_deducts_and_a_late_cancel_restocks(seller: Lazada) -> None:
    create(seller, "MO-1", quantity=10)
    order_id = _order(seller, 2, status="unpaid")
    for status in ("pending", "packed", "ready_to_ship"):
        assert seller.move(order_id, status).status_code == 200
    assert _stock(seller, "MO-1") == (8, 8, 0)
    assert seller.move(order_id, "canceled").status_code == 200
    assert _stock(seller, "MO-1") == (10, 10, 0)
    shipped = _order(seller, 1)
    assert seller.move(shipped, "ready_to_ship").status_code == 409  # must be packed first
    for status in ("packed", "ready_to_ship", "shipped", "delivered"):
        assert seller.move(shipped, status).status_code == 200
    assert seller.move(shipped, "canceled").status_code == 409
    assert _stock(seller, "MO-1") == (9, 9, 0)


def test_stock_rules_with_open_orders(seller: Lazada) -> None:
    data = create(seller, "MO-1", quantity=5)
    assert seller.order([("MO-1", 6)]).status_code == 409
    assert seller.order([("NOPE", 1)]).status_code == 404
    _order(seller, 4)
    sku_id = data["sku_list"][0]["sku_id"]
    payload = (
        f"<Request><Product><Skus><Sku><SkuId>{sku_id}</SkuId><Quantity>3</Quantity></Sku>"
        "</Skus></Product></Request>"
    )
    below = seller.call("/product/price_quantity/update", payload=payload)
    assert below["code"] == "501" and "negative sellable" in below["detail"][0]["message"]
    sellable = payload.replace("<Quantity>3</Quantity>", "<SellableQuantity>6</SellableQuantity>")
    assert seller.call("/product/stock/sellable/update", payload=sellable)["code"] == "0"
    assert _stock(seller, "MO-1") == (10, 6, 4)


def test_orders_get_and_the_order_items(seller: Lazada) -> None:
    create(seller, "MO-1", quantity=10)
    order_id = _order(seller, 2, buyer="nguyenthimai88")
    reply = seller.get("/orders/get", created_after=SINCE, status="pending")
    assert reply["code"] == "0" and reply["data"]["countTotal"] == 1
    order = reply["data"]["orders"][0]
    assert order["order_id"] == order_id and order["statuses"] == ["pending"]
    assert order["price"] == "370000.00" and order["items_count"] == 2
    assert order["created_at"].endswith("+07:00")
    assert order["address_shipping"]["country"] == "Vietnam"
    items = seller.get("/order/items/get", order_id=order_id)["data"]
    assert [i["sku"] for i in items] == ["MO-1", "MO-1"] and items[0]["currency"] == "VND"
    many = seller.get("/orders/items/get", order_ids=f"[{order_id}]")["data"]
    assert many[0]["order_id"] == order_id and len(many[0]["order_items"]) == 2
    assert seller.get("/order/get", order_id=order_id)["data"]["order_number"] == order_id
    assert seller.get("/order/get", order_id=1)["code"] == "16"


def test_orders_get_update_after_window(seller: Lazada) -> None:
    create(seller, "MO-1", quantity=10)
    first, second = _order(seller, 1), _order(seller, 1)
    control(seller.base, "POST", "/clock", {"advance": 3600})
    seller.move(first, "packed")
    since = iso_at(seller.now_ms() // 1000 - 60)
    moved = seller.get("/orders/get", update_after=since)["data"]["orders"]
    assert [o["order_id"] for o in moved] == [first]
    every = seller.get("/orders/get", created_after=SINCE, sort_direction="ASC", limit=1, offset=1)
    assert [o["order_id"] for o in every["data"]["orders"]] == [second]
    assert every["data"]["countTotal"] == 2 and every["data"]["count"] == 1


def test_orders_get_limits(seller: Lazada) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({}, "1"),
        ({"created_after": "2024-01-01"}, "17"),
        ({"created_after": "2024-01-01T00:00:00"}, "17"),
        ({"created_after": SINCE, "limit": 101}, "19"),
        ({"created_after": SINCE, "offset": 5001}, "14"),
        ({"created_after": SINCE, "status": "bogus"}, "36"),
        ({"created_after": SINCE, "sort_by": "price"}, "75"),
        ({"created_after": SINCE, "sort_direction": "UP"}, "74"),
    ]
    for query, code in cases:
        assert seller.get("/orders/get", **query)["code"] == code, query
    assert seller.get("/orders/get", created_after="2024-01-01T00:00:00+0700")["code"] == "0"
    assert seller.get("/orders/get", created_after=SINCE, offset=5000)["code"] == "0"
    assert seller.get("/orders/items/get", order_ids="1,2")["code"] == "56"
    assert seller.get("/orders/items/get", order_ids="[1,x]")["code"] == "37"
    ids = json.dumps(list(range(1, 52)))
    assert seller.get("/orders/items/get", order_ids=ids)["code"] == "38"
    assert seller.get("/orders/items/get", order_ids="[1,2]")["code"] == "39"


def test_bulk_orders_leave_stock_alone(seller: Lazada) -> None:
    create(seller, "MO-1", quantity=10)
    body = {"count": 30, "skus": ["MO-1"], "time_from": 1_700_000_000, "time_to": 1_700_086_400}
    path = f"/shops/{seller.seller_id}/orders/bulk"
    assert control(seller.base, "POST", path, body).json() == {"created": 30}
    found = seller.get("/orders/get", created_after="2023-11-14T00:00:00+07:00", limit=100)
    assert found["data"]["countTotal"] == 30
    assert _stock(seller, "MO-1") == (10, 10, 0)
