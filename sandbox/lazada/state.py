"""One Lazada sandbox instance: the shared runtime plus Lazada's tables, limits and throttle."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sandbox.common.runtime import Runtime
from sandbox.lazada import push, tokens
from sandbox.lazada.limits import Limits
from sandbox.lazada.store import SCHEMA, TABLES
from sandbox.lazada.throttle import Throttle


class Sandbox(Runtime):
    def __init__(self, state_path: Path, limits: Limits) -> None:
        super().__init__(state_path, SCHEMA, TABLES, push.policy(limits))
        self.limits = limits
        self.throttle = Throttle(limits)

    def expire_tokens(self, db: sqlite3.Connection, now: int) -> None:
        tokens.expire_all(db, now)

    def reset(self) -> None:
        super().reset()
        self.throttle.clear()
