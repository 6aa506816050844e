"""Seller authorization: the consent page and the two token APIs (lazada.md §1.3, §1.4).

Token replies are flat. /auth/token/create lists the seller under `country_user_info`,
/auth/token/refresh under `country_user_info_list` (Lazada names them differently). Neither takes
an access_token. The consent page auto-approves: it redirects to `redirect_uri` with a code.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from sandbox.lazada import accounts, tokens
from sandbox.lazada.context import Call
from sandbox.lazada.envelope import ApiError, business
from sandbox.lazada.tokens import TokenPair


def _reply(call: Call, seller_id: int, pair: TokenPair, list_key: str) -> dict[str, Any]:
    seller = accounts.seller_row(call.db, seller_id)
    assert seller is not None
    return {
        "access_token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "expires_in": pair.expires_in,
        "refresh_expires_in": pair.refresh_expires_in,
        "country": call.limits.country,
        "account_platform": "seller_center",
        "account": seller["email"],
        "account_id": str(seller["user_id"]),
        list_key: [
            {
                "country": call.limits.country,
                "seller_id": str(seller_id),
                "user_id": str(seller["user_id"]),
                "short_code": seller["short_code"],
            }
        ],
    }


def token_create(call: Call) -> dict[str, Any]:
    """/auth/token/create: a single-use code (30 min) for the first token pair."""
    code = call.params.require("code")
    seller_id = tokens.redeem_code(call.db, code, call.app_key, call.now)
    accounts.link(call.db, call.app_key, seller_id, call.now)
    pair = tokens.issue_pair(call.db, call.limits, (call.app_key, seller_id), call.now)
    return _reply(call, seller_id, pair, "country_user_info")


def token_refresh(call: Call) -> dict[str, Any]:
    """/auth/token/refresh: a new access token for a live refresh token."""
    refresh_token = call.params.require("refresh_token")
    seller_id, pair = tokens.refresh(call.db, call.limits, refresh_token, call.app_key, call.now)
    return _reply(call, seller_id, pair, "country_user_info_list")


def _seller(call: Call, app_key: str) -> int:
    """The app's first seller, else a new one: the sandbox knows no login page."""
    links = accounts.linked(call.db, "app_key", app_key)
    if links:
        return int(links[0]["seller_id"])
    return accounts.ensure_seller(call.db, None, None)[0]


def authorize_page(call: Call) -> dict[str, Any]:
    """GET /oauth/authorize?response_type=code&client_id=...&redirect_uri=...&state=..."""
    if call.params.get("uuid") is not None:
        raise ApiError("InvalidParameter", "uuid is not supported")
    if call.params.get("response_type") != "code":
        raise business(1, "Parameter response_type should be code")
    app_key = call.params.require("client_id")
    if accounts.app_secret(call.db, app_key) is None:
        raise ApiError(call.limits.gateway.app_key_error, "The specified app key is invalid")
    redirect = call.params.require("redirect_uri")
    if urlsplit(redirect).scheme not in ("http", "https"):
        raise ApiError("InvalidParameter", "Redirect uri does not match")
    seller_id = _seller(call, app_key)
    code = tokens.issue_code(call.db, call.limits, (app_key, seller_id), call.now)
    state = call.params.get("state")
    query = urlencode({"code": code, **({"state": state} if state else {})})
    call.redirect_to = f"{redirect}{'&' if urlsplit(redirect).query else '?'}{query}"
    return {}
