"""Items and models in the state file: loading, saving, SKU lookup and stock moves.

An item without models keeps its price and stock on the item row (model_id 0 in the API); an
item with models keeps them on its model rows. `stock` is the available (sellable) stock;
`reserved` counts the units of open, not yet shipped orders.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sandbox.common.store import grouped, next_counter, select_in, update_row
from sandbox.shopee.envelope import ApiError

ITEM_STATUSES = ("NORMAL", "BANNED", "UNLIST", "REVIEWING", "SELLER_DELETE", "SHOPEE_DELETE")
DELETED = ("SELLER_DELETE", "SHOPEE_DELETE")
ITEM_ID_BASE = 22_000_000_000
MODEL_ID_BASE = 180_000_000_000
ITEM_COLUMNS = (
    "item_sku",
    "item_name",
    "description",
    "category_id",
    "item_status",
    "price",
    "stock",
    "has_model",
    "weight",
)


def extra(row: sqlite3.Row) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(row["extra"])
    return value


def load_item(
    db: sqlite3.Connection, shop_id: int, item_id: int, *, deleted_ok: bool = False
) -> sqlite3.Row:
    row = db.execute("SELECT * FROM items WHERE item_id = ?", (item_id,)).fetchone()
    if row is None or (row["item_status"] in DELETED and not deleted_ok):
        raise ApiError("error_item_not_found", "Item_id is not found.")
    if row["shop_id"] != shop_id:
        raise ApiError("error_item_not_belong_shop", "Item not belong to shop.")
    return row


def models_of(db: sqlite3.Connection, item_id: int) -> list[sqlite3.Row]:
    return db.execute(
        "SELECT * FROM models WHERE item_id = ? ORDER BY model_id", (item_id,)
    ).fetchall()


def models_by_item(db: sqlite3.Connection, item_ids: list[int]) -> dict[int, list[sqlite3.Row]]:
    rows = select_in(db, "models", "item_id", item_ids, order_by="model_id")
    return grouped(rows, "item_id", item_ids)


def count_items(db: sqlite3.Connection, shop_id: int) -> int:
    marks = ",".join("?" * len(DELETED))
    sql = f"SELECT COUNT(*) FROM items WHERE shop_id = ? AND item_status NOT IN ({marks})"  # noqa: S608
    return int(db.execute(sql, (shop_id, *DELETED)).fetchone()[0])


def insert_item(
    db: sqlite3.Connection, shop_id: int, values: dict[str, Any], more: dict[str, Any], now: int
) -> int:
    item_id = next_counter(db, "item_seq", ITEM_ID_BASE)
    db.execute(
        "INSERT INTO items (item_id, shop_id, item_sku, item_name, description, category_id, "
        "item_status, price, stock, weight, extra, create_time, update_time) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            item_id,
            shop_id,
            values.get("item_sku", ""),
            values["item_name"],
            values["description"],
            values["category_id"],
            values.get("item_status", "NORMAL"),
            values["price"],
            values.get("stock", 0),
            values["weight"],
            json.dumps(more),
            now,
            now,
        ),
    )
    return item_id


def save_item(
    db: sqlite3.Connection,
    row: sqlite3.Row,
    values: dict[str, Any],
    more: dict[str, Any],
    now: int,
) -> None:
    """Write changed columns and merged extra fields; every change bumps update_time."""
    columns = {key: value for key, value in values.items() if key in ITEM_COLUMNS}
    columns["extra"] = json.dumps({**extra(row), **more})
    columns["update_time"] = now
    update_row(db, "items", ("item_id", row["item_id"]), columns)


def touch(db: sqlite3.Connection, item_id: int, now: int) -> None:
    db.execute("UPDATE items SET update_time = ? WHERE item_id = ?", (now, item_id))


def insert_model(db: sqlite3.Connection, item: sqlite3.Row, model: dict[str, Any]) -> int:
    model_id = next_counter(db, "model_seq", MODEL_ID_BASE)
    db.execute(
        "INSERT INTO models (model_id, item_id, shop_id, model_sku, tier_index, price, stock) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            model_id,
            item["item_id"],
            item["shop_id"],
            model["model_sku"],
            json.dumps(model["tier_index"]),
            model["price"],
            model["stock"],
        ),
    )
    return model_id


def set_price_stock(
    db: sqlite3.Connection, item_id: int, model_id: int, column: str, value: int
) -> None:
    """Set `price` or `stock` of a model, or of the item itself when model_id is 0."""
    if column not in ("price", "stock"):
        raise ValueError(column)
    if model_id:
        sql = f"UPDATE models SET {column} = ? WHERE model_id = ? AND item_id = ?"  # noqa: S608
        db.execute(sql, (value, model_id, item_id))
    else:
        db.execute(f"UPDATE items SET {column} = ? WHERE item_id = ?", (value, item_id))  # noqa: S608


def move_stock(
    db: sqlite3.Connection, item_id: int, model_id: int, stock: int, reserved: int
) -> None:
    """Add `stock` to the available stock and `reserved` to the reserved count."""
    table, key, ident = (
        ("models", "model_id", model_id) if model_id else ("items", "item_id", item_id)
    )
    db.execute(
        f"UPDATE {table} SET stock = stock + ?, reserved = MAX(reserved + ?, 0) "  # noqa: S608
        f"WHERE {key} = ?",
        (stock, reserved, ident),
    )


def reserved_of(db: sqlite3.Connection, item_id: int, model_id: int) -> int:
    if model_id:
        row = db.execute("SELECT reserved FROM models WHERE model_id = ?", (model_id,)).fetchone()
    else:
        row = db.execute("SELECT reserved FROM items WHERE item_id = ?", (item_id,)).fetchone()
    return 0 if row is None else int(row["reserved"])


def sku_lookup(
    db: sqlite3.Connection, shop_id: int, sku: str
) -> tuple[sqlite3.Row, sqlite3.Row | None] | None:
    """The listing selling a seller SKU: a model_sku, or the item_sku of an item without models."""
    model = db.execute(
        "SELECT m.* FROM models m JOIN items i USING (item_id) WHERE m.shop_id = ? AND "
        "m.model_sku = ? AND i.item_status NOT IN ('SELLER_DELETE', 'SHOPEE_DELETE') "
        "ORDER BY m.model_id LIMIT 1",
        (shop_id, sku),
    ).fetchone()
    if model is not None:
        item = db.execute("SELECT * FROM items WHERE item_id = ?", (model["item_id"],)).fetchone()
        return item, model
    item = db.execute(
        "SELECT * FROM items WHERE shop_id = ? AND item_sku = ? AND has_model = 0 AND "
        "item_status NOT IN ('SELLER_DELETE', 'SHOPEE_DELETE') "
        "ORDER BY item_status != 'NORMAL', item_id LIMIT 1",
        (shop_id, sku),
    ).fetchone()
    return None if item is None else (item, None)


def model_name(item: sqlite3.Row, model: sqlite3.Row | None) -> str:
    """Option names joined by a comma, e.g. "500g,Hũ thủy tinh"."""
    if model is None:
        return ""
    tiers = extra(item).get("tier_variation", [])
    indexes = json.loads(model["tier_index"])
    names = [
        tiers[tier]["option_list"][option]["option"]
        for tier, option in enumerate(indexes)
        if tier < len(tiers) and option < len(tiers[tier]["option_list"])
    ]
    return ",".join(names)
