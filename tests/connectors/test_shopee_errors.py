"""Shopee's error table and envelope: the HTTP status never decides, `error` does."""

from __future__ import annotations

import json

import pytest

from connectors.classify import Action, ErrorTable
from connectors.errors import (
    AuthError,
    ConnectorError,
    FatalError,
    ProtocolError,
    RecordError,
    RetryableError,
)
from connectors.http import Reply
from connectors.shopee.client import ERRORS, body_of, read_envelope


@pytest.mark.parametrize(
    ("code", "message", "action"),
    [
        ("error_rate_limit", "Too many requests.", Action.RETRY_UNSENT),
        ("error_system_busy", "Our system is taking some time", Action.RETRY_UNSENT),
        ("error_server", "Something wrong. Please try later.", Action.RETRY),
        ("error_inner", "System error", Action.RETRY),
        ("error_network", "Inner http call failed", Action.RETRY),
        ("invalid_acceess_token", "Invalid access_token, please have a check.", Action.AUTH),
        ("invalid_access_token", "", Action.AUTH),
        ("error_auth", "Invalid access_token.", Action.AUTH),
        ("common.error_auth", "Invalid access_token.", Action.AUTH),
        ("error_auth", "Invalid partner_id or shopid.", Action.FATAL),
        ("error_auth", "No permission to current api.", Action.FATAL),
        ("error_auth", "Invalid refresh_token.", Action.FATAL),
        ("error_auth", "Total stock must be more than reserved stock.", Action.RECORD),
        ("error_sign", "Wrong sign.", Action.FATAL),
        ("error_param", "Timestamp is expired.", Action.FATAL),
        ("error_param", "There is no access_token in query.", Action.FATAL),
        ("error_param", "Repeat model_id.", Action.RECORD),
        ("product.error_param", "Image not exist.", Action.RECORD),
        ("order.order_list_invalid_time", "diff in 15days", Action.RECORD),
        ("refresh_token_expired", "", Action.FATAL),
        ("partner_shop_no_link", "", Action.FATAL),
        ("error_price_exceed_max_limitt", "", Action.RECORD),
        ("something_new", "", Action.RECORD),
    ],
)
def test_table(code: str, message: str, action: Action) -> None:
    assert ERRORS.action(code, message) is action


@pytest.mark.parametrize(
    ("code", "error", "executed"),
    [
        ("error_rate_limit", RetryableError, False),
        ("error_system_busy", RetryableError, False),
        ("error_server", RetryableError, True),
        ("invalid_acceess_token", AuthError, None),
        ("error_sign", FatalError, None),
        ("error_item_not_found", RecordError, None),
    ],
)
def test_typed_errors(code: str, error: type[ConnectorError], executed: bool | None) -> None:
    exc = ERRORS.error(code, "msg", platform="shopee", where="/api/v2/x")
    assert type(exc) is error
    assert exc.code == code and exc.platform == "shopee"
    assert str(exc) == f"/api/v2/x: {code}: msg"
    if executed is not None:
        assert isinstance(exc, RetryableError) and exc.executed is executed


def test_the_path_never_takes_part_in_the_match() -> None:
    # The refresh endpoint's path contains "access_token": the message alone decides.
    exc = ERRORS.error(
        "error_auth",
        "Invalid refresh_token.",
        platform="shopee",
        where="/api/v2/auth/access_token/get",
    )
    assert type(exc) is FatalError


def test_tables_merge_over_a_default() -> None:
    base = ErrorTable(codes={"a": Action.RETRY, "b": Action.FATAL}, default=Action.RECORD)
    merged = base.merged(ErrorTable(codes={"b": Action.RECORD}, default=Action.FATAL))
    assert merged.action("a") is Action.RETRY
    assert merged.action("b") is Action.RECORD
    assert merged.action("zzz") is Action.FATAL


def reply(status: int, body: object) -> Reply:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Reply("GET", "/api/v2/product/get_item_list", status, {}, raw)


def test_a_200_with_error_set_is_an_error() -> None:
    with pytest.raises(RetryableError) as caught:
        read_envelope(
            reply(
                200,
                {"request_id": "r", "error": "error_rate_limit", "message": "Too many requests."},
            )
        )
    assert caught.value.executed is False


@pytest.mark.parametrize("status", [400, 429, 500, 503])
def test_an_error_status_with_a_good_envelope_is_read_as_the_envelope(status: int) -> None:
    data = read_envelope(
        reply(status, {"request_id": "r", "error": "", "message": "", "response": {"item": []}})
    )
    assert body_of(data) == {"item": []}
    with pytest.raises(RecordError):
        read_envelope(reply(status, {"error": "error_item_not_found", "message": "x"}))


@pytest.mark.parametrize("body", [b"<html>502 Bad Gateway</html>", b"", b"[1,2]", b"\xff\xfe"])
def test_an_unreadable_body_is_a_protocol_error(body: bytes) -> None:
    with pytest.raises(ProtocolError) as caught:
        read_envelope(reply(502, body))
    assert caught.value.executed is True  # a write behind it may have run


def test_the_daily_cap_asks_to_wait_till_midnight_utc8() -> None:
    now = 1_700_000_000  # 2023-11-14 22:13:20 UTC = 06:13:20 UTC+8
    with pytest.raises(RetryableError) as caught:
        read_envelope(reply(200, {"error": "error_limit", "message": "daily"}), now=now)
    assert caught.value.retry_after == pytest.approx(17 * 3600 + 46 * 60 + 40)


def test_messages_are_truncated() -> None:
    with pytest.raises(RecordError) as caught:
        read_envelope(reply(200, {"error": "error_param", "message": "x" * 5000}))
    assert len(str(caught.value)) < 400
