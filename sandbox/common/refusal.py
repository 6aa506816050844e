"""Control-API refusals and the small checks of control payloads (unsigned JSON, any platform)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


class Refusal(Exception):
    """A control-API refusal: goes out as {"error": code} with HTTP `status`."""

    def __init__(self, code: str, status: int) -> None:
        super().__init__(code)
        self.code = code
        self.status = status


def optional_int(payload: dict[str, Any], key: str) -> int | None:
    value = payload.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise Refusal(f"invalid_{key}", 422)
    return value


def optional_str(payload: dict[str, Any], key: str) -> str | None:
    value = payload.get(key)
    if value is not None and not isinstance(value, str):
        raise Refusal(f"invalid_{key}", 422)
    return value


def whole(value: Any, key: str, low: int = 0) -> int:
    """A whole number of at least `low`, or a 422 `invalid_<key>`."""
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise Refusal(f"invalid_{key}", 422)
    return value


def wanted_lines(body: dict[str, Any], *sku_keys: str) -> list[tuple[str, int]]:
    """`lines: [{<sku key>: str, qty: int}]` of a buyer's order, as (seller SKU, quantity)."""
    lines = body.get("lines")
    if not isinstance(lines, list) or not lines:
        raise Refusal("invalid_lines", 422)
    wanted = []
    for line in lines:
        sku = next((line.get(k) for k in sku_keys if isinstance(line, dict) and k in line), None)
        if not isinstance(sku, str):
            raise Refusal("invalid_lines", 422)
        wanted.append((sku, whole(line.get("qty"), "qty", 1)))
    return wanted


@dataclass(frozen=True)
class Bulk:
    """A bulk-orders call: `count` one-unit orders of `skus` (round-robin) over a time window."""

    count: int
    skus: list[str]
    window: tuple[int, int]
    status: str

    def spread(self) -> Iterator[tuple[int, str, int, str]]:
        """(number, seller SKU, unix time, buyer) of each order, times evenly over the window."""
        low, high = self.window
        for number in range(self.count):
            when = low + (high - low) * number // max(self.count - 1, 1)
            yield number, self.skus[number % len(self.skus)], when, f"buyer{number % 997}"


def bulk_request(body: dict[str, Any], count_max: int, default_status: str) -> Bulk:
    count = whole(body.get("count"), "count")
    if count > count_max:
        raise Refusal("invalid_count", 422)
    skus = body.get("skus")
    if not isinstance(skus, list) or not skus or not all(isinstance(s, str) for s in skus):
        raise Refusal("invalid_skus", 422)
    low, high = whole(body.get("time_from"), "time_from"), whole(body.get("time_to"), "time_to")
    if high < low:
        raise Refusal("invalid_window", 422)
    return Bulk(count, skus, (low, high), str(body.get("status") or default_status))
