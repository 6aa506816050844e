"""Delivers queued push messages to callback URLs, in a background thread (platform-neutral).

Each platform keeps its messages in a `push_messages` table with at least `message_id`, `state`
('pending', 'delivered', 'lost', ...), `attempts` and `next_try` (fake-clock seconds), and gives a
`PushPolicy`: which column and table name the app and its key, the headers (signature) of one
delivery, which replies count as delivered, and the retry schedule. A failed try is retried
after `retry_delays` seconds of the fake clock (tests move the clock instead of waiting); after the
last one the message is "lost". Network calls happen outside the state lock.
"""

from __future__ import annotations

import sqlite3
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from sandbox.common.clock import Clock
from sandbox.common.store import Store

IDLE = 1.0
BATCH = 50


@dataclass(frozen=True)
class PushPolicy:
    owner: str  # the column naming the app in push_messages, push_config and `secrets`
    secrets: str  # the table of apps and their signing keys
    headers: Callable[[sqlite3.Row], dict[str, str]]  # a due row: message, url, app columns
    accepts: Callable[[int, bytes], bool]
    retry_delays: tuple[int, ...]
    timeout: float
    thread_name: str

    def due_sql(self) -> str:
        """Pending messages whose time has come, with their callback URL and the app's row."""
        return (
            "SELECT s.*, m.*, c.callback_url AS url FROM push_messages m "  # noqa: S608
            f"JOIN push_config c USING ({self.owner}) JOIN {self.secrets} s USING ({self.owner}) "
            "WHERE m.state = 'pending' AND m.next_try <= ? AND c.callback_url != '' "
            f"ORDER BY m.message_id LIMIT {BATCH}"
        )


def post(
    url: str, body: bytes, headers: dict[str, str], timeout: float
) -> tuple[int, bytes] | None:
    """POST the raw body; the reply's status and body, or None when nothing came back."""
    request = urllib.request.Request(  # noqa: S310 - the callback's scheme was checked
        url,
        data=body,
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:  # noqa: S310
            return int(reply.status), bytes(reply.read())
    except urllib.error.HTTPError as error:
        return int(error.code), b""
    except (urllib.error.URLError, OSError, ValueError):
        return None


class Pusher:
    def __init__(self, store: Store, clock: Clock, policy: PushPolicy) -> None:
        self._store = store
        self._clock = clock
        self._policy = policy
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        store.on_commit.append(self._after_commit)

    def _after_commit(self, db: sqlite3.Connection) -> None:
        """Wake the sender only when something waits to be sent (an index lookup)."""
        if db.execute("SELECT 1 FROM push_messages WHERE state = 'pending' LIMIT 1").fetchone():
            self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._loop, name=self._policy.thread_name, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=self._policy.timeout + 1)

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
        policy = self._policy
        for row in self._due():
            body = str(row["body"]).encode()
            reply = post(row["url"], body, policy.headers(row), policy.timeout)
            self._record(row, reply is not None and policy.accepts(*reply))
        with self._store.transaction() as db:
            soonest = db.execute(
                "SELECT MIN(next_try) FROM push_messages WHERE state = 'pending'"
            ).fetchone()[0]
        if soonest is None:
            return IDLE
        return min(IDLE, max(0.01, soonest - self._clock.now()))

    def _due(self) -> list[sqlite3.Row]:
        with self._store.transaction() as db:
            return db.execute(self._policy.due_sql(), (self._clock.now(),)).fetchall()

    def _record(self, row: sqlite3.Row, ok: bool) -> None:
        attempts = row["attempts"] + 1
        delays = self._policy.retry_delays
        if ok:
            state, next_try = "delivered", row["next_try"]
        elif attempts > len(delays):
            state, next_try = "lost", row["next_try"]
        else:
            state, next_try = "pending", self._clock.now() + delays[attempts - 1]
        with self._store.transaction() as db:
            db.execute(
                "UPDATE push_messages SET state = ?, attempts = ?, next_try = ? "
                "WHERE message_id = ?",
                (state, attempts, next_try, row["message_id"]),
            )
