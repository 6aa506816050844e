"""Pagination as a generator over a small paginator object, with a loop guard.

A platform client supplies `fetch(token) -> Page`: the token is an offset (Shopee items, Lazada),
a page number (Tiki) or an opaque cursor (Shopee orders, Sendo). The walk stops on an empty page
or when the page names no next token, and raises `ProtocolError` when a token comes back a second
time: a platform that hands out the same offset or cursor again would otherwise loop forever.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from connectors.errors import ProtocolError

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def batched(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """`items` in slices of at most `size` (a platform's batch limit)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class Page(Generic[T, K]):
    items: Sequence[T]
    token: K  # the token this page was fetched with
    next: K | None  # the token of the following page; None when this is the last


class Paginator(Generic[T, K]):
    def __init__(
        self,
        fetch: Callable[[K], Page[T, K]],
        start: K,
        *,
        platform: str = "",
        what: str = "pages",
    ) -> None:
        self._fetch = fetch
        self._start = start
        self._platform = platform
        self._what = what

    def pages(self) -> Iterator[Page[T, K]]:
        seen: set[K] = set()
        token: K | None = self._start
        while token is not None:
            if token in seen:
                raise ProtocolError(
                    f"{self._what}: the platform repeated page token {token!r}",
                    code="pagination_loop",
                    platform=self._platform,
                )
            seen.add(token)
            page = self._fetch(token)
            yield page
            if not page.items:
                return
            token = page.next

    def items(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items
