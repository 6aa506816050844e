"""Common query parameters and the request signature, checked in Shopee's order.

1. partner_id present and an integer; 2. timestamp present, an integer, within 5 minutes of the
fake clock; 3. sign present; 4. for Shop APIs, access_token and shop_id present; then the partner's
key is looked up and the HMAC recomputed over the API type's base string; a Shop API finally
needs the shop linked to the partner and a live access token.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import sqlite3
from dataclasses import dataclass
from enum import Enum

from sandbox.shopee import accounts, tokens
from sandbox.shopee.context import Query
from sandbox.shopee.envelope import ApiError

UINT32_MAX = 4_294_967_295
_DIGITS = re.compile(r"\d{1,10}")


class ApiKind(Enum):
    PUBLIC = "public"  # base string: partner_id + path + timestamp
    SHOP = "shop"  # ... + access_token + shop_id
    UNSIGNED = "unsigned"  # the /auth page


@dataclass(frozen=True)
class Identity:
    partner_id: int
    shop_id: int = 0


def sign(partner_key: str, base_string: str) -> str:
    """Lowercase hex HMAC-SHA256; the key is used as its UTF-8 bytes, not hex-decoded."""
    return hmac.new(partner_key.encode(), base_string.encode(), hashlib.sha256).hexdigest()


def _uint(raw: str | None) -> int | None:
    if raw is None or not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if value <= UINT32_MAX else None


def _partner_id(query: Query) -> int:
    raw = query.get("partner_id")
    if not raw:
        raise ApiError("error_param", "There is no partner_id in query.")
    value = _uint(raw)
    if value is None:
        raise ApiError(
            "error_param", "Partner_id is invalid, should be an integer between 0 and 4294967295."
        )
    return value


def _check_timestamp(query: Query, now: int, skew: int) -> None:
    raw = query.get("timestamp")
    if not raw:
        raise ApiError("error_param", "no timestamp")
    value = _uint(raw)
    if value is None:
        raise ApiError("error_param", "Invalid timestamp")
    if abs(now - value) > skew:
        raise ApiError("error_param", "Timestamp is expired.")


def _shop_params(query: Query) -> tuple[str, int]:
    token = query.get("access_token")
    if not token:
        raise ApiError("error_param", "There is no access_token in query.")
    raw = query.get("shop_id")
    if not raw:
        raise ApiError("error_param", "There is no shop_id in query.")
    shop_id = _uint(raw)
    if shop_id is None:
        raise ApiError(
            "error_param", "shop_id is invalid, should be an integer between 0 and 4294967295."
        )
    return token, shop_id


def base_string(kind: ApiKind, path: str, query: Query) -> str:
    """Concatenated as sent (no separators); the JSON body is never part of it."""
    head = f"{query.get('partner_id')}{path}{query.get('timestamp')}"
    if kind is ApiKind.SHOP:
        return f"{head}{query.get('access_token')}{query.get('shop_id')}"
    return head


def authenticate(
    db: sqlite3.Connection, kind: ApiKind, path: str, query: Query, now: int, skew: int
) -> Identity:
    partner_id = _partner_id(query)
    _check_timestamp(query, now, skew)
    signature = query.get("sign")
    if not signature:
        raise ApiError("error_param", "There is no sign in query.")
    shop = _shop_params(query) if kind is ApiKind.SHOP else None
    key = accounts.partner_key(db, partner_id)
    if key is None:
        raise ApiError("error_param", "Invalid partner_id.")
    expected = sign(key, base_string(kind, path, query))
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise ApiError("error_sign", "Wrong sign.")
    if shop is None:
        return Identity(partner_id)
    token, shop_id = shop
    if accounts.link_row(db, partner_id, shop_id) is None:
        raise ApiError("error_auth", "Invalid partner_id or shopid.")
    tokens.check_access(db, token, partner_id, shop_id, now)
    return Identity(partner_id, shop_id)


def partner_only(db: sqlite3.Connection, query: Query) -> Identity:
    """The unsigned /auth page names a partner but proves nothing."""
    partner_id = _partner_id(query)
    if accounts.partner_key(db, partner_id) is None:
        raise ApiError("error_param", "Invalid partner_id.")
    return Identity(partner_id)
