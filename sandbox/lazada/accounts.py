"""Apps (app_key + app_secret), seller stores, and the links an authorization makes."""

from __future__ import annotations

import secrets
import sqlite3
import string
from typing import Any

from sandbox.common.store import ensure_named, fresh_id, upsert

APP_KEY_RANGE = (100_000, 999_999)
SELLER_ID_RANGE = (1_000_000_000, 1_999_999_999)
USER_ID_RANGE = (100_000_000, 999_999_999)
_ALNUM = string.ascii_letters + string.digits


def random_text(length: int, alphabet: str = _ALNUM) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _fresh_app_key(db: sqlite3.Connection) -> str:
    while True:
        candidate = str(secrets.randbelow(APP_KEY_RANGE[1] - APP_KEY_RANGE[0]) + APP_KEY_RANGE[0])
        if app_secret(db, candidate) is None:
            return candidate


def upsert_app(
    db: sqlite3.Connection, app_key: str | None, secret: str | None, **lifetimes: int
) -> tuple[str, str]:
    """Create an app, or give an existing one a new secret when a secret is supplied.

    `access_ttl` / `refresh_ttl` set the app's own token lifetimes (a test or online app)."""
    app_key = app_key or _fresh_app_key(db)
    secret = secret or app_secret(db, app_key) or random_text(32)
    upsert(db, "apps", ("app_key",), {"app_key": app_key, "app_secret": secret, **lifetimes})
    return app_key, secret


def app_secret(db: sqlite3.Connection, app_key: str) -> str | None:
    row = db.execute("SELECT app_secret FROM apps WHERE app_key = ?", (app_key,)).fetchone()
    return None if row is None else str(row["app_secret"])


def _new_seller(db: sqlite3.Connection, seller_id: int) -> dict[str, Any]:
    return {
        "name": f"OCOP Sandbox Store {seller_id}",
        "short_code": "VN" + random_text(6, string.ascii_uppercase + string.digits),
        "user_id": fresh_id(db, "sellers", "user_id", USER_ID_RANGE),
        "email": f"seller{seller_id}@ocop-sandbox.vn",
    }


def ensure_seller(
    db: sqlite3.Connection, seller_id: int | None, name: str | None
) -> tuple[int, str]:
    """The seller with this id (created when unknown), or a new seller when no id is given."""
    seller_id = seller_id or fresh_id(db, "sellers", "seller_id", SELLER_ID_RANGE)
    key = ("seller_id", seller_id)
    return seller_id, ensure_named(db, "sellers", key, name, lambda: _new_seller(db, seller_id))


def seller_row(db: sqlite3.Connection, seller_id: int) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM sellers WHERE seller_id = ?", (seller_id,)).fetchone()


def link(db: sqlite3.Connection, app_key: str, seller_id: int, now: int) -> None:
    upsert(
        db,
        "links",
        ("app_key", "seller_id"),
        {"app_key": app_key, "seller_id": seller_id, "linked_at": now},
    )


def linked(db: sqlite3.Connection, column: str, value: str | int) -> list[sqlite3.Row]:
    """The links of an app (`column` "app_key") or of a seller ("seller_id"), oldest first."""
    if column not in ("app_key", "seller_id"):
        raise ValueError(column)
    return db.execute(
        f"SELECT * FROM links WHERE {column} = ? ORDER BY linked_at, app_key, seller_id",  # noqa: S608
        (value,),
    ).fetchall()
