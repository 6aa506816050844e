"""Push (webhook) messages: what gets emitted, and the four push APIs (all Public APIs).

A partner with a push config gets a message for each enabled code on its linked shops: code 3 on
every order status change (data uses `ordersn`, Shopee's spelling), code 8 when an order changes a
listing's reserved stock. Messages are queued in the state file and delivered by `pusher.Pusher`;
those that fail every attempt become "lost" and are served by get_lost_push_message.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any
from urllib.parse import urlsplit

from sandbox.common.store import upsert
from sandbox.shopee import items
from sandbox.shopee.context import Call, is_int
from sandbox.shopee.envelope import bad_param

ORDER_STATUS, RESERVED_STOCK = 3, 8
ALL_CODES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15)
LOST_WINDOW = 3 * 86_400
LOST_PAGE = 100


def emit(db: sqlite3.Connection, shop_id: int, code: int, data: dict[str, Any], now: int) -> None:
    """Queue one message per partner linked to the shop whose config enables the code."""
    configs = db.execute(
        "SELECT c.* FROM push_config c JOIN links l USING (partner_id) WHERE l.shop_id = ?",
        (shop_id,),
    ).fetchall()
    for config in configs:
        if not config["callback_url"] or code not in json.loads(config["codes_on"]):
            continue
        if shop_id in json.loads(config["blocked"]):
            continue
        message = {"shop_id": shop_id, "code": code, "timestamp": now, "data": data}
        db.execute(
            "INSERT INTO push_messages (partner_id, shop_id, code, timestamp, body, state, "
            "next_try) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
            (
                config["partner_id"],
                shop_id,
                code,
                now,
                json.dumps(message, ensure_ascii=False),
                now,
            ),
        )


def emit_order(db: sqlite3.Connection, shop_id: int, sn: str, status: str, now: int) -> None:
    data = {
        "ordersn": sn,
        "status": status,
        "update_time": now,
        "completed_scenario": "",
        "items": [],
    }
    emit(db, shop_id, ORDER_STATUS, data, now)


def emit_reserved(
    db: sqlite3.Connection, shop_id: int, item_id: int, model_id: int, sn: str, now: int
) -> None:
    """Code 8; the data shape is the sandbox's own (the notes do not give Shopee's)."""
    data = {
        "item_id": item_id,
        "model_id": model_id,
        "ordersn": sn,
        "reserved_stock": items.reserved_of(db, item_id, model_id),
        "update_time": now,
    }
    emit(db, shop_id, RESERVED_STOCK, data, now)


def _codes(call: Call, name: str) -> set[int]:
    value = call.body.get(name, [])
    if not isinstance(value, list) or not all(is_int(c) and c in ALL_CODES for c in value):
        raise bad_param(f"{name} should be a list of push codes")
    return set(value)


def _current(call: Call) -> sqlite3.Row | None:
    return call.db.execute(
        "SELECT * FROM push_config WHERE partner_id = ?", (call.partner_id,)
    ).fetchone()


def set_app_push_config(call: Call) -> dict[str, Any]:
    current = _current(call)
    url = call.body.get("callback_url", current["callback_url"] if current else "")
    if not isinstance(url, str) or (url and urlsplit(url).scheme not in ("http", "https")):
        raise bad_param("callback_url should be an http(s) URL")
    blocked = call.body.get(
        "blocked_shop_id_list", json.loads(current["blocked"]) if current else []
    )
    if not isinstance(blocked, list) or len(blocked) > 500 or not all(is_int(b) for b in blocked):
        raise bad_param("blocked_shop_id_list should hold at most 500 shop ids")
    codes = set(json.loads(current["codes_on"])) if current else set(ALL_CODES)
    codes = (codes | _codes(call, "set_push_config_on")) - _codes(call, "set_push_config_off")
    config = {"partner_id": call.partner_id, "callback_url": url}
    config |= {"codes_on": json.dumps(sorted(codes)), "blocked": json.dumps(blocked)}
    upsert(call.db, "push_config", ("partner_id",), config)
    return {"result": "success"}


def get_app_push_config(call: Call) -> dict[str, Any]:
    current = _current(call)
    codes = json.loads(current["codes_on"]) if current else []
    return {
        "callback_url": current["callback_url"] if current else "",
        "push_config_on_list": codes,
        "push_config_off_list": [c for c in ALL_CODES if c not in codes],
        "blocked_shop_id_list": json.loads(current["blocked"]) if current else [],
        "live_push_status": "Normal",
        "suspended_time": 0,
    }


def get_lost_push_message(call: Call) -> dict[str, Any]:
    """The earliest 100 lost, unconsumed messages of the last 3 days; `data` is the raw body."""
    rows = call.db.execute(
        "SELECT * FROM push_messages WHERE partner_id = ? AND state = 'lost' AND timestamp >= ? "
        "ORDER BY message_id LIMIT ?",
        (call.partner_id, call.now - LOST_WINDOW, LOST_PAGE + 1),
    ).fetchall()
    page = rows[:LOST_PAGE]
    return {
        "push_message_list": [
            {
                "shop_id": r["shop_id"],
                "code": r["code"],
                "timestamp": r["timestamp"],
                "data": r["body"],
            }
            for r in page
        ],
        "has_next_page": len(rows) > LOST_PAGE,
        "last_message_id": page[-1]["message_id"] if page else 0,
    }


def confirm_consumed_lost_push_message(call: Call) -> dict[str, Any]:
    last = call.body.get("last_message_id")
    if not is_int(last):
        raise bad_param("last_message_id should be an integer")
    call.db.execute(
        "UPDATE push_messages SET state = 'consumed' "
        "WHERE partner_id = ? AND state = 'lost' AND message_id <= ?",
        (call.partner_id, last),
    )
    return {}
