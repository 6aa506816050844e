"""Order windows and their cursors."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import pytest

from connectors.base import OrderStatus, RemoteOrder
from connectors.errors import FatalError
from connectors.pagination import Page
from connectors.windows import WindowWalk, decode_cursor, encode_cursor

UNTIL = datetime.fromtimestamp(10_000, UTC)
WALK = WindowWalk(width=1000, first_lookback=1500, overlap=100)


def _orders(ids: Sequence[str]) -> list[RemoteOrder]:
    at = datetime.fromtimestamp(0, UTC)
    return [RemoteOrder(i, OrderStatus.TO_SHIP, "X", at, at, (), 0) for i in ids]


def test_cursor_round_trip_and_garbage() -> None:
    assert decode_cursor(encode_cursor(1_700_000_000)) == 1_700_000_000
    for bad in ("", "1700000000", "v2:1", "v1:abc", "v1:-5"):
        with pytest.raises(FatalError):
            decode_cursor(bad)


def test_windows_cover_the_range_without_gaps() -> None:
    asked: list[tuple[int, int]] = []

    def window(start: int, end: int) -> Iterator[Page[str, str]]:
        asked.append((start, end))
        yield Page([f"{start}"], "", None)

    pages = list(WALK.pages(encode_cursor(7_600), UNTIL, window, _orders))
    assert asked == [(7_500, 8_500), (8_500, 9_500), (9_500, 10_000)]
    assert [p.cursor for p in pages] == [encode_cursor(e) for _, e in asked]
    assert [p.done for p in pages] == [False, False, True]


def test_no_cursor_starts_at_the_first_lookback() -> None:
    asked: list[tuple[int, int]] = []

    def window(start: int, end: int) -> Iterator[Page[str, str]]:
        asked.append((start, end))
        yield Page([], "", None)

    pages = list(WALK.pages(None, UNTIL, window, _orders))
    assert asked == [(8_500, 9_500), (9_500, 10_000)]
    assert all(p.orders == [] for p in pages)


def test_a_cursor_at_or_past_until_gives_one_empty_done_page() -> None:
    [page] = list(WALK.pages(encode_cursor(10_200), UNTIL, lambda a, b: iter(()), _orders))
    assert (page.orders, page.cursor, page.done) == ([], encode_cursor(10_200), True)


def test_mid_window_pages_commit_the_window_start() -> None:
    def window(start: int, end: int) -> Iterator[Page[str, str]]:
        yield Page(["a", "b"], "", "c1")
        yield Page(["c"], "c1", None)

    pages = list(WALK.pages(encode_cursor(9_600), UNTIL, window, _orders))
    assert [(len(p.orders), p.cursor, p.done) for p in pages] == [
        (2, encode_cursor(9_500), False),
        (1, encode_cursor(10_000), True),
    ]
