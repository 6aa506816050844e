"""One data row: skip it (blank, heading, total), parse it into a `CatalogRow`, or say why not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from catalog.columns import WEIGHT_KG, header_key
from catalog.parse import (
    FormulaCell,
    ParseError,
    is_blank,
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
from catalog.report import RowError

_PARSERS: dict[str, Callable[[Any], Any]] = {
    "sku": parse_sku,
    "price_vnd": parse_price,
    "stock": parse_stock,
    "weight_g": parse_grams,
    WEIGHT_KG: parse_kg_as_grams,
    "length_cm": parse_cm,
    "width_cm": parse_cm,
    "height_cm": parse_cm,
    "barcode": parse_barcode,
    "images": parse_images,
    "ocop_stars": parse_stars,
    "ocop_year": parse_year,
}
_REQUIRED = {"sku": "missing SKU", "name": "missing product name", "price_vnd": "missing price"}
_TOTAL_MAX_LEN = 30  # "Tổng cộng:", never a long description
_TOTAL_WORDS = {"tong", "tongcong", "tongso", "cong", "total", "grandtotal", "tongsoluong"}


@dataclass(frozen=True)
class CatalogRow:
    """A parsed row. `values` holds only the columns the file has (None for a blank cell)."""

    row: int
    sku: str
    values: dict[str, Any]

    def has(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str) -> Any:
        return self.values.get(name)

    @property
    def product_code(self) -> str | None:
        """Rows sharing a product code are one product; without one, the product is its name."""
        return self.get("product_code") or self.get("name")


def is_skipped(record: dict[str, Any]) -> bool:
    """Blank rows, section headings and total rows carry no SKU and are ignored without error."""
    filled = [value for value in record.values() if not is_blank(value)]
    if not filled or any(_is_total_word(value) for value in filled):
        return True
    if is_blank(record.get("sku")) and all(isinstance(value, FormulaCell) for value in filled):
        return True  # no SKU and nothing but formulas: an unlabelled subtotal line
    no_sku_nor_price = is_blank(record.get("sku")) and is_blank(record.get("price_vnd"))
    return no_sku_nor_price and len(filled) == 1


def _is_total_word(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > _TOTAL_MAX_LEN:
        return False
    return _is_total_text(value)


@lru_cache(maxsize=8192)
def _is_total_text(value: str) -> bool:
    """Cached: a large file repeats its short cells (units, places, categories) on every row."""
    key = header_key(value)
    return key in _TOTAL_WORDS or key.startswith("tongcong")


def parse_record(number: int, record: dict[str, Any]) -> CatalogRow | list[RowError]:
    """Parse every cell; a row with any bad cell is rejected with one error per bad cell."""
    sku = safe_sku(record.get("sku"))
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for name, raw in record.items():
        if isinstance(raw, FormulaCell):
            errors.append(RowError(number, sku, _field(name), raw.reason))
            continue
        try:
            _store(values, name, _PARSERS.get(name, parse_text)(raw))
        except ParseError as exc:
            errors.append(RowError(number, sku, _field(name), str(exc)))
    errors.extend(_missing(number, sku, values))
    if errors:
        return errors
    assert sku is not None  # _missing reported a blank SKU
    return CatalogRow(row=number, sku=sku, values=values)


def _store(values: dict[str, Any], name: str, value: Any) -> None:
    """Weight in kg lands in weight_g; a gram column, when both exist and it is filled, wins."""
    field = _field(name)
    if field not in values or values[field] is None:
        values[field] = value


def _field(name: str) -> str:
    return "weight_g" if name == WEIGHT_KG else name


def _missing(number: int, sku: str | None, values: dict[str, Any]) -> list[RowError]:
    return [
        RowError(number, sku, name, reason)
        for name, reason in _REQUIRED.items()
        if name in values and values[name] is None
    ]


def safe_sku(raw: Any) -> str | None:
    """The SKU, or None when the cell is blank, unreadable or an unsaved formula."""
    if isinstance(raw, FormulaCell):
        return None
    try:
        return parse_sku(raw)
    except ParseError:
        return None
