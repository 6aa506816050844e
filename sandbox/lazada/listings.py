"""Products and SKUs in the state file: ids, loading, saving, SellerSku lookup, stock moves.

A product's `updated_ms` moves on every change of it or its SKUs (it drives `update_after`).
Stock per SKU: `quantity` (total, as price_quantity/update sets it) and `withhold` (units of open
orders before ready_to_ship); sellable = quantity - withhold.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sandbox.common.store import grouped, next_counter, select_in, update_row

ITEM_ID_BASE = 2_100_000_000
SKU_ID_BASE = 11_000_000_000
PRODUCT_STATUSES = ("Active", "InActive", "Pending QC", "Rejected", "Deleted")
SKU_STATUSES = ("active", "inactive", "deleted")
SKU_COLUMNS = (
    "seller_sku",
    "status",
    "price",
    "special_price",
    "special_from",
    "special_to",
    "quantity",
)


def fresh(db: sqlite3.Connection, table: str, column: str, base: int) -> int:
    """The next id of a sequence that skips ids seeded by hand through the control API."""
    while True:
        candidate = next_counter(db, f"{table}_seq", base)
        sql = f"SELECT 1 FROM {table} WHERE {column} = ?"  # noqa: S608 - fixed names
        if db.execute(sql, (candidate,)).fetchone() is None:
            return candidate


def sellable(sku: sqlite3.Row) -> int:
    return int(sku["quantity"]) - int(sku["withhold"])


def extra(sku: sqlite3.Row) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(sku["extra"])
    return value


def load_product(db: sqlite3.Connection, seller_id: int, item_id: int) -> sqlite3.Row | None:
    return db.execute(
        "SELECT * FROM products WHERE item_id = ? AND seller_id = ?", (item_id, seller_id)
    ).fetchone()


def skus_of(db: sqlite3.Connection, item_id: int, *, deleted: bool = False) -> list[sqlite3.Row]:
    rows = db.execute("SELECT * FROM skus WHERE item_id = ? ORDER BY sku_id", (item_id,))
    return [row for row in rows if deleted or row["status"] != "deleted"]


def skus_by_item(db: sqlite3.Connection, item_ids: list[int]) -> dict[int, list[sqlite3.Row]]:
    rows = select_in(db, "skus", "item_id", item_ids, order_by="sku_id")
    return grouped([r for r in rows if r["status"] != "deleted"], "item_id", item_ids)


def sku_by_id(db: sqlite3.Connection, seller_id: int, sku_id: int) -> sqlite3.Row | None:
    return db.execute(
        "SELECT * FROM skus WHERE sku_id = ? AND seller_id = ? AND status != 'deleted'",
        (sku_id, seller_id),
    ).fetchone()


def sku_by_seller_sku(
    db: sqlite3.Connection, seller_id: int, seller_sku: str
) -> sqlite3.Row | None:
    return db.execute(
        "SELECT * FROM skus WHERE seller_id = ? AND seller_sku = ? AND status != 'deleted' "
        "ORDER BY sku_id LIMIT 1",
        (seller_id, seller_sku),
    ).fetchone()


def insert_product(
    db: sqlite3.Connection, seller_id: int, values: dict[str, Any], now_ms: int
) -> int:
    item_id = values.get("item_id") or fresh(db, "products", "item_id", ITEM_ID_BASE)
    db.execute(
        "INSERT INTO products (item_id, seller_id, primary_category, status, attributes, images, "
        "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            item_id,
            seller_id,
            values["primary_category"],
            values["status"],
            json.dumps(values["attributes"], ensure_ascii=False),
            json.dumps(values.get("images", [])),
            now_ms,
            now_ms,
        ),
    )
    return int(item_id)


def insert_sku(db: sqlite3.Connection, product: sqlite3.Row, values: dict[str, Any]) -> int:
    sku_id = values.get("sku_id") or fresh(db, "skus", "sku_id", SKU_ID_BASE)
    db.execute(
        "INSERT INTO skus (sku_id, item_id, seller_id, seller_sku, status, price, special_price, "
        "special_from, special_to, quantity, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            sku_id,
            product["item_id"],
            product["seller_id"],
            values["seller_sku"],
            values.get("status", "active"),
            values["price"],
            values.get("special_price"),
            values.get("special_from"),
            values.get("special_to"),
            values.get("quantity", 0),
            json.dumps(values.get("extra", {}), ensure_ascii=False),
        ),
    )
    return int(sku_id)


def update_product(
    db: sqlite3.Connection, product: sqlite3.Row, changes: dict[str, Any], now_ms: int
) -> None:
    """Write changed product fields (attributes merged); every call bumps updated_ms."""
    columns: dict[str, Any] = {"updated_ms": now_ms}
    if "attributes" in changes:
        merged = {**json.loads(product["attributes"]), **changes["attributes"]}
        columns["attributes"] = json.dumps(merged, ensure_ascii=False)
    if "images" in changes:
        columns["images"] = json.dumps(changes["images"])
    for key in ("status", "primary_category"):
        if key in changes:
            columns[key] = changes[key]
    update_row(db, "products", ("item_id", product["item_id"]), columns)


def update_sku(db: sqlite3.Connection, sku: sqlite3.Row, changes: dict[str, Any]) -> None:
    columns = {key: value for key, value in changes.items() if key in SKU_COLUMNS}
    if "extra" in changes:
        columns["extra"] = json.dumps({**extra(sku), **changes["extra"]}, ensure_ascii=False)
    update_row(db, "skus", ("sku_id", sku["sku_id"]), columns)


def touch(db: sqlite3.Connection, item_id: int, now_ms: int) -> None:
    db.execute("UPDATE products SET updated_ms = ? WHERE item_id = ?", (now_ms, item_id))


def move_stock(db: sqlite3.Connection, sku_id: int, quantity: int, withhold: int) -> None:
    """Add `quantity` to the total and `withhold` to the units held for open orders."""
    db.execute(
        "UPDATE skus SET quantity = MAX(quantity + ?, 0), withhold = MAX(withhold + ?, 0) "
        "WHERE sku_id = ?",
        (quantity, withhold, sku_id),
    )


def settle_status(db: sqlite3.Connection, product: sqlite3.Row, now_ms: int) -> None:
    """A product with no SKU left is Deleted; one with no active SKU is InActive."""
    statuses = {s["status"] for s in skus_of(db, product["item_id"], deleted=True)}
    status = product["status"]
    if statuses <= {"deleted"}:
        status = "Deleted"
    elif "active" not in statuses and status == "Active":
        status = "InActive"
    elif "active" in statuses and status == "InActive":
        status = "Active"
    update_product(db, product, {"status": status}, now_ms)


def find_sku(
    db: sqlite3.Connection,
    seller_id: int,
    *,
    sku_id: str | None,
    seller_sku: str | None,
    item_id: str | None = None,
) -> sqlite3.Row | None:
    """A live SKU of the seller by SkuId (preferred) or SellerSku, inside `item_id` if given."""
    if sku_id is not None:
        sku = sku_by_id(db, seller_id, int(sku_id)) if sku_id.isdigit() else None
    elif seller_sku is not None:
        sku = sku_by_seller_sku(db, seller_id, seller_sku)
    else:
        return None
    if sku is not None and item_id is not None and str(sku["item_id"]) != item_id:
        return None
    return sku
