"""Lazada's own frequency limits (lazada.md §4.4), beside the common `qps_limit` fault.

Per (app, API) and, on the inventory APIs, per seller: calls beyond the configured number within
one second of the fake clock answer `ApiCallLimit` ("this ban will last 1 seconds"). Both limits
are off unless `Limits` sets them, since Lazada does not publish the per-API numbers.
"""

from __future__ import annotations

import threading

from sandbox.common.faults import PerSecond
from sandbox.lazada.envelope import API_CALL_LIMIT
from sandbox.lazada.limits import Limits


class Throttle:
    def __init__(self, limits: Limits) -> None:
        self._limits = limits
        self._lock = threading.Lock()
        self._seconds = PerSecond()

    def check_app(self, app_key: str, api_path: str, now: int) -> None:
        limit = self._limits.throttle.api_qps
        with self._lock:
            if limit is not None and self._seconds.over(f"app:{app_key}:{api_path}", now, limit):
                raise API_CALL_LIMIT()

    def check_seller(self, seller_id: int, now: int) -> None:
        limit = self._limits.throttle.seller_qps
        with self._lock:
            if limit is not None and self._seconds.over(f"seller:{seller_id}", now, limit):
                raise API_CALL_LIMIT()

    def clear(self) -> None:
        with self._lock:
            self._seconds.clear()
