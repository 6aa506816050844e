"""Authorization codes, access tokens and refresh tokens, with Shopee's lifetimes.

Codes are single use (10 min). An access token lives 4 h. A refresh token lives 30 days and is
single use: each refresh (and each re-authorization) issues a new pair, and the access tokens issued
before keep working for 5 more minutes (`Limits.access_grace`).
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass

from sandbox.shopee.envelope import ApiError
from sandbox.shopee.limits import Limits

INVALID_TOKEN = ApiError("invalid_acceess_token", "Invalid access_token, please have a check.")
INVALID_REFRESH = ApiError("error_auth", "Invalid refresh_token.")


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expire_in: int


def issue_code(
    db: sqlite3.Connection, limits: Limits, partner_id: int, shop_id: int, now: int
) -> str:
    code = secrets.token_hex(16)
    db.execute(
        "INSERT INTO codes (code, partner_id, shop_id, expires_at) VALUES (?, ?, ?, ?)",
        (code, partner_id, shop_id, now + limits.code_ttl),
    )
    return code


def redeem_code(db: sqlite3.Connection, code: str, partner_id: int, shop_id: int, now: int) -> None:
    """Use a code up, or refuse it: unknown, used, expired or another partner's (`invalid_code`)."""
    row = db.execute("SELECT * FROM codes WHERE code = ?", (code,)).fetchone()
    if row is None or row["used"] or row["expires_at"] <= now or row["partner_id"] != partner_id:
        raise ApiError("invalid_code", "Invalid code")
    if row["shop_id"] != shop_id:
        raise ApiError("invalid_shop_id", "Invalid shop_id, it does not match the code.")
    db.execute("UPDATE codes SET used = 1 WHERE code = ?", (code,))


def issue_pair(
    db: sqlite3.Connection, limits: Limits, partner_id: int, shop_id: int, now: int
) -> TokenPair:
    """A new pair; earlier access tokens get the grace period, earlier refresh tokens die."""
    owner = (partner_id, shop_id)
    db.execute(
        "UPDATE access_tokens SET expires_at = MIN(expires_at, ?) "
        "WHERE partner_id = ? AND shop_id = ?",
        (now + limits.access_grace, *owner),
    )
    db.execute("UPDATE refresh_tokens SET used = 1 WHERE partner_id = ? AND shop_id = ?", owner)
    pair = TokenPair(secrets.token_hex(16), secrets.token_hex(16), limits.access_ttl)
    db.execute(
        "INSERT INTO access_tokens (token, partner_id, shop_id, expires_at) VALUES (?, ?, ?, ?)",
        (pair.access_token, *owner, now + limits.access_ttl),
    )
    db.execute(
        "INSERT INTO refresh_tokens (token, partner_id, shop_id, expires_at) VALUES (?, ?, ?, ?)",
        (pair.refresh_token, *owner, now + limits.refresh_ttl),
    )
    return pair


def rotate(
    db: sqlite3.Connection,
    limits: Limits,
    refresh_token: str,
    partner_id: int,
    shop_id: int,
    now: int,
) -> TokenPair:
    """Spend a refresh token for a new pair (single use: a second try is refused)."""
    row = db.execute("SELECT * FROM refresh_tokens WHERE token = ?", (refresh_token,)).fetchone()
    if row is None or row["used"] or row["partner_id"] != partner_id:
        raise INVALID_REFRESH
    if row["shop_id"] != shop_id:
        raise ApiError("error_shop_refresh_token", "check refresh token or shopid")
    if row["expires_at"] <= now:
        raise ApiError("refresh_token_expired", "Refresh token is expired.")
    return issue_pair(db, limits, partner_id, shop_id, now)


def check_access(
    db: sqlite3.Connection, token: str, partner_id: int, shop_id: int, now: int
) -> None:
    """Refuse an unknown or expired token (`invalid_acceess_token`, Shopee's spelling)."""
    row = db.execute("SELECT * FROM access_tokens WHERE token = ?", (token,)).fetchone()
    if row is None or row["expires_at"] <= now:
        raise INVALID_TOKEN
    if row["partner_id"] != partner_id or row["shop_id"] != shop_id:
        raise ApiError("error_auth", "Invalid access_token.")


def expire_all(db: sqlite3.Connection, now: int) -> None:
    """The `expire_tokens` fault: every access token issued so far stops working now."""
    db.execute("UPDATE access_tokens SET expires_at = MIN(expires_at, ?)", (now,))
