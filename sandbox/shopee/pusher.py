"""How Shopee delivers pushes (the sender itself is `sandbox.common.pusher`).

Each message is POSTed as raw JSON with `Authorization` = hex HMAC-SHA256(partner_key,
callback_url + "|" + body), to the partner's callback URL as configured at delivery time. Only a
2xx reply with an empty body counts as delivered; two retries follow, 2 and 10 fake-clock seconds
apart, then the message is "lost" (get_lost_push_message serves it).
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3

from sandbox.common.pusher import PushPolicy

RETRY_DELAYS = (2, 10)  # fake-clock seconds before the 2nd and 3rd try
TIMEOUT = 3.0  # Shopee wants the callback to answer within 3 s


def push_signature(key: str, url: str, body: str) -> str:
    return hmac.new(key.encode(), f"{url}|{body}".encode(), hashlib.sha256).hexdigest()


def _headers(row: sqlite3.Row) -> dict[str, str]:
    return {"Authorization": push_signature(row["partner_key"], row["url"], row["body"])}


def _accepts(status: int, body: bytes) -> bool:
    return 200 <= status < 300 and body == b""


POLICY = PushPolicy(
    "partner_id", "partners", _headers, _accepts, RETRY_DELAYS, TIMEOUT, "shopee-pusher"
)
