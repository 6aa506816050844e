"""Fault injection and call statistics: the keys of CONTROL.md, the same for every platform.

A new configuration replaces the whole set. Counters (`*_burst`) only count calls to `paths` and
are used up as they fire. `expire_tokens` acts once, when the faults are set (the platform expires
its own tokens). `pick` names the kind of fault a call meets; each platform turns the kind into
its own error envelope.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

KEYS = (
    "error_rate",
    "rate_limit_burst",
    "busy_burst",
    "garbage_burst",
    "qps_limit",
    "latency_ms",
    "http_status",
    "expire_tokens",
    "paths",
)
_NUMBERS = {
    "error_rate": (0, 1, False),
    "rate_limit_burst": (0, 10**9, True),
    "busy_burst": (0, 10**9, True),
    "garbage_burst": (0, 10**9, True),
    "qps_limit": (1, 10**9, True),
    "latency_ms": (0, 60_000, False),
    "http_status": (100, 599, True),
}
GARBAGE_PAGE = (
    "<html><head><title>502 Bad Gateway</title></head>"
    "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)


class Fault(Enum):
    GARBAGE = "garbage"  # a non-JSON 502 page
    RATE_LIMIT = "rate_limit"
    BUSY = "busy"
    SERVER = "server"


class FaultConfigError(ValueError):
    pass


@dataclass
class _Config:
    settings: dict[str, Any] = field(default_factory=dict)
    bursts: dict[str, int] = field(default_factory=dict)


def _number(body: dict[str, Any], key: str, low: float, high: float, whole: bool) -> None:
    value = body[key]
    ok_type = isinstance(value, int) if whole else isinstance(value, int | float)
    if isinstance(value, bool) or not ok_type or not low <= value <= high:
        raise FaultConfigError(f"{key} should be a number in {low}..{high}")


def validate(body: dict[str, Any]) -> dict[str, Any]:
    unknown = set(body) - set(KEYS)
    if unknown:
        raise FaultConfigError(f"unknown fault keys: {sorted(unknown)}")
    for key, (low, high, whole) in _NUMBERS.items():
        if key in body:
            _number(body, key, low, high, whole)
    if "expire_tokens" in body and not isinstance(body["expire_tokens"], bool):
        raise FaultConfigError("expire_tokens should be true or false")
    paths = body.get("paths")
    if paths is not None and not (
        isinstance(paths, list) and all(isinstance(p, str) for p in paths)
    ):
        raise FaultConfigError("paths should be a list of API paths")
    return dict(body)


class PerSecond:
    """Calls per key within the current second of the fake clock (not locked: callers lock)."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[int, int]] = {}

    def over(self, key: str, now: int, limit: int) -> bool:
        second, count = self._seen.get(key, (now, 0))
        count = count + 1 if second == now else 1
        self._seen[key] = (now, count)
        return count > limit

    def clear(self) -> None:
        self._seen = {}


class Faults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._config = _Config()
        self._second = PerSecond()

    def configure(self, body: dict[str, Any]) -> dict[str, Any]:
        settings = validate(body)
        bursts = {k: int(v) for k, v in settings.items() if k.endswith("_burst")}
        with self._lock:
            self._config = _Config(settings, bursts)
            self._second.clear()
        return self.snapshot()

    def clear(self) -> None:
        self.configure({})

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {**self._config.settings, **self._config.bursts}

    def _applies(self, path: str) -> bool:
        paths = self._config.settings.get("paths")
        return paths is None or path in paths

    def latency(self, path: str) -> float:
        with self._lock:
            if not self._applies(path):
                return 0.0
            return float(self._config.settings.get("latency_ms", 0)) / 1000

    def http_status(self) -> int:
        with self._lock:
            return int(self._config.settings.get("http_status", 200))

    def _burst(self, key: str) -> bool:
        left = self._config.bursts.get(key, 0)
        if left > 0:
            self._config.bursts[key] = left - 1
        return left > 0

    def _over_qps(self, caller: str, now: int) -> bool:
        limit = self._config.settings.get("qps_limit")
        return limit is not None and self._second.over(caller, now, int(limit))

    def pick(self, path: str, caller: str, now: int) -> Fault | None:
        """The fault this call meets, if any (garbage first, then the error kinds)."""
        with self._lock:
            if not self._applies(path):
                return None
            for key, fault in (
                ("garbage_burst", Fault.GARBAGE),
                ("rate_limit_burst", Fault.RATE_LIMIT),
                ("busy_burst", Fault.BUSY),
            ):
                if self._burst(key):
                    return fault
            if self._over_qps(caller, now):
                return Fault.RATE_LIMIT
            if random.random() < float(self._config.settings.get("error_rate", 0)):
                return Fault.SERVER
            return None


class Stats:
    """Marketplace calls by path and error envelopes by code, since the last reset."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: dict[str, int] = {}
        self._errors: dict[str, int] = {}

    def call(self, path: str) -> None:
        with self._lock:
            self._calls[path] = self._calls.get(path, 0) + 1

    def error(self, code: str) -> None:
        with self._lock:
            self._errors[code] = self._errors.get(code, 0) + 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"calls": dict(self._calls), "errors": dict(self._errors)}

    def reset(self) -> None:
        with self._lock:
            self._calls, self._errors = {}, {}
