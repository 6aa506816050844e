"""The fake clock: real time plus a settable offset, kept in the state file across restarts."""

from __future__ import annotations

import time
from collections.abc import Callable

from sandbox.common.store import Store, meta_get, meta_set

_KEY = "clock_offset"


class Clock:
    def __init__(self, store: Store, real: Callable[[], float] = time.time) -> None:
        self._store = store
        self._real = real
        with store.transaction() as db:
            saved = meta_get(db, _KEY)
        self._offset = float(saved) if saved is not None else 0.0

    def now(self) -> int:
        return int(self._real() + self._offset)

    def now_ms(self) -> int:
        return int((self._real() + self._offset) * 1000)

    def advance(self, seconds: float) -> int:
        return self._save(self._offset + seconds)

    def set(self, unix_seconds: float) -> int:
        return self._save(unix_seconds - self._real())

    def real(self) -> int:
        return self._save(0.0)

    def _save(self, offset: float) -> int:
        with self._store.transaction() as db:
            meta_set(db, _KEY, repr(offset))
        self._offset = offset
        return self.now()
