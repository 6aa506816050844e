"""ShopeeConnector logic against a scripted loopback server: tokens, windows, batching, writes.

The behaviour end to end lives in test_contract.py against the sandbox; here each test scripts
just the replies it needs, so edge cases (a second stale-token error, a refresh race, a lost
add_item reply) are exact.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from connectors.base import (
    ActiveUpdate,
    Credentials,
    ListingDraft,
    ListingRef,
    PriceUpdate,
    StockUpdate,
    VariantDraft,
    WriteOutcome,
)
from connectors.errors import AuthError, FatalError
from connectors.registry import ConnectorOptions
from connectors.shopee.client import Api, TokenGrant, push_signature
from connectors.shopee.connector import ORDER_WINDOW, ShopeeConnector
from connectors.windows import encode_cursor
from tests.connectors.loopback import Answer, Loopback, Seen

NOW = 1_700_000_000
PARTNER_KEY = "pk-SECRET-partner-key"
ACCESS = "at-SECRET-1"
REFRESH = "rt-SECRET-1"

Route = Callable[[Seen], dict[str, Any]]


def ok(response: Any = None, **top: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"request_id": "r", "error": "", "message": "", **top}
    if response is not None:
        body["response"] = response
    return body


def err(code: str, message: str = "") -> dict[str, Any]:
    return {"request_id": "r", "error": code, "message": message}


class FakeShopee:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.server = Loopback(self._answer)

    def _answer(self, seen: Seen) -> Answer:
        route = self.routes.get(seen.path)
        return Answer(body=route(seen) if route else err("error_param", "no route"))

    def calls(self, path: str) -> list[Seen]:
        return [s for s in self.server.seen if s.path == path]

    def route(self, path: str, *replies: dict[str, Any]) -> None:
        """Answer `path` with these replies in turn, the last one forever."""
        queue = list(replies)

        def answer(seen: Seen) -> dict[str, Any]:
            return queue.pop(0) if len(queue) > 1 else queue[0]

        self.routes[path] = answer


class Store:
    def __init__(self) -> None:
        self.saved: list[Credentials] = []

    def save(self, credentials: Credentials) -> None:
        self.saved.append(credentials)


@pytest.fixture
def fake() -> Iterator[FakeShopee]:
    f = FakeShopee()
    with f.server:
        yield f


def credentials(expires_in: float = 3600, **secrets: str) -> Credentials:
    return Credentials(
        shop_id="600",
        secrets={
            "partner_key": PARTNER_KEY,
            "access_token": ACCESS,
            "refresh_token": REFRESH,
            **secrets,
        },
        settings={"partner_id": "2001887"},
        access_expires_at=datetime.fromtimestamp(NOW + expires_in, UTC),
    )


def options(fake: FakeShopee, **extra: Any) -> ConnectorOptions:
    return ConnectorOptions(
        base_url=fake.server.url,
        sleep=lambda s: None,
        clock=lambda: NOW,
        rate_per_second=1e9,
        **extra,
    )


def connector(
    fake: FakeShopee,
    store: Store | None = None,
    creds: Credentials | None = None,
    opts: ConnectorOptions | None = None,
) -> ShopeeConnector:
    return ShopeeConnector(
        creds or credentials(), store=store or Store(), options=opts or options(fake)
    )


def grant(n: int) -> dict[str, Any]:
    return {
        "request_id": "r",
        "error": "",
        "message": "",
        "access_token": f"at-SECRET-{n}",
        "refresh_token": f"rt-SECRET-{n}",
        "expire_in": 14400,
    }


# -- tokens -----------------------------------------------------------------------------------


def test_a_stale_token_is_refreshed_once_saved_first_and_the_call_completed(
    fake: FakeShopee,
) -> None:
    store = Store()
    tokens_seen: list[str] = []

    def shop_info(seen: Seen) -> dict[str, Any]:
        tokens_seen.append(seen.param("access_token"))
        if seen.param("access_token") == ACCESS:
            return err("invalid_acceess_token", "Invalid access_token, please have a check.")
        assert store.saved, "the new pair must be saved before it is used"
        return ok(shop_name="Hợp tác xã Mật ong")

    fake.routes[Api.SHOP_INFO] = shop_info
    fake.route(Api.AUTH_REFRESH, grant(2))
    c = connector(fake, store)
    assert c.check() == "Hợp tác xã Mật ong"
    assert tokens_seen == [ACCESS, "at-SECRET-2"]
    [refresh] = fake.calls(Api.AUTH_REFRESH)
    assert refresh.json() == {"refresh_token": REFRESH, "partner_id": 2001887, "shop_id": 600}
    assert set(refresh.query) == {"partner_id", "timestamp", "sign"}  # a public call
    [saved] = store.saved
    assert saved.secrets["refresh_token"] == "rt-SECRET-2"
    assert saved.secrets["partner_key"] == PARTNER_KEY
    assert saved.access_expires_at == datetime.fromtimestamp(NOW + 14400, UTC)
    assert saved.refresh_expires_at == datetime.fromtimestamp(NOW + 30 * 86400, UTC)
    assert c.credentials == saved


def test_a_second_stale_token_error_is_not_refreshed_again(fake: FakeShopee) -> None:
    fake.route(Api.SHOP_INFO, err("error_auth", "Invalid access_token."))
    fake.route(Api.AUTH_REFRESH, grant(2))
    with pytest.raises(AuthError):
        connector(fake).check()
    assert len(fake.calls(Api.AUTH_REFRESH)) == 1
    assert len(fake.calls(Api.SHOP_INFO)) == 2


def test_a_dead_refresh_token_is_fatal(fake: FakeShopee) -> None:
    fake.route(Api.SHOP_INFO, err("invalid_acceess_token", "Invalid access_token"))
    fake.route(Api.AUTH_REFRESH, err("error_param", "Invalid refresh_token."))
    with pytest.raises(FatalError):
        connector(fake).check()


def test_refresh_ahead_of_expiry(fake: FakeShopee) -> None:
    fake.route(Api.SHOP_INFO, ok(shop_name="x"))
    fake.route(Api.AUTH_REFRESH, grant(2))
    connector(fake, creds=credentials(expires_in=299)).check()
    assert len(fake.calls(Api.AUTH_REFRESH)) == 1
    assert fake.calls(Api.SHOP_INFO)[0].param("access_token") == "at-SECRET-2"
    connector(fake, creds=credentials(expires_in=301)).check()
    assert len(fake.calls(Api.AUTH_REFRESH)) == 1


def test_concurrent_refreshes_of_one_shop_spend_the_refresh_token_once(fake: FakeShopee) -> None:
    def refresh(seen: Seen) -> dict[str, Any]:
        used = seen.json()["refresh_token"]
        return grant(2) if used == REFRESH else err("error_param", "Invalid refresh_token.")

    fake.routes[Api.AUTH_REFRESH] = refresh
    fake.routes[Api.SHOP_INFO] = lambda seen: (
        ok(shop_name="x")
        if seen.param("access_token") == "at-SECRET-2"
        else err("invalid_acceess_token", "Invalid access_token")
    )
    shared = options(fake)  # one per process: shared refresh slots
    store = Store()
    workers = [connector(fake, store, opts=shared) for _ in range(6)]
    errors: list[BaseException] = []

    def run(c: ShopeeConnector) -> None:
        try:
            c.check()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(fake.calls(Api.AUTH_REFRESH)) == 1
    assert len(store.saved) == 1


@pytest.mark.parametrize(
    ("expire_in", "lifetime"),
    [
        (14400, 14400),
        (13859, 13859),
        (1767001812, 14400),
        (0, 14400),
        (-5, 14400),
        (None, 14400),
        ("14400", 14400),
        (10**12, 14400),
    ],
)
def test_expire_in_is_read_defensively(expire_in: object, lifetime: int) -> None:
    assert TokenGrant("a", "r", expire_in).access_lifetime() == lifetime


# -- orders -----------------------------------------------------------------------------------


def _order_detail(seen: Seen) -> dict[str, Any]:
    sns = seen.param("order_sn_list").split(",")
    assert len(sns) <= 50
    assert "item_list" in seen.param("response_optional_fields")
    return ok(
        {
            "order_list": [
                {
                    "order_sn": sn,
                    "order_status": "READY_TO_SHIP",
                    "create_time": NOW - 10,
                    "update_time": NOW - 5,
                    "total_amount": 1000,
                    "item_list": [],
                }
                for sn in sns
            ]
        }
    )


def test_orders_walk_15_day_windows_and_cursors_never_skip(fake: FakeShopee) -> None:
    windows: list[tuple[int, int]] = []

    def order_list(seen: Seen) -> dict[str, Any]:
        window = (int(seen.param("time_from")), int(seen.param("time_to")))
        assert window[1] - window[0] <= ORDER_WINDOW
        if seen.param("cursor") == "":
            windows.append(window)
            sns = [f"W{len(windows)}-{i}" for i in range(100)]
            return ok(
                {"order_list": [{"order_sn": s} for s in sns], "more": True, "next_cursor": "p2"}
            )
        return ok(
            {
                "order_list": [{"order_sn": f"W{len(windows)}-last"}],
                "more": False,
                "next_cursor": "",
            }
        )

    fake.routes[Api.ORDER_LIST] = order_list
    fake.routes[Api.ORDER_DETAIL] = _order_detail
    until = datetime.fromtimestamp(NOW, UTC)
    start = NOW - 40 * 86400
    pages = list(connector(fake).iter_orders(encode_cursor(start + 300), until))
    assert windows == [
        (start, start + ORDER_WINDOW),
        (start + ORDER_WINDOW, start + 2 * ORDER_WINDOW),
        (start + 2 * ORDER_WINDOW, NOW),
    ]
    assert [len(p.orders) for p in pages] == [100, 1] * 3
    assert [p.cursor for p in pages] == [
        encode_cursor(start),
        encode_cursor(start + ORDER_WINDOW),  # mid-window: its start
        encode_cursor(start + ORDER_WINDOW),
        encode_cursor(start + 2 * ORDER_WINDOW),
        encode_cursor(start + 2 * ORDER_WINDOW),
        encode_cursor(NOW),
    ]
    assert [p.done for p in pages] == [False] * 5 + [True]
    assert len(fake.calls(Api.ORDER_DETAIL)) == 3 * 3  # 100 → 50 + 50, then 1


def test_no_cursor_reads_the_last_15_days_and_an_empty_shop_is_done(fake: FakeShopee) -> None:
    fake.route(Api.ORDER_LIST, ok({"order_list": [], "more": False, "next_cursor": ""}))
    until = datetime.fromtimestamp(NOW, UTC)
    [page] = list(connector(fake).iter_orders(None, until))
    assert (page.orders, page.cursor, page.done) == ([], encode_cursor(NOW), True)
    [call] = fake.calls(Api.ORDER_LIST)
    assert (int(call.param("time_from")), int(call.param("time_to"))) == (NOW - ORDER_WINDOW, NOW)
    assert fake.calls(Api.ORDER_DETAIL) == []


def test_a_bad_cursor_is_refused(fake: FakeShopee) -> None:
    with pytest.raises(FatalError):
        list(connector(fake).iter_orders("garbage", datetime.now(UTC)))


# -- writes -----------------------------------------------------------------------------------


def _draft(code: str, image: bytes, *skus: str) -> ListingDraft:
    variants = tuple(
        VariantDraft(sku=s, option=s, price=100000, stock=3, weight_g=500) for s in skus
    )
    return ListingDraft(
        product_code=code,
        name=f"Sản phẩm {code}",
        description="Mô tả",
        category="Mật ong",
        brand=None,
        variants=variants,
        images=(image,),
    )


def _create_routes(fake: FakeShopee) -> None:
    fake.route(
        Api.CATEGORY,
        ok(
            {
                "category_list": [
                    {"category_id": 9, "display_category_name": "Mật ong", "has_children": False}
                ]
            }
        ),
    )
    fake.route(
        Api.CHANNEL_LIST,
        ok(
            {
                "logistics_channel_list": [
                    {"logistics_channel_id": 5, "enabled": True},
                    {"logistics_channel_id": 6, "enabled": False},
                ]
            }
        ),
    )
    fake.route(Api.UPLOAD_IMAGE, ok({"image_info": {"image_id": "img-1"}}))


def test_create_uploads_each_image_once_and_reports_per_sku(fake: FakeShopee) -> None:
    _create_routes(fake)
    items = iter(range(1000, 2000))
    fake.routes[Api.ADD_ITEM] = lambda seen: ok({"item_id": next(items), **seen.json()})
    fake.routes[Api.INIT_TIER] = lambda seen: ok(
        {
            "item_id": seen.json()["item_id"],
            "model": [
                {"model_id": 50 + i, "model_sku": m["model_sku"], "tier_index": m["tier_index"]}
                for i, m in enumerate(seen.json()["model"])
            ],
        }
    )
    results = connector(fake).create(
        [_draft("A", b"same", "A-1"), _draft("B", b"same", "B-1", "B-2")]
    )
    assert [(r.sku, r.outcome, r.listing_id, r.variant_id) for r in results] == [
        ("A-1", WriteOutcome.OK, "1000", ""),
        ("B-1", WriteOutcome.OK, "1001", "50"),
        ("B-2", WriteOutcome.OK, "1001", "51"),
    ]
    assert len(fake.calls(Api.UPLOAD_IMAGE)) == 1
    assert fake.calls(Api.UPLOAD_IMAGE)[0].query.keys() == {"partner_id", "timestamp", "sign"}
    first = fake.calls(Api.ADD_ITEM)[0].json()
    assert (first["category_id"], first["logistic_info"]) == (
        9,
        [{"logistic_id": 5, "enabled": True}],
    )
    assert first["image"] == {"image_id_list": ["img-1"]}
    assert len(fake.calls(Api.CATEGORY)) == len(fake.calls(Api.CHANNEL_LIST)) == 1


def test_a_create_cut_short_before_the_models_leaves_the_first_variant_listed(
    fake: FakeShopee,
) -> None:
    _create_routes(fake)
    fake.route(Api.ADD_ITEM, ok({"item_id": 31}))
    fake.route(Api.INIT_TIER, err("error_param", "Model tier_index error."))
    results = connector(fake).create([_draft("B", b"x", "B-1", "B-2")])
    assert [(r.sku, r.outcome, r.listing_id) for r in results] == [
        ("B-1", WriteOutcome.FAILED, "31"),
        ("B-2", WriteOutcome.FAILED, "31"),
    ]
    added = fake.calls(Api.ADD_ITEM)[0].json()
    assert (added["item_sku"], added["original_price"], added["seller_stock"]) == (
        "B-1",
        100000,
        [{"stock": 3}],
    )


def test_add_item_is_never_resent_after_an_ambiguous_failure(fake: FakeShopee) -> None:
    _create_routes(fake)
    fake.route(Api.ADD_ITEM, err("error_server", "Something wrong."), ok({"item_id": 1}))
    [result] = connector(fake).create([_draft("A", b"x", "A-1")])
    assert len(fake.calls(Api.ADD_ITEM)) == 1
    assert (result.outcome, result.code, result.retryable) == (
        WriteOutcome.FAILED,
        "error_server",
        False,
    )


def test_add_item_is_resent_when_shopee_says_it_did_not_run_it(fake: FakeShopee) -> None:
    _create_routes(fake)
    fake.route(Api.ADD_ITEM, err("error_rate_limit"), err("error_system_busy"), ok({"item_id": 77}))
    [result] = connector(fake).create([_draft("A", b"x", "A-1")])
    assert len(fake.calls(Api.ADD_ITEM)) == 3
    assert (result.outcome, result.listing_id) == (WriteOutcome.OK, "77")


def test_a_rejected_draft_fails_without_retry(fake: FakeShopee) -> None:
    _create_routes(fake)
    fake.route(Api.ADD_ITEM, err("error_invalid_category", "bad category"))
    [result] = connector(fake).create([_draft("A", b"x", "A-1")])
    assert (result.outcome, result.code, result.retryable) == (
        WriteOutcome.FAILED,
        "error_invalid_category",
        False,
    )
    assert len(fake.calls(Api.ADD_ITEM)) == 1


def test_price_updates_are_grouped_per_item_in_calls_of_50(fake: FakeShopee) -> None:
    def update_price(seen: Seen) -> dict[str, Any]:
        entries = seen.json()["price_list"]
        assert len(entries) <= 50
        failed = [
            {"model_id": e["model_id"], "failed_reason": "out of range"}
            for e in entries
            if e["original_price"] > 10**8
        ]
        return ok({"success_list": [], "failure_list": failed})

    fake.routes[Api.UPDATE_PRICE] = update_price
    updates = [PriceUpdate(ListingRef(f"A-{i}", "1", str(100 + i)), 1000 + i) for i in range(120)]
    updates += [PriceUpdate(ListingRef("B", "2"), 10**9)]
    results = connector(fake).update_prices(updates)
    calls = fake.calls(Api.UPDATE_PRICE)
    assert [(c.json()["item_id"], len(c.json()["price_list"])) for c in calls] == [
        (1, 50),
        (1, 50),
        (1, 20),
        (2, 1),
    ]
    assert Counter(r.outcome for r in results) == {WriteOutcome.OK: 120, WriteOutcome.FAILED: 1}
    bad = results[-1]
    assert (bad.sku, bad.reason, bad.code, bad.retryable) == (
        "B",
        "out of range",
        "failure_list",
        False,
    )


def test_a_whole_call_rejection_fails_every_entry_of_that_call(fake: FakeShopee) -> None:
    fake.route(Api.UPDATE_STOCK, err("error_item_not_found", "Item_id is not found."))
    results = connector(fake).update_stock(
        [StockUpdate(ListingRef("A", "1", "11"), 5), StockUpdate(ListingRef("B", "1", "12"), 6)]
    )
    assert [(r.sku, r.outcome, r.code, r.retryable) for r in results] == [
        ("A", WriteOutcome.FAILED, "error_item_not_found", False),
        ("B", WriteOutcome.FAILED, "error_item_not_found", False),
    ]


def test_price_updates_ride_out_a_server_error(fake: FakeShopee) -> None:
    fake.route(Api.UPDATE_PRICE, err("error_server"), ok({"failure_list": []}))
    [result] = connector(fake).update_prices([PriceUpdate(ListingRef("A", "1"), 5000)])
    assert result.ok
    assert len(fake.calls(Api.UPDATE_PRICE)) == 2  # absolute values: safe to resend


def test_set_active_unlists_items_once_each(fake: FakeShopee) -> None:
    fake.route(
        Api.UNLIST_ITEM,
        ok(
            {
                "success_list": [],
                "failure_list": [{"item_id": 2, "failed_reason": "item under promotion"}],
            }
        ),
    )
    results = connector(fake).set_active(
        [
            ActiveUpdate(ListingRef("A-1", "1", "11"), False),
            ActiveUpdate(ListingRef("A-2", "1", "12"), False),
            ActiveUpdate(ListingRef("B", "2"), True),
        ]
    )
    [call] = fake.calls(Api.UNLIST_ITEM)
    assert call.json() == {
        "item_list": [{"item_id": 1, "unlist": True}, {"item_id": 2, "unlist": False}]
    }
    assert [(r.sku, r.outcome) for r in results] == [
        ("A-1", WriteOutcome.OK),
        ("A-2", WriteOutcome.OK),
        ("B", WriteOutcome.FAILED),
    ]


# -- push -------------------------------------------------------------------------------------

PUSH_URL = "https://ocop.example/hooks/shopee"
PUSH_BODY = b'{"shop_id":600,"code":3,"timestamp":1,"data":{"ordersn":"SN9","status":"SHIPPED"}}'


@pytest.mark.parametrize("key", [PARTNER_KEY, "push-SECRET-key"])
def test_a_signed_push_is_read(fake: FakeShopee, key: str) -> None:
    c = connector(fake, creds=credentials(push_key="push-SECRET-key"))
    headers = {"authorization": push_signature(key, PUSH_URL, PUSH_BODY)}
    [event] = c.parse_webhook(PUSH_URL, headers, PUSH_BODY)
    assert (event.kind, event.shop_id, event.remote_id) == ("order", "600", "SN9")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "0" * 64},
        {"Authorization": push_signature(PARTNER_KEY, PUSH_URL + "x", PUSH_BODY)},
    ],
)
def test_a_forged_push_is_refused(fake: FakeShopee, headers: dict[str, str]) -> None:
    with pytest.raises(AuthError):
        connector(fake).parse_webhook(PUSH_URL, headers, PUSH_BODY)


# -- secrets ----------------------------------------------------------------------------------


def test_no_secret_reaches_an_error_or_a_log_line(
    fake: FakeShopee, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.route(Api.SHOP_INFO, err("invalid_acceess_token", "Invalid access_token"))
    fake.route(Api.AUTH_REFRESH, grant(2))
    fake.route(Api.ITEM_LIST, err("error_server", "boom"))
    c = connector(fake)
    with pytest.raises(AuthError) as auth:
        c.check()
    with pytest.raises(Exception) as server:
        list(c.iter_listings(datetime.fromtimestamp(NOW, UTC) - timedelta(days=1)))
    signs = {s.param("sign") for s in fake.server.seen}
    secrets = {PARTNER_KEY, ACCESS, REFRESH, "at-SECRET-2", "rt-SECRET-2", *signs}
    texts = [caplog.text]
    for exc in (auth.value, server.value):
        texts.append("".join(traceback.format_exception(exc)) + repr(exc))
    for text in texts:
        for secret in secrets:
            assert secret not in text
    assert "HTTP/1.1" in caplog.text  # urllib3 did log its request lines
