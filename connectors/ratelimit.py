"""Client-side call budgets: one token bucket per (platform, shop).

Marketplaces throttle per shop or per app and rarely publish numbers, so every connector spends
from a bucket before each HTTP attempt. Buckets live in a `BucketRegistry` that the process
creates once and hands to every connector (through `ConnectorOptions`), so two connectors for the
same shop share one budget. Clock and sleep are injected: tests run on a fake clock.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Protocol

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class RateLimiter(Protocol):
    def acquire(self, tokens: float = 1.0) -> float:
        """Take `tokens`, sleeping until they are available; the seconds waited."""
        ...


class TokenBucket:
    """`rate` tokens per second, at most `burst` saved up. Thread-safe.

    A caller reserves its tokens under the lock (the level may go negative) and sleeps outside
    it, so waiters queue up fairly without holding the lock while asleep.
    """

    def __init__(
        self,
        rate: float,
        burst: int = 1,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive (use math.inf for no limit)")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.rate = float(rate)
        self.burst = float(burst)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._level = float(burst)
        self._stamp = clock()

    def reserve(self, tokens: float = 1.0) -> float:
        """Take `tokens` now (possibly on credit); the seconds the caller must wait before use."""
        if tokens > self.burst:
            raise ValueError("cannot take more tokens than the burst size at once")
        if math.isinf(self.rate):
            return 0.0
        with self._lock:
            now = self._clock()
            elapsed = max(0.0, now - self._stamp)
            self._stamp = now
            self._level = min(self.burst, self._level + elapsed * self.rate)
            self._level -= tokens
            return 0.0 if self._level >= 0 else -self._level / self.rate

    def acquire(self, tokens: float = 1.0) -> float:
        wait = self.reserve(tokens)
        if wait > 0:
            self._sleep(wait)
        return wait


class BucketRegistry:
    """One bucket per (platform, shop) key; the first caller's rate and burst set it up."""

    def __init__(self, *, clock: Clock = time.monotonic, sleep: Sleep = time.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], TokenBucket] = {}

    def bucket(self, platform: str, shop: str, *, rate: float, burst: int = 1) -> TokenBucket:
        key = (platform, shop)
        with self._lock:
            found = self._buckets.get(key)
            if found is None:
                found = TokenBucket(rate, burst, clock=self._clock, sleep=self._sleep)
                self._buckets[key] = found
            return found

    def __len__(self) -> int:
        with self._lock:
            return len(self._buckets)
