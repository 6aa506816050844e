"""Lazada sandbox push over real HTTP: signed bodies, retries on the fake clock, duplicates."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from tests.sandbox.helpers import Receiver, control
from tests.sandbox.lazada_helpers import Lazada, create


def _subscribe(seller: Lazada, url: str, **extra: Any) -> dict[str, Any]:
    body = {"app_key": seller.app_key, "callback_url": url, **extra}
    reply = control(seller.base, "POST", "/push", body)
    assert reply.status_code == 200, reply.text
    config: dict[str, Any] = reply.json()
    return config


def _states(seller: Lazada) -> list[str]:
    messages = control(seller.base, "GET", f"/push/{seller.app_key}").json()["messages"]
    return [m["state"] for m in messages]


def test_order_status_is_pushed_signed(seller: Lazada, receiver: Receiver) -> None:
    create(seller, "MO-1")
    _subscribe(seller, receiver.url, message_types=[0])
    order_id = seller.order([("MO-1", 1)]).json()["order_id"]
    push, signature, raw = receiver.next_push()
    expected = hmac.new(
        seller.app_secret.encode(), seller.app_key.encode() + raw, hashlib.sha256
    ).hexdigest()
    assert signature == expected
    assert set(push) == {"seller_id", "message_type", "data", "timestamp", "site"}
    assert (push["seller_id"], push["message_type"], push["site"]) == (
        str(seller.seller_id),
        0,
        "lazada_vn",
    )
    assert push["data"]["trade_order_id"] == str(order_id)
    assert push["data"]["order_status"] == "pending"
    seller.move(order_id, "canceled")
    assert receiver.next_push()[0]["data"]["order_status"] == "canceled"


def test_product_pushes(seller: Lazada, receiver: Receiver) -> None:
    _subscribe(seller, receiver.url, message_types=[3, 6])
    data = create(seller, "MO-1", quantity=5)
    created = receiver.next_push()[0]
    assert created["message_type"] == 3 and created["data"]["item_id"] == data["item_id"]
    seller.order([("MO-1", 1)])
    shallow = receiver.next_push()[0]
    assert shallow["message_type"] == 6 and shallow["data"]["sellable_quantity"] == 4


def test_non_200_is_retried_every_30_minutes(seller: Lazada, receiver: Receiver) -> None:
    create(seller, "MO-1")
    receiver.replies = [(500, b""), (404, b"")]
    _subscribe(seller, receiver.url, message_types=[0])
    seller.order([("MO-1", 1)])
    first = receiver.next_push()[2]
    control(seller.base, "POST", "/clock", {"advance": 1_801})
    assert receiver.next_push()[2] == first
    control(seller.base, "POST", "/clock", {"advance": 1_801})
    assert receiver.next_push()[2] == first
    deadline = time.monotonic() + 5
    while _states(seller) != ["delivered"] and time.monotonic() < deadline:
        time.sleep(0.005)  # the sender records the delivery just after the reply
    assert _states(seller) == ["delivered"]


def test_duplicates(seller: Lazada, receiver: Receiver) -> None:
    create(seller, "MO-1")
    _subscribe(seller, receiver.url, message_types=[0], duplicates=1)
    seller.order([("MO-1", 1)])
    one, two = receiver.next_push()[2], receiver.next_push()[2]
    assert one == two  # at least once: the receiver must dedupe


def test_push_config_validation(seller: Lazada) -> None:
    bad_url = {"app_key": seller.app_key, "callback_url": "ftp://x"}
    assert control(seller.base, "POST", "/push", bad_url).status_code == 422
    bad_type = {"app_key": seller.app_key, "message_types": [99]}
    assert control(seller.base, "POST", "/push", bad_type).status_code == 422
    assert control(seller.base, "POST", "/push", {"app_key": "0"}).status_code == 404
