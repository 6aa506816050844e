"""Delivers queued push messages to the partners' callback URLs, in a background thread.

Each message is POSTed as raw JSON with `Authorization` = hex HMAC-SHA256(partner_key,
callback_url + "|" + body). Only a 2xx reply with an empty body counts as delivered; otherwise it
is retried after `RETRY_DELAYS` seconds of the fake clock (so tests move the clock instead of
waiting), and after the last try it is "lost". Network calls happen outside the state lock.
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
import threading
import urllib.error
import urllib.request

from sandbox.shopee.clock import Clock
from sandbox.shopee.store import Store

RETRY_DELAYS = (2, 10)  # fake-clock seconds before the 2nd and 3rd try
TIMEOUT = 3.0  # Shopee wants the callback to answer within 3 s
IDLE = 1.0


def push_signature(key: str, url: str, body: str) -> str:
    return hmac.new(key.encode(), f"{url}|{body}".encode(), hashlib.sha256).hexdigest()


def post(url: str, body: str, signature: str) -> bool:
    request = urllib.request.Request(  # noqa: S310 - set_app_push_config checked the scheme
        url,
        data=body.encode(),
        headers={"Content-Type": "application/json", "Authorization": signature},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:  # noqa: S310
            return 200 <= reply.status < 300 and reply.read() == b""
    except (urllib.error.URLError, OSError, ValueError):
        return False


class Pusher:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        store.on_commit.append(self._after_commit)

    def _after_commit(self, db: sqlite3.Connection) -> None:
        """Wake the sender only when something waits to be sent (an index lookup)."""
        if db.execute("SELECT 1 FROM push_messages WHERE state = 'pending' LIMIT 1").fetchone():
            self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="shopee-pusher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=TIMEOUT + 1)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                wait = self._drain()
            except sqlite3.ProgrammingError:  # the state file was closed under us
                return
            self._wake.wait(timeout=wait)

    def _drain(self) -> float:
        """Try every due message once; return how long to sleep before looking again."""
        for row in self._due():
            ok = post(row["callback_url"], row["body"], self._sign(row))
            self._record(row, ok)
        with self._store.transaction() as db:
            soonest = db.execute(
                "SELECT MIN(next_try) FROM push_messages WHERE state = 'pending'"
            ).fetchone()[0]
        if soonest is None:
            return IDLE
        return min(IDLE, max(0.01, soonest - self._clock.now()))

    def _due(self) -> list[sqlite3.Row]:
        with self._store.transaction() as db:
            return db.execute(
                "SELECT m.*, c.callback_url, p.partner_key FROM push_messages m "
                "JOIN push_config c USING (partner_id) JOIN partners p USING (partner_id) "
                "WHERE m.state = 'pending' AND m.next_try <= ? AND c.callback_url != '' "
                "ORDER BY m.message_id LIMIT 50",
                (self._clock.now(),),
            ).fetchall()

    @staticmethod
    def _sign(row: sqlite3.Row) -> str:
        return push_signature(row["partner_key"], row["callback_url"], row["body"])

    def _record(self, row: sqlite3.Row, ok: bool) -> None:
        attempts = row["attempts"] + 1
        if ok:
            state, next_try = "delivered", row["next_try"]
        elif attempts > len(RETRY_DELAYS):
            state, next_try = "lost", row["next_try"]
        else:
            state, next_try = "pending", self._clock.now() + RETRY_DELAYS[attempts - 1]
        with self._store.transaction() as db:
            db.execute(
                "UPDATE push_messages SET state = ?, attempts = ?, next_try = ? "
                "WHERE message_id = ?",
                (state, attempts, next_try, row["message_id"]),
            )
