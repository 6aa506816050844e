"""Lazada's envelope and error table, token replies, and the update_after window pager."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from connectors.base import Credentials
from connectors.errors import (
    AuthError,
    FatalError,
    ProtocolError,
    RecordError,
    RetryableError,
)
from connectors.http import Reply
from connectors.lazada.client import (
    RejectedItems,
    WindowPager,
    parse_grant,
    read_envelope,
)
from connectors.pagination import Page


def _reply(body: Any, status: int = 200) -> Reply:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Reply("POST", "/product/create", status, {}, raw)


def _error(code: str, kind: str = "ISV", message: str = "", status: int = 200, **extra: Any) -> Any:
    body = {
        "type": kind,
        "code": code,
        "message": message,
        "request_id": "0ba2887315178178017221014",
    }
    with pytest.raises(Exception) as raised:
        read_envelope(_reply({**body, **extra}, status))
    return raised.value


def test_code_zero_as_a_string_is_success() -> None:
    data = {"code": "0", "data": {"item_id": 1}, "request_id": "x"}
    assert read_envelope(_reply(data)) == data
    assert read_envelope(_reply({**data, "code": 0}))["data"] == {"item_id": 1}  # lenient


def test_api_call_limit_is_retryable_and_was_not_executed() -> None:
    message = "Api access frequency exceeds the limit. this ban will last 3 seconds."
    error = _error("ApiCallLimit", message=message)
    assert isinstance(error, RetryableError) and not error.executed
    assert error.code == "ApiCallLimit"
    assert error.retry_after is not None and 3.0 <= error.retry_after < 3.5  # the ban, + jitter
    assert 1.0 <= _error("901").retry_after < 1.5  # at least a second (§4.4)


def test_illegal_access_token_means_refresh_once() -> None:
    error = _error("IllegalAccessToken", message="The specified access token is invalid or expired")
    assert isinstance(error, AuthError)


@pytest.mark.parametrize(
    "code",
    ["IllegalRefreshToken", "InvalidCode", "IncompleteSignature", "AUTH_TYPE_UNSUPPORTED", "19"],
)
def test_setup_errors_stop_the_channel(code: str) -> None:
    error = _error(code, kind="SYSTEM")
    assert isinstance(error, FatalError) and not isinstance(error, AuthError)


@pytest.mark.parametrize(("code", "kind"), [("ServiceTimeout", "ISP"), ("6", "ISV"), ("x", "ISP")])
def test_backend_faults_are_retried_only_where_repeating_is_safe(code: str, kind: str) -> None:
    error = _error(code, kind=kind)
    assert isinstance(error, RetryableError) and error.executed


def test_an_unknown_code_behind_a_5xx_follows_the_status() -> None:
    error = _error("Busy", kind="", status=503)
    assert isinstance(error, RetryableError) and not error.executed


@pytest.mark.parametrize("code", ["5", "4105", "4157", "E0001"])
def test_data_errors_mark_the_item(code: str) -> None:
    error = _error(code, message="E005: Invalid Request Format")
    assert isinstance(error, RecordError) and not isinstance(error, RejectedItems)
    assert error.code == code


def test_a_partial_failure_carries_its_detail() -> None:
    detail = [{"field": "Price", "message": "bad", "seller_sku": "A"}]
    error = _error("501", message="E501: Update product failed", detail=detail)
    assert isinstance(error, RejectedItems)
    assert error.detail == detail


@pytest.mark.parametrize("body", [b"<html>punish</html>", b"[]", b'{"data": {}}'])
def test_an_unreadable_reply_is_a_protocol_error(body: bytes) -> None:
    with pytest.raises(ProtocolError):
        read_envelope(_reply(body, 502))


# -- tokens ----------------------------------------------------------------------------------

CREATE = {
    "access_token": "50000601c30atpedfgu3LVvik87Ixlsvle3mSoB7701ceb156fPunYZ43GBg",
    "refresh_token": "500016000300bwa2WteaQyfwBMnPxurcA0mXGhQdTt18356663CfcDTYpWoi",
    "expires_in": 604800,
    "refresh_expires_in": "1209600",  # numbers sometimes come as strings (§1.4)
    "country": "vn",
    "account_platform": "seller_center",
    "account": "htx@example.vn",
    "country_user_info": [
        {"country": "sg", "seller_id": "1", "user_id": "2", "short_code": "SG1"},
        {"country": "vn", "seller_id": "1000123", "user_id": "3", "short_code": "VN1"},
    ],
    "code": "0",
    "request_id": "0ba2887315178178017221014",
}


def test_the_create_reply_names_its_sellers_country_user_info() -> None:
    grant = parse_grant(CREATE)
    assert (grant.seller_id, grant.expires_in, grant.refresh_expires_in, grant.account) == (
        "1000123",
        604800,
        1209600,
        "htx@example.vn",
    )
    base = Credentials(shop_id="", secrets={"app_secret": "s"}, settings={"app_key": "1"})
    now = datetime(2026, 12, 1, tzinfo=UTC).timestamp()
    credentials = grant.credentials(base, now)
    assert credentials.shop_id == "1000123"
    assert credentials.secrets["app_secret"] == "s"  # kept beside the new pair
    assert credentials.access_expires_at == datetime(2026, 12, 8, tzinfo=UTC)  # from expires_in
    assert credentials.refresh_expires_at == datetime(2026, 12, 15, tzinfo=UTC)


def test_the_refresh_reply_names_them_country_user_info_list() -> None:
    body = {k: v for k, v in CREATE.items() if k != "country_user_info"}
    body["country_user_info_list"] = [{"country": "vn", "seller_id": "1000123"}]
    body["expires_in"] = "2592000"
    grant = parse_grant(body)
    assert (grant.seller_id, grant.expires_in) == ("1000123", 2592000)


@pytest.mark.parametrize("broken", [{"access_token": ""}, {"expires_in": "soon"}])
def test_a_broken_token_reply_is_a_protocol_error(broken: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError):
        parse_grant({**CREATE, **broken})


# -- the window pager --------------------------------------------------------------------------


class FakeList:
    """Rows with update times; answers (after, before, offset) like /orders/get would."""

    def __init__(self, times: list[int], limit: int) -> None:
        self.times = sorted(times)
        self.limit = limit
        self.asked: list[tuple[int, int | None, int]] = []

    def fetch(
        self, after: int, before: int | None, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        self.asked.append((after, before, offset))
        inside = [t for t in self.times if t >= after and (before is None or t <= before)]
        rows = [{"id": i, "t": t} for i, t in enumerate(inside)][offset : offset + self.limit]
        return [{"t": r["t"]} for r in rows], len(inside)


def _walk(fake: FakeList, max_offset: int, start: int, end: int | None) -> list[Page[Any, Any]]:
    pager = WindowPager(fake.fetch, fake.limit, max_offset, lambda: 10_000)
    return list(pager.pages(start, end))


def test_offset_pages_inside_one_window() -> None:
    fake = FakeList(list(range(0, 250)), limit=100)
    pages = _walk(fake, 5000, 0, 1000)
    assert [len(p.items) for p in pages] == [100, 100, 50]
    assert [a[2] for a in fake.asked] == [0, 100, 200]
    assert [p.next is None for p in pages] == [False, False, True]


def test_a_window_too_deep_for_offsets_is_halved_until_it_fits() -> None:
    fake = FakeList([t for t in range(0, 1000) for _ in range(3)], limit=50)  # 3000 rows
    pages = _walk(fake, 500, 0, 1000)
    assert max(offset for _, _, offset in fake.asked) <= 500  # never a deep offset
    read = sorted(row["t"] for p in pages for row in p.items)
    assert set(read) == set(fake.times)  # nothing skipped; edges may be read twice
    assert all(p.next is not None for p in pages[:-1]) and pages[-1].next is None
    assert all(p.items for p in pages[:-1])  # no empty page before the end (safe cursors)


def test_an_empty_window_is_one_empty_last_page() -> None:
    pages = _walk(FakeList([], limit=50), 500, 0, None)
    assert [(len(p.items), p.next) for p in pages] == [(0, None)]
