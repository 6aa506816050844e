"""Partners (apps), shops, and the links an authorization creates between them."""

from __future__ import annotations

import random
import secrets
import sqlite3

from sandbox.shopee.limits import Limits

PARTNER_ID_RANGE = (1_000_000, 2_999_999)
SHOP_ID_RANGE = (100_000_000, 999_999_999)


def _fresh_id(db: sqlite3.Connection, table: str, column: str, bounds: tuple[int, int]) -> int:
    while True:
        candidate = random.randint(*bounds)
        sql = f"SELECT 1 FROM {table} WHERE {column} = ?"  # noqa: S608 - fixed names
        if db.execute(sql, (candidate,)).fetchone() is None:
            return candidate


def upsert_partner(
    db: sqlite3.Connection, partner_id: int | None, key: str | None
) -> tuple[int, str]:
    """Create a partner, or give an existing one a new key when a key is supplied."""
    if partner_id is None:
        partner_id = _fresh_id(db, "partners", "partner_id", PARTNER_ID_RANGE)
    existing = partner_key(db, partner_id)
    if key is None:
        key = existing or "shpk" + secrets.token_hex(30)
    db.execute(
        "INSERT INTO partners (partner_id, partner_key) VALUES (?, ?) "
        "ON CONFLICT (partner_id) DO UPDATE SET partner_key = excluded.partner_key",
        (partner_id, key),
    )
    return partner_id, key


def partner_key(db: sqlite3.Connection, partner_id: int) -> str | None:
    row = db.execute(
        "SELECT partner_key FROM partners WHERE partner_id = ?", (partner_id,)
    ).fetchone()
    return None if row is None else str(row["partner_key"])


def ensure_shop(
    db: sqlite3.Connection, limits: Limits, shop_id: int | None, name: str | None
) -> tuple[int, str]:
    """The shop with this id (created when unknown), or a brand new shop when no id is given."""
    if shop_id is None:
        shop_id = _fresh_id(db, "shops", "shop_id", SHOP_ID_RANGE)
    row = db.execute("SELECT name FROM shops WHERE shop_id = ?", (shop_id,)).fetchone()
    if row is not None:
        if name:
            db.execute("UPDATE shops SET name = ? WHERE shop_id = ?", (name, shop_id))
        return shop_id, name or str(row["name"])
    name = name or f"OCOP Sandbox Shop {shop_id}"
    db.execute(
        "INSERT INTO shops (shop_id, name, region) VALUES (?, ?, ?)", (shop_id, name, limits.region)
    )
    return shop_id, name


def shop_row(db: sqlite3.Connection, shop_id: int) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM shops WHERE shop_id = ?", (shop_id,)).fetchone()


def link(db: sqlite3.Connection, limits: Limits, partner_id: int, shop_id: int, now: int) -> None:
    """Authorize the shop to the partner (again): the authorization runs a year from now."""
    db.execute(
        "INSERT INTO links (partner_id, shop_id, auth_time, expire_time) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (partner_id, shop_id) DO UPDATE SET "
        "auth_time = excluded.auth_time, expire_time = excluded.expire_time",
        (partner_id, shop_id, now, now + limits.authorization_ttl),
    )


def link_row(db: sqlite3.Connection, partner_id: int, shop_id: int) -> sqlite3.Row | None:
    return db.execute(
        "SELECT * FROM links WHERE partner_id = ? AND shop_id = ?", (partner_id, shop_id)
    ).fetchone()


def linked_shops(db: sqlite3.Connection, partner_id: int) -> list[sqlite3.Row]:
    return db.execute(
        "SELECT l.*, s.region FROM links l JOIN shops s USING (shop_id) "
        "WHERE l.partner_id = ? ORDER BY l.auth_time, l.shop_id",
        (partner_id,),
    ).fetchall()


def first_partner(db: sqlite3.Connection, shop_id: int) -> int | None:
    row = db.execute(
        "SELECT partner_id FROM links WHERE shop_id = ? ORDER BY auth_time, partner_id LIMIT 1",
        (shop_id,),
    ).fetchone()
    return None if row is None else int(row["partner_id"])
