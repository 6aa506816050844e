"""Cell parsers, table by table: what Vietnamese spreadsheets really contain."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from catalog.parse import (
    ParseError,
    parse_barcode,
    parse_cm,
    parse_grams,
    parse_images,
    parse_kg_as_grams,
    parse_price,
    parse_sku,
    parse_stars,
    parse_stock,
    parse_text,
    parse_year,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("95.000", 95000),
        ("175.000đ", 175000),
        ("175.000 ₫", 175000),
        ("175.000 VNĐ", 175000),
        ("175.000 vnd", 175000),
        ("68000.0", 68000),
        (68000, 68000),
        (68000.0, 68000),
        ("1,750,000", 1750000),
        ("1.750.000", 1750000),
        ("1.750.000,00", 1750000),
        ("1,750,000.00", 1750000),
        ("1 750 000", 1750000),
        ("\u00a0220000\u00a0", 220000),
        ("45000", 45000),
        (None, None),
        ("  ", None),
    ],
)
def test_price_reads_vietnamese_money(raw: Any, expected: int | None) -> None:
    assert parse_price(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("Liên hệ", 'price "Liên hệ" is not a number'),
        ("68000.5", "not a whole number of đồng"),
        (68000.5, "not a whole number of đồng"),
        ("0,5", "not a whole number of đồng"),
        ("-5000", "must be more than 0"),
        (0, "must be more than 0"),
        ("1.2.3,4,5", "is not a number"),
        ("95.000.", "is not a number"),
        (True, "is not a number"),
        (float("nan"), "is not a number"),
        (datetime(2024, 1, 1), "is not a number"),
    ],
)
def test_price_refuses_what_is_not_whole_vnd(raw: Any, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_price(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0,42", 420), ("0,8", 800), (0.45, 450), ("0.45", 450), ("1,25 kg", 1250), ("1.25", 1250),
     (2, 2000), ("0,0005", 1), (None, None)],
)  # fmt: skip
def test_kg_become_grams(raw: Any, expected: int | None) -> None:
    assert parse_kg_as_grams(raw) == expected


@pytest.mark.parametrize(
    ("parser", "raw", "expected"),
    [(parse_grams, "1050", 1050), (parse_grams, "1.050", 1050), (parse_grams, "420 g", 420),
     (parse_grams, 420.4, 420), (parse_cm, "12,5", 13), (parse_cm, 30, 30), (parse_cm, "", None)],
)  # fmt: skip
def test_grams_and_centimetres(parser: Callable[[Any], Any], raw: Any, expected: int) -> None:
    assert parser(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("5 sao", 5), ("4★", 4), ("4 *", 4), ("3 Sao", 3), (5, 5), (4.0, 4), ("★★★★", 4),
     ("5", 5), (None, None), ("", None)],
)  # fmt: skip
def test_stars(raw: Any, expected: int | None) -> None:
    assert parse_stars(raw) == expected


@pytest.mark.parametrize("raw", ["6 sao", 2, "0", "năm sao", 4.5, "★★"])
def test_stars_outside_three_to_five_are_refused(raw: Any) -> None:
    with pytest.raises(ParseError, match=r"OCOP stars .* must be 3 to 5"):
        parse_stars(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(120, 120), ("75", 75), (0, 0), ("1.200", 1200), (60.0, 60), ("  12 ", 12), (None, None)],
)
def test_stock(raw: Any, expected: int | None) -> None:
    assert parse_stock(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("-3", "negative stock"), (-3, "negative stock"), ("1,5", "not a whole number"),
     ("nhiều", "is not a number")],
)  # fmt: skip
def test_stock_refusals(raw: Any, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_stock(raw)


def test_text_is_nfc_trimmed_and_folded() -> None:
    decomposed = unicodedata.normalize("NFD", "Bột củ sen")
    assert parse_text(f"  {decomposed}\t  nguyên   chất ") == "Bột củ sen nguyên chất"
    assert unicodedata.is_normalized("NFC", parse_text(decomposed) or "")
    assert parse_text("   ") is None
    assert parse_text(2024.0) == "2024"


def test_sku_is_trimmed_with_case_kept() -> None:
    assert parse_sku(" htx-nhan-01 ") == "htx-nhan-01"
    assert parse_sku("HTX-MHD-01") == "HTX-MHD-01"
    assert parse_sku(1001.0) == "1001"
    assert parse_sku(None) is None


def test_year_and_barcode() -> None:
    assert parse_year("2024") == 2024
    assert parse_year(2022.0) == 2022
    assert parse_year(datetime(2023, 5, 1)) == 2023
    with pytest.raises(ParseError, match="between 2000 and 2100"):
        parse_year(24)
    assert parse_barcode(8936200000019.0) == "8936200000019"
    with pytest.raises(ParseError, match="scientific notation"):
        parse_barcode("8.9362E+12")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("a.jpg", ["a.jpg"]), ("a.jpg; b.jpg", ["a.jpg", "b.jpg"]), ("a.jpg,b.png|c.webp",
     ["a.jpg", "b.png", "c.webp"]), (" ; ", []), (None, [])],
)  # fmt: skip
def test_images_split(raw: Any, expected: list[str]) -> None:
    assert parse_images(raw) == expected
