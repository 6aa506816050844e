"""Push messages (lazada.md §7): what gets queued, and how the common sender delivers it.

Every app linked to a seller with a push config (`/_control/push`) gets the message types it
subscribed to: 0 order status (one per order item and status), 3 product created, 4 product
updated, 5 product/SKU deleted, 6 shallow stock (sellable below `Limits.shallow_stock`). The body is
{seller_id, message_type, data, timestamp (ms), site} as compact JSON; `Authorization` is the
lowercase hex HMAC-SHA256 of app_key + body keyed with the app secret. Only HTTP 200 counts as
delivered; Lazada retries every 30 minutes, 12 times (fake clock), and `duplicates` queues extra
copies of each message, since delivery is at least once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from typing import Any

from sandbox.common.pusher import PushPolicy
from sandbox.common.store import upsert
from sandbox.lazada.limits import Limits

ORDER, PRODUCT_CREATED, PRODUCT_UPDATED, PRODUCT_DELETED, SHALLOW_STOCK = 0, 3, 4, 5, 6
TYPES = (0, 1, 3, 4, 5, 6, 8, 10, 12, 13)


def signature(app_key: str, app_secret: str, body: bytes) -> str:
    return hmac.new(app_secret.encode(), app_key.encode() + body, hashlib.sha256).hexdigest()


def _headers(row: sqlite3.Row) -> dict[str, str]:
    body = str(row["body"]).encode()
    return {"Authorization": signature(row["app_key"], row["app_secret"], body)}


def policy(limits: Limits) -> PushPolicy:
    return PushPolicy(
        "app_key",
        "apps",
        _headers,
        lambda status, _body: status == 200,
        limits.push.retry_delays,
        limits.push.timeout,
        "lazada-pusher",
    )


def emit(db: sqlite3.Connection, seller_id: int, kind: int, data: dict[str, Any], now: int) -> None:
    """Queue the message (plus duplicates) for every subscribed app linked to the seller."""
    configs = db.execute(
        "SELECT c.* FROM push_config c JOIN links l USING (app_key) WHERE l.seller_id = ?",
        (seller_id,),
    ).fetchall()
    message = {
        "seller_id": str(seller_id),
        "message_type": kind,
        "data": data,
        "timestamp": now * 1000,
        "site": "lazada_vn",
    }
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    for config in configs:
        if not config["callback_url"] or kind not in json.loads(config["types"]):
            continue
        db.executemany(
            "INSERT INTO push_messages (app_key, seller_id, message_type, body, state, next_try) "
            "VALUES (?, ?, ?, ?, 'pending', ?)",
            [(config["app_key"], seller_id, kind, body, now)] * (1 + config["duplicates"]),
        )


def order_status(
    db: sqlite3.Connection, seller_id: int, order_id: int, status: str, now: int
) -> None:
    """Type 0, one message per order item (dedupe key: order id + line id + status)."""
    lines = db.execute(
        "SELECT order_item_id FROM order_items WHERE order_id = ? ORDER BY order_item_id",
        (order_id,),
    ).fetchall()
    for line in lines:
        data = {
            "order_status": status,
            "trade_order_id": str(order_id),
            "trade_order_line_id": str(line["order_item_id"]),
            "status_update_time": now,
        }
        emit(db, seller_id, ORDER, data, now)


def product_change(
    db: sqlite3.Connection, kind: int, product: sqlite3.Row, skus: list[sqlite3.Row], now: int
) -> None:
    """Types 3, 4 and 5: the item and the SKUs concerned."""
    actions = {PRODUCT_CREATED: "create", PRODUCT_UPDATED: "update", PRODUCT_DELETED: "delete"}
    item_id = product["item_id"]
    sku_list = [
        {
            "sku_id": sku["sku_id"],
            "seller_sku": sku["seller_sku"],
            "shop_sku": f"{item_id}_VNAMZ-{sku['sku_id']}",
        }
        for sku in skus
    ]
    data = {"item_id": item_id, "sku_list": sku_list, "action": actions[kind]}
    emit(db, product["seller_id"], kind, data, now)


def shallow_stock(
    db: sqlite3.Connection, limits: Limits, sku_id: int, before: int, now: int
) -> None:
    """Type 6 when a SKU's sellable quantity drops below the threshold (data shape [I])."""
    sku = db.execute("SELECT * FROM skus WHERE sku_id = ?", (sku_id,)).fetchone()
    after = int(sku["quantity"]) - int(sku["withhold"])
    if not after < limits.content.shallow_stock <= before:
        return
    data = {
        "item_id": sku["item_id"],
        "sku_id": sku_id,
        "seller_sku": sku["seller_sku"],
        "sellable_quantity": after,
    }
    emit(db, sku["seller_id"], SHALLOW_STOCK, data, now)


def configure(db: sqlite3.Connection, app_key: str, body: dict[str, Any]) -> dict[str, Any]:
    """Set (part of) an app's push config; returns it whole."""
    current = db.execute("SELECT * FROM push_config WHERE app_key = ?", (app_key,)).fetchone()
    config = {
        "callback_url": current["callback_url"] if current else "",
        "message_types": json.loads(current["types"]) if current else list(TYPES),
        "duplicates": current["duplicates"] if current else 0,
    }
    config.update({k: body[k] for k in config if k in body})
    row = {"app_key": app_key, "callback_url": config["callback_url"]}
    row |= {"types": json.dumps(config["message_types"]), "duplicates": config["duplicates"]}
    upsert(db, "push_config", ("app_key",), row)
    return {"app_key": app_key, **config}


def messages(db: sqlite3.Connection, app_key: str) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT * FROM push_messages WHERE app_key = ? ORDER BY message_id", (app_key,)
    ).fetchall()
    return [
        {
            "message_id": row["message_id"],
            "message_type": row["message_type"],
            "state": row["state"],
            "attempts": row["attempts"],
            "body": row["body"],
        }
        for row in rows
    ]
