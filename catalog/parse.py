"""Pure cell parsers: one spreadsheet cell in, a clean value out, or a `ParseError` saying why.

Cells arrive as people type them in Vietnamese Excel: "95.000" (dot for thousands), "175.000đ",
"0,42" (comma for decimals), "5 sao", "4★". Empty cells give None; callers decide whether the
field is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from catalog.types import nfc

MIN_STARS, MAX_STARS = 3, 5
MIN_YEAR, MAX_YEAR = 2000, 2100
# Every integer the catalog stores is bounded here, well inside a 32-bit signed INTEGER, so no
# cell can overflow SQLite (64-bit) or PostgreSQL (`integer`, 32-bit) and abort the whole import.
MIN_PRICE, MAX_PRICE = 1, 2_000_000_000  # VND
MAX_STOCK = 1_000_000_000  # units
MAX_GRAMS = 1_000_000  # 1 tonne
MAX_CM = 10_000  # 100 m

_CURRENCY = re.compile(r"(vn[dđ]|đồng|dong|₫|đ)$", re.IGNORECASE)
_THOUSANDS_DOT = re.compile(r"\d{1,3}(\.\d{3})+")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(,\d{3})+")
_DIGITS = re.compile(r"\d+([.,]\d+)*")
_SCIENTIFIC = re.compile(r"[\d.,]+e[+-]?\d+", re.IGNORECASE)
_STARS = re.compile(r"(\d+)\s*(sao|stars?|★|☆|\*)?", re.IGNORECASE)
_IMAGE_SEPARATORS = re.compile(r"[;,|\n]")


class ParseError(ValueError):
    """A cell that cannot be read; the message is shown to the user as the row's reason."""


@dataclass(frozen=True)
class FormulaCell:
    """A formula cell whose result was never saved (openpyxl-written, or CSV formula text)."""

    coordinate: str  # "E7"

    def __str__(self) -> str:
        return ""  # where only text counts (a header row), it reads as the blank it shows

    @property
    def reason(self) -> str:
        return (
            f"cell {self.coordinate} holds a formula with no saved value; open the file in Excel"
            " and save it, or paste values"
        )


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value: Any) -> str | None:
    """NFC, trimmed, inner blanks folded; empty gives None. Whole floats lose their ".0"."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)) or None


def parse_sku(value: Any) -> str | None:
    """The seller SKU: trimmed, case kept as written."""
    return parse_text(value)


def parse_price(value: Any) -> int | None:
    """Whole VND: 95000, "95.000", "175.000đ", "175.000 ₫", "68000.0", "1,750,000"."""
    amount = _number(value, "price")
    if amount is None:
        return None
    if amount != amount.to_integral_value():
        raise ParseError(f'price "{_show(value)}" is not a whole number of đồng')
    if amount <= 0:
        raise ParseError(f'price "{_show(value)}" must be more than 0')
    if amount > MAX_PRICE:
        raise ParseError(
            f'price "{_show(value)}" is too large; it must be {MIN_PRICE} to {MAX_PRICE:,} VND'
        )
    return int(amount)


def parse_stock(value: Any) -> int | None:
    """Units on hand: a whole number, 0 or more."""
    amount = _number(value, "stock")
    if amount is None:
        return None
    if amount != amount.to_integral_value():
        raise ParseError(f'stock "{_show(value)}" is not a whole number')
    if amount < 0:
        raise ParseError(f'negative stock "{_show(value)}"; stock must be 0 or more')
    if amount > MAX_STOCK:
        raise ParseError(f'stock "{_show(value)}" is too large; it must be 0 to {MAX_STOCK:,}')
    return int(amount)


def parse_grams(value: Any) -> int | None:
    """Weight in grams, rounded to the gram."""
    return _whole(_number(value, "weight"), value, "weight", MAX_GRAMS, "g")


def parse_kg_as_grams(value: Any) -> int | None:
    """Weight written in kg ("0,42", 0.45, "1.5 kg") as whole grams (420, 450, 1500)."""
    amount = _number(value, "weight", decimal_only=True)
    return _whole(None if amount is None else amount * 1000, value, "weight", MAX_GRAMS, "g")


def parse_cm(value: Any) -> int | None:
    """A package dimension in whole centimetres."""
    return _whole(_number(value, "size"), value, "size", MAX_CM, "cm")


def parse_stars(value: Any) -> int | None:
    """OCOP rating: 5, "5 sao", "4★", "4 *", "★★★★" -> 3..5."""
    if is_blank(value):
        return None
    text = _plain(_show(value))
    if text and set(text) <= {"★"}:
        text = str(len(text))
    match = _STARS.fullmatch(text)
    if (
        match is None
        or len(match.group(1)) > 2
        or not MIN_STARS <= int(match.group(1)) <= MAX_STARS
    ):
        raise ParseError(f'OCOP stars "{_show(value)}" must be {MIN_STARS} to {MAX_STARS}')
    return int(match.group(1))


def parse_year(value: Any) -> int | None:
    """The OCOP recognition year, e.g. 2024."""
    if isinstance(value, datetime | date):
        return value.year
    amount = _number(value, "year")
    if amount is not None and not MIN_YEAR <= amount <= MAX_YEAR:
        raise ParseError(f'year "{_show(value)}" must be between {MIN_YEAR} and {MAX_YEAR}')
    return _whole(amount, value, "year", MAX_YEAR, "")


def parse_barcode(value: Any) -> str | None:
    """A barcode as text; Excel numbers lose their ".0", scientific notation is refused."""
    text = parse_text(value)
    if text is not None and _SCIENTIFIC.fullmatch(text):
        raise ParseError(
            f'barcode "{text}" was saved in scientific notation; format the column as Text'
        )
    return text


def parse_images(value: Any) -> list[str]:
    """Image file names separated by ";", "," or "|"."""
    if is_blank(value):
        return []
    names = (parse_text(part) for part in _IMAGE_SEPARATORS.split(str(value)))
    return [name for name in names if name]


def _number(value: Any, what: str, *, decimal_only: bool = False) -> Decimal | None:
    if is_blank(value):
        return None
    if isinstance(value, bool | datetime | date | time):
        raise ParseError(f'{what} "{_show(value)}" is not a number')
    if isinstance(value, int | float):
        return _finite(Decimal(str(value)), value, what)
    text = _plain(value)
    negative = text.startswith("-")
    number = _read_digits(text.lstrip("-").strip(), decimal_only)
    if number is None:
        raise ParseError(f'{what} "{_show(value)}" is not a number')
    return -number if negative else number


def _read_digits(text: str, decimal_only: bool) -> Decimal | None:
    """Vietnamese first: "1.750.000" is thousands, "0,42" a decimal; then "1,750,000", "68000.0".

    Whole-number fields read "95.000" as thousands (prices have no fractional đồng); a kg field
    reads a single separator as the decimal point ("1.25" and "1,25" kg are both 1250 g).
    """
    if not _DIGITS.fullmatch(text):
        return None
    if not decimal_only and (_THOUSANDS_DOT.fullmatch(text) or _THOUSANDS_COMMA.fullmatch(text)):
        return Decimal(re.sub(r"[.,]", "", text))
    point = max(text.rfind("."), text.rfind(","))
    if point < 0:
        return Decimal(text)
    whole, fraction = text[:point], text[point + 1 :]
    grouping = _THOUSANDS_COMMA if text[point] == "." else _THOUSANDS_DOT
    if not whole.isdigit() and not grouping.fullmatch(whole):
        return None
    return Decimal(re.sub(r"[.,]", "", whole) + "." + fraction)


def _finite(number: Decimal, value: Any, what: str) -> Decimal:
    if not number.is_finite():
        raise ParseError(f'{what} "{_show(value)}" is not a number')
    return number


def _whole(amount: Decimal | None, value: Any, what: str, most: int, unit: str) -> int | None:
    """Rounded to a whole number in 0..most; checked before rounding (quantize overflows)."""
    if amount is None:
        return None
    if amount < 0:
        raise ParseError(f'{what} "{_show(value)}" must be 0 or more')
    if amount >= most + Decimal("0.5"):
        raise ParseError(
            f'{what} "{_show(value)}" is too large; it must be 0 to {most:,} {unit}'.rstrip()
        )
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _plain(value: Any) -> str:
    """Trimmed, without blanks (NBSP too), unit words and currency signs."""
    text = "".join((nfc(str(value)) or "").split())
    text = re.sub(r"(kg|cm|gr|gram|gam|g)$", "", text, flags=re.IGNORECASE)
    return _CURRENCY.sub("", text)


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)) or ""
