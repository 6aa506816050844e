"""Export a business's catalog as XLSX (or CSV by suffix) with Vietnamese headers.

The file reads back through `import_catalog` to the same data: one row per SKU, the canonical
columns in their usual order, stock as the MAIN warehouse's count (what the importer writes).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, select

from catalog.columns import CANONICAL, EXPORT_HEADERS
from catalog.crud import list_variants, main_warehouse
from catalog.models import Business, Product, StockLevel, Variant

_INTEGER_FORMAT = "#,##0"
_INTEGER_COLUMNS = {"price_vnd", "stock", "weight_g"}
_TEXT_COLUMNS = {"sku", "product_code", "barcode"}  # never let Excel turn them into numbers
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def export_catalog(session: Session, *, business: Business, path: Path) -> int:
    """Write the catalog to `path` (.csv: CSV, else XLSX); returns the number of SKUs."""
    rows = catalog_rows(session, business=business)
    if path.suffix.lower() == ".csv":
        _write_csv(path, rows)
    else:
        _write_xlsx(path, rows)
    return len(rows)


def catalog_rows(session: Session, *, business: Business) -> list[dict[str, Any]]:
    """One dict per SKU keyed by canonical column."""
    assert business.id is not None
    warehouse = main_warehouse(session, business_id=business.id)
    levels = session.exec(select(StockLevel).where(StockLevel.warehouse_id == warehouse.id))
    stock = {level.variant_id: level.on_hand for level in levels.all()}
    pairs = list_variants(session, business_id=business.id)
    return [_row(variant, product, stock.get(variant.id or 0, 0)) for variant, product in pairs]


def _row(variant: Variant, product: Product, stock: int) -> dict[str, Any]:
    return {
        "sku": variant.sku, "product_code": product.code, "name": product.name,
        "variant": variant.option, "category": product.category, "brand": product.brand,
        "price_vnd": variant.price, "stock": stock, "weight_g": variant.weight_g,
        "length_cm": variant.length_cm, "width_cm": variant.width_cm,
        "height_cm": variant.height_cm, "barcode": variant.barcode,
        "images": "; ".join(variant.images), "ocop_stars": product.ocop_stars,
        "ocop_year": product.ocop_year, "producer": product.producer,
        "commune": product.commune, "district": product.district,
        "province": product.province,
        "description": variant.description or product.description,
    }  # fmt: skip


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    """UTF-8 with a BOM, so Excel shows the Vietnamese letters right when it opens the file."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([EXPORT_HEADERS[name] for name in CANONICAL])
        for row in rows:
            writer.writerow(["" if row[name] is None else row[name] for name in CANONICAL])


def _write_xlsx(path: Path, rows: list[dict[str, Any]]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Danh mục"
    sheet.append([EXPORT_HEADERS[name] for name in CANONICAL])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, 2):
        for position, name in enumerate(CANONICAL, 1):
            _put(sheet, number, position, name, row[name])
    sheet.freeze_panes = "A2"
    _fit_widths(sheet, rows)
    workbook.save(path)


def _put(sheet: Worksheet, number: int, position: int, name: str, value: Any) -> None:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters make the file unreadable
    cell = sheet.cell(row=number, column=position, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text that starts with "=" stays text, never becomes a formula
    if name in _INTEGER_COLUMNS:
        cell.number_format = _INTEGER_FORMAT
    elif name in _TEXT_COLUMNS:
        cell.number_format = "@"


def _fit_widths(sheet: Worksheet, rows: list[dict[str, Any]]) -> None:
    for position, name in enumerate(CANONICAL, 1):
        longest = max(
            [len(EXPORT_HEADERS[name])] + [len(_shown(row[name])) for row in rows], default=0
        )
        width = min(max(longest + 2, _MIN_WIDTH), _MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(position)].width = width


def _shown(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value or "")
