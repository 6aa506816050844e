"""The Lazada connector against the Lazada sandbox over real HTTP, beyond the shared contract:
the signature vectors on the wire, throttling storms, XML escaping, sellable stock, partial
failures, order statuses and pushes. Only the control API is used to play the marketplace.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from connectors.base import (
    ActiveUpdate,
    ContentUpdate,
    ListingRef,
    ListingStatus,
    OrderStatus,
    PriceUpdate,
    StockUpdate,
    WriteResult,
)
from connectors.errors import AuthError, ConnectorError
from connectors.http import HttpClient, HttpRequest
from connectors.lazada.client import LazadaClient, push_signature, read_envelope, rest_base
from connectors.lazada.connector import LazadaConnector
from tests.connectors.harness_lazada import Harness
from tests.connectors.loopback import Answer, Loopback, Seen
from tests.connectors.test_lazada_signing import VECTORS


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    harness = Harness(tmp_path_factory.mktemp("lazada"))
    harness.start()
    try:
        yield harness
    finally:
        harness.stop()


@pytest.fixture
def h(sandbox: Harness) -> Harness:
    sandbox.reset()
    return sandbox


def _lazada(h: Harness, **settings: str) -> LazadaConnector:
    connector = h.connect(**settings)
    assert isinstance(connector, LazadaConnector)
    return connector


def _refs(results: list[WriteResult]) -> dict[str, ListingRef]:
    failed = [r for r in results if not r.ok]
    assert not failed, failed[:3]
    return {r.sku: ListingRef(r.sku, r.listing_id, r.variant_id) for r in results}


def _listings(connector: LazadaConnector) -> dict[str, Any]:
    return {listing.sku: listing for listing in connector.iter_listings()}


# -- signing on the wire ------------------------------------------------------------------


@pytest.mark.parametrize(("secret", "path", "params", "expected"), [v[1:] for v in VECTORS])
def test_the_gateway_computes_every_vector_as_we_do(
    h: Harness, secret: str, path: str, params: dict[str, str], expected: str
) -> None:
    reply = h.control(
        "POST", "/_control/sign", {"path": path, "params": params, "app_secret": secret}
    )
    assert reply["sign"] == expected


# (vector, the business params our client sends, the method, how one byte changes)
WIRE = {
    "T1": ("GET", (("order_id", "1234"),), ("order_id", "1234", "1235")),
    "T3": ("POST", (("code", "0_123456_AbCdEf"),), ("code", "AbCdEf", "AbCdEg")),
    "T4": (
        "GET",
        (
            ("created_after", "2024-01-01T00:00:00+07:00"),
            ("limit", "100"),
            ("offset", "0"),
            ("partner_id", "lazop-sdk-python-20181207"),
            ("sort_by", "created_at"),
            ("sort_direction", "DESC"),
            ("status", "pending"),
        ),
        ("status", "pending", "pendinf"),
    ),
    "T5": ("POST", (("payload", VECTORS[4][3]["payload"]),), ("payload", "250000", "250001")),
    "T6": ("POST", (("payload", VECTORS[5][3]["payload"]),), ("payload", ">25<", ">26<")),
}


def _tampered(wire: HttpRequest, name: str, old: str, new: str) -> HttpRequest:
    if wire.data is not None:
        data = dict(wire.data)
        data[name] = data[name].replace(old, new, 1)
        return replace(wire, data=data)
    params = [(k, str(v).replace(old, new, 1) if k == name else v) for k, v in wire.params]
    return replace(wire, params=tuple(params))


@pytest.mark.parametrize("vector", sorted(WIRE))
def test_the_sandbox_refuses_each_vector_when_one_byte_changes(h: Harness, vector: str) -> None:
    """T2 has no app_key and a made-up path: the gateway cannot take it (InvalidApiPath)."""
    _, secret, path, params, expected = next(v for v in VECTORS if v[0] == vector)
    method, business, (name, old, new) = WIRE[vector]
    h.control("POST", "/_control/partners", {"app_key": "123456", "app_secret": secret})
    seller = h.control("POST", "/_control/shops", {"app_key": "123456"})["seller_id"]
    h.control("POST", f"/_control/shops/{seller}/token", {"access_token": "test"})
    h.control("POST", f"/_control/shops/{seller}/code", {"code": "0_123456_AbCdEf"})
    h.control("POST", "/_control/clock", {"set": int(params["timestamp"]) // 1000})

    http = HttpClient(platform="lazada", base_url=rest_base(h.base_url), max_attempts=1)
    client = LazadaClient(
        http,
        http,
        app_key="123456",
        app_secret=secret,
        clock=lambda: int(params["timestamp"]) / 1000,
    )
    token = "" if path.startswith("/auth/") else "test"
    wire = client.signed(HttpRequest(method, path, params=business), token)
    sent = dict(wire.data) if wire.data is not None else dict(wire.params)
    assert {k: str(v) for k, v in sent.items()} == {**params, "sign": expected}

    with pytest.raises(ConnectorError) as refused:
        http.send(_tampered(wire, name, old, new), read_envelope)
    assert refused.value.code == "IncompleteSignature"
    try:
        http.send(wire, read_envelope)  # the vector itself passes the signature check
    except ConnectorError as exc:
        assert exc.code != "IncompleteSignature"
    assert h.stats()["errors"].get("IncompleteSignature") == 1


# -- throttling -----------------------------------------------------------------------------


def test_an_api_call_limit_storm_is_ridden_out_without_duplicates(h: Harness) -> None:
    connector = _lazada(h)
    h.set_faults(rate_limit_burst=6, ops=["create"])
    h.reset_stats()
    h.slept.clear()
    results = connector.create(h.drafts(3, prefix="ST") + h.drafts(1, prefix="SV", variants=2))
    refs = _refs(results)
    stats = h.stats()
    assert stats["errors"]["ApiCallLimit"] == 6
    assert h.calls("create", stats) == 4 + 6  # every refusal went again; each product once
    assert Counter(h.skus_on_platform()) == Counter(list(refs))
    # "this ban will last 1 seconds" (§4.2): each refusal waited it out (other waits: the bucket)
    assert len([wait for wait in h.slept if wait >= 1.0]) == 6

    h.set_faults(rate_limit_burst=5, http_status=429, ops=["update_price", "update_stock"])
    h.reset_stats()
    updates = [PriceUpdate(ref, 123_000) for ref in refs.values()]
    assert all(r.ok for r in connector.update_prices(updates))
    assert all(r.ok for r in connector.update_stock([StockUpdate(r, 4) for r in refs.values()]))
    assert h.calls("update_price") + h.calls("update_stock") == 2 + 5
    h.clear_faults()
    seen = _listings(connector)
    assert {(seen[s].price, seen[s].stock) for s in refs} == {(123_000, 4)}


# -- writes -----------------------------------------------------------------------------------


def test_a_vietnamese_name_with_an_ampersand_is_escaped_and_accepted(h: Harness) -> None:
    connector = _lazada(h)
    name = 'Mật ong & Phấn hoa <Tây Nguyên> "OCOP" 4★'
    [draft] = h.drafts(1, prefix="AMP")
    [result] = connector.create([replace(draft, name=name)])
    assert result.ok, result
    [item] = h.remote_items()
    assert item["name"] == name
    assert _listings(connector)["AMP0000"].name == name


def test_batches_default_to_20_and_never_exceed_50(h: Harness) -> None:
    for settings, calls in (({}, 3), ({"batch_size": "50"}, 1), ({"batch_size": "80"}, 1)):
        h.reset()
        connector = _lazada(h, **settings)
        refs = _refs(connector.create(h.drafts(45)))
        h.reset_stats()
        assert all(
            r.ok for r in connector.update_prices([PriceUpdate(r, 99_000) for r in refs.values()])
        )
        assert h.calls("update_price") == calls


def test_a_partial_failure_marks_only_the_refused_sku(h: Harness) -> None:
    connector = _lazada(h)
    refs = _refs(connector.create(h.drafts(3, prefix="PF")))
    updates = [PriceUpdate(refs["PF0000"], 150_000), PriceUpdate(refs["PF0001"], 0)]
    updates.append(PriceUpdate(refs["PF0002"], 160_000))
    results = {r.sku: r for r in connector.update_prices(updates)}
    assert results["PF0000"].ok and results["PF0002"].ok
    assert not results["PF0001"].ok and not results["PF0001"].retryable
    seen = _listings(connector)
    assert (seen["PF0000"].price, seen["PF0001"].price) == (150_000, 100_000)


def test_sellable_stock_is_what_buyers_can_still_buy(h: Harness) -> None:
    connector = _lazada(h)
    refs = _refs(connector.create(h.drafts(1, prefix="SS")))
    h.place_order("SS0000", 3)
    assert _listings(connector)["SS0000"].stock == 47  # 3 withheld by the open order
    [result] = connector.update_stock([StockUpdate(refs["SS0000"], 10)])
    assert result.ok
    assert _listings(connector)["SS0000"].stock == 10
    [sku] = h.remote_items()[0]["skus"]
    assert (sku["sellable"], sku["withhold"]) == (10, 3)


def test_deactivate_reactivate_and_update_content(h: Harness) -> None:
    connector = _lazada(h)
    refs = _refs(connector.create(h.drafts(1, prefix="DA", variants=2)))
    off = connector.set_active([ActiveUpdate(ref, False) for ref in refs.values()])
    assert all(r.ok for r in off)
    assert {x.status for x in _listings(connector).values()} == {ListingStatus.INACTIVE}
    on = connector.set_active([ActiveUpdate(ref, True) for ref in refs.values()])
    assert all(r.ok for r in on)
    assert {x.status for x in _listings(connector).values()} == {ListingStatus.LIVE}
    ref = refs["DA0000-0"]
    [edited] = connector.update_content([ContentUpdate(ref, "Mật ong & sữa chúa", "Mô tả mới")])
    assert edited.ok
    assert _listings(connector)["DA0000-0"].name == "Mật ong & sữa chúa"


def test_variants_join_an_existing_product(h: Harness) -> None:
    connector = _lazada(h)
    [full] = h.drafts(1, prefix="JN", variants=3)
    first = replace(full, variants=full.variants[:1])
    [made] = connector.create([first])
    assert made.ok
    results = connector.create([replace(full, listing_id=made.listing_id)])
    assert [r.sku for r in results] == ["JN0000-0", "JN0000-1", "JN0000-2"]
    assert all(r.ok and r.listing_id == made.listing_id for r in results), results
    assert results[0].variant_id == made.variant_id
    assert sorted(h.skus_on_platform()) == ["JN0000-0", "JN0000-1", "JN0000-2"]


# -- orders ---------------------------------------------------------------------------------


def test_orders_group_item_rows_and_keep_the_raw_status(h: Harness) -> None:
    connector = _lazada(h)
    _refs(connector.create(h.drafts(2, prefix="OR")))
    kept = h.place_order("OR0000", 2)
    dropped = h.place_order("OR0001", 1)
    h.control("POST", f"/_control/orders/{dropped}/status", {"status": "canceled"})
    h.control("POST", f"/_control/orders/{kept}/status", {"status": "packed"})
    until = h.now() + timedelta(seconds=2)  # the moves above may fall in the current second
    orders = {o.order_id: o for p in connector.iter_orders(None, until) for o in p.orders}
    order = orders[kept]
    assert [(line.sku, line.qty, line.unit_price) for line in order.lines] == [
        ("OR0000", 2, 100_000)
    ]
    assert (order.status, order.raw_status) == (OrderStatus.TO_SHIP, "packed")
    assert order.total >= 200_000
    assert (orders[dropped].status, orders[dropped].raw_status) == (
        OrderStatus.CANCELLED,
        "canceled",
    )


# -- push -----------------------------------------------------------------------------------


def test_a_forged_push_is_refused_and_a_signed_one_read(h: Harness) -> None:
    connector = _lazada(h)
    body = (
        b'{"seller_id":"1","message_type":0,"data":{"order_status":"pending",'
        b'"trade_order_id":"77","trade_order_line_id":"78","status_update_time":1603698638},'
        b'"timestamp":1603766859530,"site":"lazada_vn"}'
    )
    good = {"Authorization": push_signature(h.app_key, h.app_secret, body)}
    [event] = connector.parse_webhook("https://ocop.example/hooks/lazada", good, body)
    assert (event.kind, event.remote_id, event.shop_id) == ("order", "77", "1")
    for headers, sent in (
        (good, body.replace(b'"77"', b'"79"')),  # one byte changed after signing
        ({"Authorization": push_signature(h.app_key, "not-the-secret", body)}, body),
        ({}, body),
    ):
        with pytest.raises(AuthError):
            connector.parse_webhook("https://ocop.example/hooks/lazada", headers, sent)


def test_pushes_from_the_sandbox_verify_and_repeat_identically(h: Harness) -> None:
    connector = _lazada(h)
    _refs(connector.create(h.drafts(1, prefix="PU")))

    def receive(seen: Seen) -> Answer:
        return Answer(200, {"ok": True})

    with Loopback(receive) as receiver:
        h.control(
            "POST",
            "/_control/push",
            {
                "app_key": h.app_key,
                "callback_url": receiver.url + "/hook",
                "message_types": [0],
                "duplicates": 1,
            },
        )
        order_id = h.place_order("PU0000", 1)
        deadline = time.monotonic() + 5
        while len(receiver.seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(receiver.seen) >= 2
        events = [
            connector.parse_webhook(receiver.url + "/hook", s.headers, s.body)[0]
            for s in receiver.seen
        ]
    assert {(e.kind, e.remote_id) for e in events} == {("order", order_id)}
    assert events[0].raw == events[1].raw  # a repeat is recognisable: the caller drops it


def test_a_refused_create_fails_every_sku_of_the_product_and_is_not_retried(h: Harness) -> None:
    connector = _lazada(h)
    [draft] = h.drafts(1, prefix="DU", variants=2)
    assert all(r.ok for r in connector.create([draft]))
    h.reset_stats()
    again = connector.create([replace(draft, product_code="DU-again")])  # SellerSku taken (4105)
    assert [(r.ok, r.retryable) for r in again] == [(False, False), (False, False)]
    assert all(r.reason and r.code for r in again)
    assert h.calls("create") == 1
    assert sorted(h.skus_on_platform()) == ["DU0000-0", "DU0000-1"]
