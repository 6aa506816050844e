"""What every sandbox instance has: its state file, fake clock, faults, stats and push sender."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sandbox.common.clock import Clock
from sandbox.common.faults import Faults, Stats
from sandbox.common.pusher import Pusher, PushPolicy
from sandbox.common.store import Store


class Runtime:
    """The platform-neutral half of a sandbox; each platform subclasses it with its limits."""

    def __init__(
        self, state_path: Path, schema: str, tables: tuple[str, ...], push: PushPolicy
    ) -> None:
        self.store = Store(state_path, schema, tables)
        self.clock = Clock(self.store)
        self.faults = Faults()
        self.stats = Stats()
        self.pusher = Pusher(self.store, self.clock, push)

    def expire_tokens(self, db: sqlite3.Connection, now: int) -> None:
        """The `expire_tokens` fault: every access token issued so far stops working now."""
        raise NotImplementedError

    def reset(self) -> None:
        """Wipe accounts, listings, orders, faults and stats; the clock goes back to real."""
        self.store.wipe()
        self.clock.real()
        self.faults.clear()
        self.stats.reset()

    def close(self) -> None:
        self.pusher.stop()
        self.store.close()
