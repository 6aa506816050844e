"""Fault injection: the keys of CONTROL.md, applied to marketplace calls before anything else.

A new configuration replaces the whole set. Counters (`*_burst`) only count calls to `paths` and
are used up as they fire. `expire_tokens` acts once, when the faults are set.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
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
RATE_LIMIT = ("error_rate_limit", "Too many requests. You have reached the rate limit.")
BUSY = ("error_system_busy", "Our system is taking some time to respond, please try later.")
SERVER = ("error_server", "Something wrong. Please try later.")
GARBAGE = (
    "<html><head><title>502 Bad Gateway</title></head>"
    "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)


class FaultConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Hit:
    """What a fault does to one call: a non-JSON 502 page, or an error envelope."""

    garbage: bool = False
    error: tuple[str, str] | None = None


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
    limits = {
        "error_rate": (0, 1, False),
        "rate_limit_burst": (0, 10**9, True),
        "busy_burst": (0, 10**9, True),
        "garbage_burst": (0, 10**9, True),
        "qps_limit": (1, 10**9, True),
        "latency_ms": (0, 60_000, False),
        "http_status": (100, 599, True),
    }
    for key, (low, high, whole) in limits.items():
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


class Faults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._config = _Config()
        self._second: dict[str, tuple[int, int]] = {}

    def configure(self, body: dict[str, Any]) -> dict[str, Any]:
        settings = validate(body)
        bursts = {k: int(v) for k, v in settings.items() if k.endswith("_burst")}
        with self._lock:
            self._config = _Config(settings, bursts)
            self._second = {}
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

    def _over_qps(self, partner: str, now: int) -> bool:
        limit = self._config.settings.get("qps_limit")
        if limit is None:
            return False
        second, count = self._second.get(partner, (now, 0))
        count = count + 1 if second == now else 1
        self._second[partner] = (now, count)
        return count > int(limit)

    def pick(self, path: str, partner: str, now: int) -> Hit | None:
        """The fault this call meets, if any (garbage first, then the error kinds)."""
        with self._lock:
            if not self._applies(path):
                return None
            if self._burst("garbage_burst"):
                return Hit(garbage=True)
            if self._burst("rate_limit_burst"):
                return Hit(error=RATE_LIMIT)
            if self._burst("busy_burst"):
                return Hit(error=BUSY)
            if self._over_qps(partner, now):
                return Hit(error=RATE_LIMIT)
            if random.random() < float(self._config.settings.get("error_rate", 0)):
                return Hit(error=SERVER)
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
