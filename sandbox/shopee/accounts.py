"""Partners (apps), shops, and the links an authorization creates between them."""

from __future__ import annotations

import secrets
import sqlite3

from sandbox.common.store import ensure_named, fresh_id, upsert
from sandbox.shopee.limits import Limits

PARTNER_ID_RANGE = (1_000_000, 2_999_999)
SHOP_ID_RANGE = (100_000_000, 999_999_999)


def upsert_partner(
    db: sqlite3.Connection, partner_id: int | None, key: str | None
) -> tuple[int, str]:
    """Create a partner, or give an existing one a new key when a key is supplied."""
    if partner_id is None:
        partner_id = fresh_id(db, "partners", "partner_id", PARTNER_ID_RANGE)
    existing = partner_key(db, partner_id)
    if key is None:
        key = existing or "shpk" + secrets.token_hex(30)
    upsert(db, "partners", ("partner_id",), {"partner_id": partner_id, "partner_key": key})
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
        shop_id = fresh_id(db, "shops", "shop_id", SHOP_ID_RANGE)
    fresh = {"name": f"OCOP Sandbox Shop {shop_id}", "region": limits.region}
    return shop_id, ensure_named(db, "shops", ("shop_id", shop_id), name, lambda: fresh)


def shop_row(db: sqlite3.Connection, shop_id: int) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM shops WHERE shop_id = ?", (shop_id,)).fetchone()


def link(db: sqlite3.Connection, limits: Limits, partner_id: int, shop_id: int, now: int) -> None:
    """Authorize the shop to the partner (again): the authorization runs a year from now."""
    row = {"partner_id": partner_id, "shop_id": shop_id, "auth_time": now}
    row["expire_time"] = now + limits.authorization_ttl
    upsert(db, "links", ("partner_id", "shop_id"), row)


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
