"""Reading orders in time windows, with cursors that are always safe to commit.

Marketplaces cap how long a time range one order query may span (Shopee 15 days, Sendo 7 or 3),
so a connector walks from its cursor to `until` window by window and pages inside each window.
The cursor it hands out with a page is a time, never the platform's page token: the start of the
page's window while the window has pages to go, the window's end after its last page. An order
whose update time moves while we page can only move later, into a later window or the next run,
so committing any page's cursor can make the next run re-read, never skip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from connectors.base import OrderPage, RemoteOrder
from connectors.errors import FatalError
from connectors.pagination import Page

T = TypeVar("T")


def encode_cursor(unix_seconds: int) -> str:
    return f"v1:{unix_seconds}"


def decode_cursor(cursor: str, *, platform: str = "") -> int:
    version, _, value = cursor.partition(":")
    if version != "v1" or not value.isdigit():
        raise FatalError(f"not an order cursor: {cursor!r}", code="bad_cursor", platform=platform)
    return int(value)


@dataclass(frozen=True)
class WindowWalk:
    width: int  # the longest range one query may span, seconds
    first_lookback: int  # where a walk without a cursor starts, seconds before `until`
    overlap: int = 300  # re-read before a cursor: late-indexed orders; duplicates are harmless
    platform: str = ""

    def start(self, cursor: str | None, end: int) -> int:
        if cursor is None:
            return end - self.first_lookback
        return decode_cursor(cursor, platform=self.platform) - self.overlap

    def pages(
        self,
        cursor: str | None,
        until: datetime,
        window_pages: Callable[[int, int], Iterable[Page[T, Any]]],
        read: Callable[[Sequence[T]], list[RemoteOrder]],
    ) -> Iterator[OrderPage]:
        """`window_pages(time_from, time_to)` pages one window; `read` turns a page's entries
        into orders (the detail call)."""
        end_all = int(until.timestamp())
        start = self.start(cursor, end_all)
        if start >= end_all:
            yield OrderPage([], cursor or encode_cursor(end_all), done=True)
            return
        while start < end_all:
            end = min(start + self.width, end_all)
            for page in window_pages(start, end):
                last = page.next is None or not page.items
                orders = read(page.items) if page.items else []
                yield OrderPage(
                    orders, encode_cursor(end if last else start), done=last and end >= end_all
                )
            start = end
