"""One Shopee sandbox instance: the shared runtime plus Shopee's tables, limits and push rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sandbox.common.runtime import Runtime
from sandbox.shopee import tokens
from sandbox.shopee.limits import Limits
from sandbox.shopee.pusher import POLICY
from sandbox.shopee.store import SCHEMA, TABLES


class Sandbox(Runtime):
    def __init__(self, state_path: Path, limits: Limits) -> None:
        super().__init__(state_path, SCHEMA, TABLES, POLICY)
        self.limits = limits

    def expire_tokens(self, db: sqlite3.Connection, now: int) -> None:
        tokens.expire_all(db, now)
