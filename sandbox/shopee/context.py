"""What a handler receives: the parsed request, the caller's identity and the open transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from sandbox.common.web import Upload
from sandbox.shopee.envelope import ApiError, bad_param
from sandbox.shopee.limits import Limits


class Query:
    """The query string as sent: repeated keys kept in order (Shopee's array params repeat)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._pairs = pairs

    def get(self, name: str) -> str | None:
        for key, value in self._pairs:
            if key == name:
                return value
        return None

    def get_all(self, name: str) -> list[str]:
        return [value for key, value in self._pairs if key == name]


@dataclass
class Call:
    db: sqlite3.Connection
    now: int
    limits: Limits
    path: str
    query: Query
    body: dict[str, Any]
    partner_id: int = 0
    shop_id: int = 0
    files: list[Upload] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    redirect_to: str | None = None


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def query_int(query: Query, name: str, *, default: int | None = None) -> int:
    """An integer query parameter; absent means `default`, or an error when there is none."""
    raw = query.get(name)
    if raw is None or raw == "":
        if default is None:
            raise bad_param(f"{name} is required")
        return default
    try:
        return int(raw)
    except ValueError:
        raise bad_param(f"{name} should be an integer") from None


def body_int(body: dict[str, Any], name: str, *, module: str = "") -> int:
    """A required integer field of a JSON body (Shopee: `product.error_param` when missing)."""
    value = body.get(name)
    if value is None:
        raise ApiError(f"{module}error_param", f"invalid field {name}: value must Not Null")
    if not is_int(value):
        raise bad_param(f"{name} should be an integer")
    return int(value)


def body_list(body: dict[str, Any], name: str, *, low: int, high: int) -> list[Any]:
    """A required list field whose length must lie in low..high."""
    value = body.get(name)
    if not isinstance(value, list):
        raise bad_param(f"{name} should be a list")
    if not low <= len(value) <= high:
        raise bad_param(f"{name} length should be between {low} and {high}")
    return value
