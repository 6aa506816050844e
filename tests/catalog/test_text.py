"""Vietnamese order and accent-insensitive search."""

from __future__ import annotations

import random
import unicodedata

import pytest

from catalog.text import contains, fold, vi_sort_key


def test_letters_follow_the_vietnamese_alphabet() -> None:
    expected = ["An", "Ăn", "Âm", "Bánh", "Bắp", "Bột", "Cá", "Dua", "Dưa", "Dừa", "Đường", "Yến"]
    shuffled = random.Random(7).sample(expected, len(expected))
    assert sorted(shuffled, key=vi_sort_key) == expected
    assert sorted(expected)[-1] == "Đường"  # code point order gets it wrong


def test_tones_break_ties_in_dictionary_order() -> None:
    expected = ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]
    assert sorted(reversed(expected), key=vi_sort_key) == expected


def test_d_bar_sorts_after_d_in_either_case() -> None:
    assert vi_sort_key("Dừa") < vi_sort_key("Đường") < vi_sort_key("Em")
    assert vi_sort_key("dz") < vi_sort_key("đa")
    assert vi_sort_key("đa") < vi_sort_key("Đa")  # case only breaks the last tie


def test_shorter_word_and_space_come_first() -> None:
    names = ["Bánh pía sầu riêng", "Bánh pía", "Bánh", "Bánh phồng tôm"]
    assert sorted(names, key=vi_sort_key) == [
        "Bánh", "Bánh phồng tôm", "Bánh pía", "Bánh pía sầu riêng",
    ]  # fmt: skip


def test_decomposed_text_sorts_like_composed() -> None:
    assert vi_sort_key(unicodedata.normalize("NFD", "Bột củ sen")) == vi_sort_key("Bột củ sen")


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Bánh pía", "banh pia"), ("ĐƯỜNG  hoa dừa", "duong hoa dua"), (None, ""),
     (unicodedata.normalize("NFD", "Bột củ sen"), "bot cu sen")],
)  # fmt: skip
def test_fold(text: str | None, folded: str) -> None:
    assert fold(text) == folded


def test_search_is_accent_insensitive() -> None:
    assert contains("Bánh pía sầu riêng trứng Hải Sơn", "banh pia")
    assert contains("Đường hoa dừa Trà Vinh FARM", "DUONG HOA")
    assert not contains("Gạo thơm ST25", "banh")
