"""Authorization codes, access tokens and refresh tokens (lazada.md §1.3, §1.4).

A code (`0_<app_key>_<random>`) is single use and lives 30 minutes. Access and refresh lifetimes
are the app's own when the control API set them, else `Limits` (a test app: 7 and 14 days):
Lazada's vary by app policy (§1.2). A refresh issues a new access token and, unless
`rotate_refresh` is set, hands back the same refresh token with what is left of its life: the
refresh token itself is never extended. Tokens issued before stay valid until they expire.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sandbox.common.store import upsert
from sandbox.lazada.accounts import random_text
from sandbox.lazada.envelope import ILLEGAL_ACCESS_TOKEN, ILLEGAL_REFRESH_TOKEN, INVALID_CODE
from sandbox.lazada.limits import Limits

Owner = tuple[str, int]  # (app_key, seller_id)


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int


def _store(db: sqlite3.Connection, table: str, secret: str, owner: Owner, expires_at: int) -> str:
    """Save a code or token (again: a chosen one may be re-issued, e.g. the notes' "test")."""
    column = "code" if table == "codes" else "token"
    row = {column: secret, "app_key": owner[0], "seller_id": owner[1], "expires_at": expires_at}
    upsert(db, table, (column,), {**row, "used": 0})
    return secret


def _live(
    db: sqlite3.Connection, table: str, secret: str, app_key: str, now: int
) -> sqlite3.Row | None:
    """The unused, unexpired row of this app holding the secret."""
    column = "code" if table == "codes" else "token"
    row = db.execute(f"SELECT * FROM {table} WHERE {column} = ?", (secret,)).fetchone()  # noqa: S608
    if row is None or row["used"] or row["expires_at"] <= now or row["app_key"] != app_key:
        return None
    return row


def issue_code(
    db: sqlite3.Connection, limits: Limits, owner: Owner, now: int, code: str | None = None
) -> str:
    code = code or f"0_{owner[0]}_{random_text(32)}"
    return _store(db, "codes", code, owner, now + limits.tokens.code_ttl)


def redeem_code(db: sqlite3.Connection, code: str, app_key: str, now: int) -> int:
    """Use a code up and return its seller; unknown, used, expired or another app's: InvalidCode."""
    row = _live(db, "codes", code, app_key, now)
    if row is None:
        raise INVALID_CODE()
    db.execute("UPDATE codes SET used = 1 WHERE code = ?", (code,))
    return int(row["seller_id"])


def lifetimes(db: sqlite3.Connection, limits: Limits, app_key: str) -> tuple[int, int]:
    """(access, refresh) seconds: the app's own if the control API set them, else `Limits`."""
    row = db.execute(
        "SELECT access_ttl, refresh_ttl FROM apps WHERE app_key = ?", (app_key,)
    ).fetchone()
    access = row["access_ttl"] if row and row["access_ttl"] else limits.tokens.access_ttl
    refresh = row["refresh_ttl"] if row and row["refresh_ttl"] else limits.tokens.refresh_ttl
    return int(access), int(refresh)


def _fresh(prefix: str) -> str:
    """A token like Lazada's: `50000...` (access) or `50001...` (refresh), 60 characters."""
    return prefix + random_text(55)


def issue_pair(
    db: sqlite3.Connection, limits: Limits, owner: Owner, now: int, access_token: str | None = None
) -> TokenPair:
    """A fresh access and refresh token for (app_key, seller_id)."""
    access_ttl, refresh_ttl = lifetimes(db, limits, owner[0])
    access = access_token or _fresh("50000")
    _store(db, "access_tokens", access, owner, now + access_ttl)
    refresh_token = _store(db, "refresh_tokens", _fresh("50001"), owner, now + refresh_ttl)
    return TokenPair(access, refresh_token, access_ttl, refresh_ttl)


def refresh(
    db: sqlite3.Connection, limits: Limits, refresh_token: str, app_key: str, now: int
) -> tuple[int, TokenPair]:
    """A new access token for a live refresh token of this app: (seller_id, pair). Without
    `rotate_refresh` the same refresh token comes back, with what is left of its life."""
    row = _live(db, "refresh_tokens", refresh_token, app_key, now)
    if row is None:
        raise ILLEGAL_REFRESH_TOKEN()
    owner = (app_key, int(row["seller_id"]))
    if limits.tokens.rotate_refresh:
        db.execute("UPDATE refresh_tokens SET used = 1 WHERE token = ?", (refresh_token,))
        return owner[1], issue_pair(db, limits, owner, now)
    access_ttl = lifetimes(db, limits, app_key)[0]
    access = _store(db, "access_tokens", _fresh("50000"), owner, now + access_ttl)
    left = int(row["expires_at"]) - now
    return owner[1], TokenPair(access, refresh_token, access_ttl, left)


def check_access(db: sqlite3.Connection, token: str, app_key: str, now: int) -> int:
    """The seller of a live access token issued to this app; IllegalAccessToken otherwise."""
    row = _live(db, "access_tokens", token, app_key, now)
    if row is None:
        raise ILLEGAL_ACCESS_TOKEN()
    return int(row["seller_id"])


def expire_all(db: sqlite3.Connection, now: int) -> None:
    """The `expire_tokens` fault: every access token issued so far stops working now."""
    db.execute("UPDATE access_tokens SET expires_at = MIN(expires_at, ?)", (now,))
