"""Shopee sandbox push over real HTTP: signed deliveries, retries on the fake clock, lost pushes."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from tests.sandbox.helpers import Receiver
from tests.sandbox.shopee_helpers import Client, control


def _configure(shop: Client, url: str, **extra: Any) -> None:
    body = {"callback_url": url, **extra}
    assert shop.post("/api/v2/push/set_app_push_config", body, shop=False)["error"] == ""


def _listed(shop: Client) -> None:
    assert shop.add_item(shop.upload_image())["error"] == ""


def _order(shop: Client) -> str:
    body = {"lines": [{"sku": "MO-UMINH-500", "qty": 1}]}
    return str(control(shop.base, "POST", f"/shops/{shop.shop_id}/orders", body).json()["order_sn"])


def test_order_changes_are_pushed_signed(shop: Client, receiver: Receiver) -> None:
    _listed(shop)
    _configure(shop, receiver.url, set_push_config_off=[8])
    sn = _order(shop)
    push, signature, raw = receiver.next_push()
    expected = hmac.new(
        shop.partner_key.encode(), receiver.url.encode() + b"|" + raw, hashlib.sha256
    ).hexdigest()
    assert signature == expected
    assert (push["shop_id"], push["code"]) == (shop.shop_id, 3)
    assert (push["data"]["ordersn"], push["data"]["status"]) == (sn, "READY_TO_SHIP")
    control(shop.base, "POST", f"/orders/{sn}/status", {"status": "PROCESSED"})
    assert receiver.next_push()[0]["data"]["status"] == "PROCESSED"
    config = shop.get_public("/api/v2/push/get_app_push_config")
    assert config["error"] == "" and 8 not in config["response"]["push_config_on_list"]


def test_reserved_stock_push(shop: Client, receiver: Receiver) -> None:
    _listed(shop)
    _configure(shop, receiver.url, set_push_config_off=[3])
    _order(shop)
    push = receiver.next_push()[0]
    assert push["code"] == 8 and push["data"]["reserved_stock"] == 1


def _lost(shop: Client) -> dict[str, Any]:
    reply: dict[str, Any] = shop.get_public("/api/v2/push/get_lost_push_message")["response"]
    return reply


def test_failed_pushes_retry_then_become_lost(shop: Client, receiver: Receiver) -> None:
    _listed(shop)
    # A 200 with a body is a failure too; so is a 500.
    receiver.replies = [(200, b"ok"), (500, b""), (503, b"")]
    _configure(shop, receiver.url, set_push_config_off=[8])
    sn = _order(shop)
    receiver.next_push()
    control(shop.base, "POST", "/clock", {"advance": 3})  # retries run on the fake clock
    receiver.next_push()
    control(shop.base, "POST", "/clock", {"advance": 11})
    receiver.next_push()
    deadline = time.monotonic() + 5
    while not _lost(shop)["push_message_list"] and time.monotonic() < deadline:
        time.sleep(0.005)  # the pusher records the last failure just after the reply
    lost = _lost(shop)
    assert len(lost["push_message_list"]) == 1 and lost["has_next_page"] is False
    assert json.loads(lost["push_message_list"][0]["data"])["data"]["ordersn"] == sn
    body = {"last_message_id": lost["last_message_id"]}
    assert (
        shop.post("/api/v2/push/confirm_consumed_lost_push_message", body, shop=False)["error"]
        == ""
    )
    assert _lost(shop)["push_message_list"] == []
    assert receiver.received.empty()


def test_push_config_validation(shop: Client) -> None:
    bad = shop.post("/api/v2/push/set_app_push_config", {"callback_url": "ftp://x"}, shop=False)
    assert bad["error"] == "error_param"
    codes = {"set_push_config_on": [99]}
    assert shop.post("/api/v2/push/set_app_push_config", codes, shop=False)["error"] == (
        "error_param"
    )
