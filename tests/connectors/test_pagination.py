"""Paginators: stop on an empty or last page, raise on a repeated token."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import pytest

from connectors.errors import ProtocolError
from connectors.pagination import Page, Paginator
from connectors.shopee.client import Api, ShopSession, item_pages, order_pages


def test_walks_until_the_last_page() -> None:
    pages = {0: Page([1, 2], 0, 2), 2: Page([3, 4], 2, 4), 4: Page([5], 4, None)}
    assert list(Paginator(pages.__getitem__, 0).items()) == [1, 2, 3, 4, 5]


def test_stops_on_an_empty_page_even_if_it_names_a_next_token() -> None:
    pages = {0: Page([1], 0, 1), 1: Page([], 1, 2)}
    walked = list(Paginator(pages.__getitem__, 0).pages())
    assert [p.token for p in walked] == [0, 1]


def test_a_repeated_token_raises_instead_of_looping() -> None:
    pages = {
        "": Page(["a"], "", "c1"),
        "c1": Page(["b"], "c1", "c2"),
        "c2": Page(["c"], "c2", "c1"),
    }
    walker = Paginator(pages.__getitem__, "", platform="x", what="orders")
    with pytest.raises(ProtocolError) as caught:
        list(walker.items())
    assert caught.value.code == "pagination_loop"


class FakeSession:
    """Answers ShopSession.call from a script keyed by the token param."""

    def __init__(self, path: str, key: str, script: dict[Any, dict[str, Any]]) -> None:
        self.path, self.key, self.script = path, key, script
        self.calls: list[dict[str, Any]] = []

    def call(
        self, method: str, path: str, *, params: Sequence[tuple[str, Any]] = (), **_: Any
    ) -> dict[str, Any]:
        assert (method, path) == ("GET", self.path)
        self.calls.append({"params": list(params)})
        return self.script[dict(params)[self.key]]


def _items(*ids: int) -> list[dict[str, int]]:
    return [{"item_id": i} for i in ids]


def test_item_pages_follow_next_offset_and_repeat_statuses() -> None:
    fake = FakeSession(
        Api.ITEM_LIST,
        "offset",
        {
            0: {"item": _items(1, 2), "has_next_page": True, "next_offset": 2},
            2: {
                "item": _items(3),
                "has_next_page": True,
                "next_offset": 7,
            },  # follow, don't compute
            7: {"item": _items(4), "has_next_page": False, "next_offset": 0},
        },
    )
    walker = item_pages(cast(ShopSession, fake), ["NORMAL", "UNLIST"])
    assert [i["item_id"] for i in walker.items()] == [1, 2, 3, 4]
    first = fake.calls[0]["params"]
    assert [v for k, v in first if k == "item_status"] == ["NORMAL", "UNLIST"]
    assert ("page_size", 100) in first


def test_item_pages_raise_on_a_repeated_offset() -> None:
    fake = FakeSession(
        Api.ITEM_LIST,
        "offset",
        {
            0: {"item": _items(1), "has_next_page": True, "next_offset": 100},
            100: {"item": _items(2), "has_next_page": True, "next_offset": 100},
        },
    )
    with pytest.raises(ProtocolError):
        list(item_pages(cast(ShopSession, fake), ["NORMAL"]).items())


def test_item_pages_stop_on_an_empty_page() -> None:
    fake = FakeSession(
        Api.ITEM_LIST,
        "offset",
        {
            0: {"item": [], "has_next_page": True, "next_offset": 100},
        },
    )
    assert list(item_pages(cast(ShopSession, fake), ["NORMAL"]).items()) == []
    assert len(fake.calls) == 1


def _orders(*sns: str) -> list[dict[str, str]]:
    return [{"order_sn": s} for s in sns]


def test_order_pages_follow_the_cursor_inside_one_window() -> None:
    fake = FakeSession(
        Api.ORDER_LIST,
        "cursor",
        {
            "": {"order_list": _orders("A", "B"), "more": True, "next_cursor": "x1"},
            "x1": {"order_list": _orders("C"), "more": False, "next_cursor": ""},
        },
    )
    walker = order_pages(cast(ShopSession, fake), 1000, 2000)
    assert [o["order_sn"] for o in walker.items()] == ["A", "B", "C"]
    params = dict(fake.calls[0]["params"])
    assert params["time_range_field"] == "update_time"
    assert (params["time_from"], params["time_to"]) == (1000, 2000)


def test_order_pages_raise_on_a_repeated_cursor() -> None:
    fake = FakeSession(
        Api.ORDER_LIST,
        "cursor",
        {
            "": {"order_list": _orders("A"), "more": True, "next_cursor": "x1"},
            "x1": {"order_list": _orders("B"), "more": True, "next_cursor": "x1"},
        },
    )
    with pytest.raises(ProtocolError):
        list(order_pages(cast(ShopSession, fake), 0, 1).items())


def test_order_pages_refuse_more_without_a_cursor() -> None:
    fake = FakeSession(
        Api.ORDER_LIST,
        "cursor",
        {
            "": {"order_list": _orders("A"), "more": True, "next_cursor": ""},
        },
    )
    with pytest.raises(ProtocolError):
        list(order_pages(cast(ShopSession, fake), 0, 1).items())
