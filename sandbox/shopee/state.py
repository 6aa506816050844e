"""One sandbox instance: its state file, fake clock, faults, call statistics and limits."""

from __future__ import annotations

from pathlib import Path

from sandbox.shopee.clock import Clock
from sandbox.shopee.faults import Faults, Stats
from sandbox.shopee.limits import Limits
from sandbox.shopee.pusher import Pusher
from sandbox.shopee.store import Store


class Sandbox:
    def __init__(self, state_path: Path, limits: Limits) -> None:
        self.store = Store(state_path)
        self.clock = Clock(self.store)
        self.faults = Faults()
        self.stats = Stats()
        self.limits = limits
        self.pusher = Pusher(self.store, self.clock)

    def reset(self) -> None:
        """Wipe partners, shops, items, orders, faults and stats; the clock goes back to real."""
        self.store.wipe()
        self.clock.real()
        self.faults.clear()
        self.stats.reset()

    def close(self) -> None:
        self.pusher.stop()
        self.store.close()
