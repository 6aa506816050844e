"""Shop authorization (the two redirect links) and the two token endpoints."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from sandbox.shopee import accounts, tokens
from sandbox.shopee.context import Call, is_int
from sandbox.shopee.envelope import ApiError, bad_param


def _body_partner(call: Call) -> None:
    value = call.body.get("partner_id")
    if not is_int(value):
        raise bad_param("partner_id is required in the body and should be an integer")
    if value != call.partner_id:
        raise ApiError("error_param", "Invalid partner_id.")


def _body_shop(call: Call, other: str, other_error: str) -> int:
    """Exactly one of shop_id or the account id; the sandbox knows no main accounts/merchants."""
    shop_id, alt = call.body.get("shop_id"), call.body.get(other)
    if shop_id is not None and alt is not None:
        raise bad_param(f"only one of shop_id and {other} may be given")
    if alt is not None:
        raise ApiError(other_error, f"Invalid {other}.")
    if not isinstance(shop_id, int) or isinstance(shop_id, bool):
        raise bad_param(f"shop_id or {other} is required")
    return shop_id


def _body_text(call: Call, name: str) -> str:
    value = call.body.get(name)
    if not isinstance(value, str) or not value:
        raise bad_param(f"{name} is required")
    return value


def token_get(call: Call) -> dict[str, Any]:
    """POST /api/v2/auth/token/get: a single-use code for the first token pair (flat reply)."""
    code = _body_text(call, "code")
    _body_partner(call)
    shop_id = _body_shop(call, "main_account_id", "invalid_main_acount_id")
    tokens.redeem_code(call.db, code, call.partner_id, shop_id, call.now)
    pair = tokens.issue_pair(call.db, call.limits, call.partner_id, shop_id, call.now)
    return {
        "access_token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "expire_in": pair.expire_in,
    }


def access_token_get(call: Call) -> dict[str, Any]:
    """POST /api/v2/auth/access_token/get: spend the refresh token for a new pair (flat reply)."""
    refresh_token = _body_text(call, "refresh_token")
    _body_partner(call)
    shop_id = _body_shop(call, "merchant_id", "invalid_merchant_id")
    if accounts.link_row(call.db, call.partner_id, shop_id) is None:
        raise ApiError("error_auth", "Invalid partner_id or shopid.")
    pair = tokens.rotate(call.db, call.limits, refresh_token, call.partner_id, shop_id, call.now)
    return {
        "partner_id": call.partner_id,
        "shop_id": shop_id,
        "access_token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "expire_in": pair.expire_in,
    }


def _authorize(call: Call, redirect: str, extra: dict[str, str]) -> dict[str, Any]:
    """Auto-approve: link the shop and 302 to `redirect?code=...&shop_id=...`."""
    if urlsplit(redirect).scheme not in ("http", "https"):
        raise bad_param("redirect should be an http(s) URL")
    shop_id = _chosen_shop(call)
    accounts.link(call.db, call.limits, call.partner_id, shop_id, call.now)
    code = tokens.issue_code(call.db, call.limits, call.partner_id, shop_id, call.now)
    params = {"code": code, "shop_id": str(shop_id), **extra}
    separator = "&" if urlsplit(redirect).query else "?"
    call.redirect_to = f"{redirect}{separator}{urlencode(params)}"
    return {}


def _chosen_shop(call: Call) -> int:
    """The `shop_id` query parameter, else the partner's first shop, else a new shop."""
    raw = call.query.get("shop_id")
    if raw:
        if not raw.isdigit():
            raise bad_param("shop_id should be an integer")
        return accounts.ensure_shop(call.db, call.limits, int(raw), None)[0]
    shops = accounts.linked_shops(call.db, call.partner_id)
    if shops:
        return int(shops[0]["shop_id"])
    return accounts.ensure_shop(call.db, call.limits, None, None)[0]


def auth_partner(call: Call) -> dict[str, Any]:
    """GET /api/v2/shop/auth_partner: the classic signed link (`redirect=`)."""
    redirect = call.query.get("redirect")
    if not redirect:
        raise bad_param("redirect is required")
    return _authorize(call, redirect, {})


def auth_page(call: Call) -> dict[str, Any]:
    """GET /auth: the newer unsigned link (`redirect_uri=`, `response_type=code`, `state`)."""
    redirect = call.query.get("redirect_uri")
    if not redirect:
        raise bad_param("redirect_uri is required")
    if call.query.get("response_type") != "code":
        raise bad_param("response_type should be code")
    state = call.query.get("state")
    return _authorize(call, redirect, {"state": state} if state else {})
