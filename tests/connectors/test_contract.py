"""The one contract every connector passes, against its platform's sandbox over real HTTP.

Parametrised over the registry's platforms. Each platform brings a harness
(`tests/connectors/harness_<platform>.py`, class `Harness`) that starts its sandbox, connects a
fresh shop through `PlatformSpec.authorize` + `connect`, and plays the marketplace through the
sandbox control API (orders, faults, clock, stats). The test itself speaks only the Connector
protocol and the harness, so a new platform joins by adding a harness.
"""

from __future__ import annotations

import importlib
import math
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from connectors import registry
from connectors.base import (
    Connector,
    ListingRef,
    ListingStatus,
    OpKind,
    OrderStatus,
    PriceUpdate,
    StockUpdate,
    WriteResult,
)

DAY = 86400


def _harness_class(platform: str) -> Any:
    try:
        module = importlib.import_module(f"tests.connectors.harness_{platform}")
    except ModuleNotFoundError:
        pytest.fail(
            f"platform {platform!r} is registered but has no contract-test harness "
            f"(tests/connectors/harness_{platform}.py)"
        )
    return module.Harness


@pytest.fixture(scope="module", params=registry.platforms())
def sandbox(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    harness = _harness_class(request.param)(tmp_path_factory.mktemp(request.param))
    harness.start()
    try:
        yield harness
    finally:
        harness.stop()


@pytest.fixture
def h(sandbox: Any) -> Any:
    sandbox.reset()
    return sandbox


def _refs(results: list[WriteResult]) -> dict[str, ListingRef]:
    failed = [r for r in results if not r.ok]
    assert not failed, failed[:3]
    return {r.sku: ListingRef(r.sku, r.listing_id, r.variant_id) for r in results}


def test_check(h: Any) -> None:
    connector = h.connect()
    assert isinstance(connector, Connector)
    assert connector.capabilities.platform == h.platform
    assert connector.check().strip()


def test_create_then_page_through_every_listing(h: Any) -> None:
    connector = h.connect()
    singles = h.drafts(h.page_size + 5)  # more than one page of listings
    grouped = h.drafts(2, prefix="MV", variants=3)
    results = connector.create(singles + grouped)
    refs = _refs(results)
    wanted = {v.sku for d in singles + grouped for v in d.variants}
    assert [r.sku for r in results] == [v.sku for d in singles + grouped for v in d.variants]
    assert all(r.listing_id for r in results)

    listings = list(connector.iter_listings())
    by_sku = {listing.sku: listing for listing in listings}
    assert len(listings) == len(by_sku) == len(wanted)  # every SKU once: no page read twice
    assert set(by_sku) == wanted
    for sku, ref in refs.items():
        assert (by_sku[sku].listing_id, by_sku[sku].variant_id) == (ref.listing_id, ref.variant_id)
    first = by_sku[singles[0].variants[0].sku]
    assert (first.price, first.stock, first.status) == (100_000, 50, ListingStatus.LIVE)
    assert first.updated_at.tzinfo is not None
    assert by_sku["MV0000-2"].price == 120_000
    if connector.capabilities.groups_variants:
        assert len({by_sku[f"MV0001-{v}"].listing_id for v in range(3)}) == 1
    assert h.calls("list") >= 2


def test_update_price_and_stock_then_read_them_back(h: Any) -> None:
    connector = h.connect()
    refs = _refs(connector.create(h.drafts(55) + h.drafts(1, prefix="MV", variants=3)))
    since = h.now() - timedelta(seconds=1)
    skus = sorted(refs)
    prices = {sku: 150_000 + 1_000 * i for i, sku in enumerate(skus)}
    stocks = {sku: 7 + i for i, sku in enumerate(skus)}

    assert all(
        r.ok for r in connector.update_prices([PriceUpdate(refs[s], p) for s, p in prices.items()])
    )
    assert all(
        r.ok for r in connector.update_stock([StockUpdate(refs[s], q) for s, q in stocks.items()])
    )

    seen = {listing.sku: listing for listing in connector.iter_listings(since)}
    assert {s: seen[s].price for s in skus} == prices
    assert {s: seen[s].stock for s in skus} == stocks
    # One write call never carries more than the advertised batch.
    batch = connector.capabilities.batch_size(OpKind.UPDATE_PRICE)
    assert h.calls("update_price") >= math.ceil(len(skus) / batch)


def test_read_orders_across_windows_and_resume_from_any_cursor(h: Any) -> None:
    connector = h.connect()
    skus = sorted(_refs(connector.create(h.drafts(3))))
    start = list(connector.iter_orders(None, h.now()))
    assert start[-1].done
    cursor = start[-1].cursor

    placed: dict[str, tuple[str, int]] = {}
    for step in range(4):  # 40 days of trade, an order each 10 days
        sku, qty = skus[step % len(skus)], step + 1
        placed[h.place_order(sku, qty)] = (sku, qty)
        h.advance_clock(10 * DAY)
        connector.check()  # the shop stays in use, so its tokens stay alive
    bulk = h.bulk_orders(150, skus, h.now() - timedelta(days=9), h.now() - timedelta(days=1))

    h.reset_stats()
    pages = list(connector.iter_orders(cursor, h.now()))
    orders = {o.order_id: o for p in pages for o in p.orders}
    assert set(placed) <= set(orders)
    assert len(orders) == len(placed) + bulk
    for order_id, (sku, qty) in placed.items():
        order = orders[order_id]
        assert [(line.sku, line.qty) for line in order.lines] == [(sku, qty)]
        assert order.status is OrderStatus.TO_SHIP
        assert order.total > 0 and order.created_at.tzinfo is not None
    assert pages[-1].done and not any(p.done for p in pages[:-1])
    window = connector.capabilities.order_window_days
    if window:
        assert h.calls("orders") >= math.ceil(40 / window) + 1  # several windows, 150 paged

    # A crash after committing any page's cursor loses nothing on the next run.
    for crash_after in range(len(pages)):
        resumed = {
            o.order_id
            for p in connector.iter_orders(pages[crash_after].cursor, h.now())
            for o in p.orders
        }
        before = {o.order_id for p in pages[: crash_after + 1] for o in p.orders}
        assert before | resumed == set(orders)


def test_ride_out_rate_limits_and_bad_replies_without_duplicate_writes(h: Any) -> None:
    connector = h.connect()

    h.set_faults(rate_limit_burst=3, ops=["create"])
    h.reset_stats()
    [created] = connector.create(h.drafts(1, prefix="RL"))
    assert created.ok
    assert h.calls("create") == 4  # three refusals, then one write

    h.set_faults(busy_burst=2, http_status=503, ops=["list"])
    assert "RL0000" in {listing.sku for listing in connector.iter_listings()}

    ref = ListingRef(created.sku, created.listing_id, created.variant_id)
    h.set_faults(garbage_burst=2, ops=["update_price"])
    h.reset_stats()
    [priced] = connector.update_prices([PriceUpdate(ref, 180_000)])
    assert priced.ok  # setting a price twice is harmless: retried
    assert h.calls("update_price") == 3

    h.set_faults(garbage_burst=1, ops=["create"])
    h.reset_stats()
    [ambiguous] = connector.create(h.drafts(1, prefix="GB"))
    assert not ambiguous.ok  # a create may have run behind a garbage reply: never resent
    assert h.calls("create") == 1

    h.set_faults(rate_limit_burst=2, http_status=429, ops=["update_stock"])
    [stocked] = connector.update_stock([StockUpdate(ref, 9)])
    assert stocked.ok
    h.clear_faults()

    on_platform = Counter(h.skus_on_platform())
    assert on_platform["RL0000"] == 1
    assert on_platform["GB0000"] <= 1
    [listing] = [x for x in connector.iter_listings() if x.sku == "RL0000"]
    assert (listing.price, listing.stock) == (180_000, 9)


def test_refresh_an_expired_token_and_complete_the_call(h: Any) -> None:
    connector = h.connect()
    refs = _refs(connector.create(h.drafts(1, prefix="TK")))
    saved = len(h.store.saved)

    h.expire_tokens()  # the platform drops every token it issued
    h.reset_stats()
    [result] = connector.update_stock([StockUpdate(refs["TK0000"], 11)])
    assert result.ok
    assert h.calls("refresh") == 1
    assert len(h.store.saved) == saved + 1  # the rotated pair is persisted

    h.clear_faults()
    h.advance_clock(5 * 3600)  # past the access token's life: refreshed ahead, nothing refused
    h.reset_stats()
    assert connector.check()
    stats = h.stats()
    assert h.calls("refresh", stats) == 1
    assert h.calls("check", stats) == 1
    assert len(h.store.saved) == saved + 2
    latest = h.store.saved[-1]
    assert latest.access_expires_at is not None and latest.access_expires_at > h.now()
