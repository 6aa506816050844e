"""Catalog columns: the canonical names, the Vietnamese headers people really write, the header row.

Headers are matched on a folded key (NFC, casefold, accents and đ removed, and every character
that is not a letter or digit dropped), so "Đơn giá (VNĐ)", "đơn giá(vnd)" and "DON GIA VND" are
one header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from catalog.text import fold

# The columns of `catalog_soctrang.csv`, in its order; the exporter writes them in this order too.
CANONICAL: tuple[str, ...] = (
    "sku", "product_code", "name", "variant", "category", "brand", "price_vnd", "stock",
    "weight_g", "length_cm", "width_cm", "height_cm", "barcode", "images", "ocop_stars",
    "ocop_year", "producer", "commune", "district", "province", "description",
)  # fmt: skip

WEIGHT_KG = "weight_kg"  # read only: converted to weight_g
IGNORED = "ignored"  # known columns that carry nothing to import (STT, Ghi chú)

# Headers the exporter writes; each is also an alias below, so an export reads back as it was.
EXPORT_HEADERS: dict[str, str] = {
    "sku": "Mã SKU", "product_code": "Mã nhóm SP", "name": "Tên sản phẩm",
    "variant": "Phân loại", "category": "Danh mục", "brand": "Thương hiệu",
    "price_vnd": "Giá bán (VNĐ)", "stock": "Tồn kho", "weight_g": "Khối lượng (g)",
    "length_cm": "Dài (cm)", "width_cm": "Rộng (cm)", "height_cm": "Cao (cm)",
    "barcode": "Mã vạch", "images": "Hình ảnh", "ocop_stars": "Hạng OCOP",
    "ocop_year": "Năm OCOP", "producer": "Chủ thể", "commune": "Xã/Phường",
    "district": "Quận/Huyện", "province": "Tỉnh/Thành phố", "description": "Mô tả",
}  # fmt: skip

_MONEY_UNITS = ("", "vnd", "d", "dong")
_GRAM_UNITS = ("g", "gr", "gram", "gam")
_CM_UNITS = ("", "cm")

_ALIASES: dict[str, tuple[str, ...]] = {
    "sku": ("Mã SP", "Mã SKU", "Mã hàng", "Mã sản phẩm", "SKU người bán", "Mã hàng hóa"),
    "product_code": ("Mã nhóm", "Mã nhóm SP", "Mã nhóm sản phẩm", "Mã SP cha", "Mã sản phẩm cha"),
    "name": ("Tên sản phẩm", "Tên SP", "Tên hàng", "Tên hàng hóa", "Sản phẩm", "Tên"),
    "variant": ("Quy cách", "Phân loại", "Quy cách đóng gói", "Biến thể", "Phân loại hàng"),
    "category": ("Danh mục", "Ngành hàng", "Nhóm hàng", "Loại sản phẩm", "Nhóm sản phẩm"),
    "brand": ("Thương hiệu", "Nhãn hiệu"),
    "stock": ("Tồn kho", "Số lượng", "SL", "Số lượng tồn", "Tồn", "Số lượng tồn kho"),
    "barcode": ("Mã vạch", "Barcode", "EAN", "GTIN"),
    "images": ("Hình ảnh", "Ảnh", "Hình", "Ảnh sản phẩm"),
    "ocop_stars": ("Hạng OCOP", "Số sao OCOP", "Số sao", "Hạng sao", "OCOP", "Sao OCOP"),
    "ocop_year": ("Năm OCOP", "Năm công nhận", "Năm chứng nhận", "Năm công nhận OCOP"),
    "producer": ("Nhà sản xuất", "Chủ thể", "Chủ thể OCOP", "Cơ sở sản xuất", "Đơn vị sản xuất"),
    "commune": ("Xã/Phường", "Xã", "Phường", "Phường/Xã", "Xã/Phường/Thị trấn"),
    "district": ("Huyện", "Quận/Huyện", "Huyện/Thị xã", "Quận/Huyện/Thị xã/Thành phố"),
    "province": ("Tỉnh", "Tỉnh/Thành phố", "Tỉnh/TP", "Tỉnh thành"),
    "description": ("Mô tả", "Mô tả sản phẩm", "Chi tiết sản phẩm"),
    IGNORED: ("STT", "TT", "Số TT", "Ghi chú", "note"),
}  # fmt: skip

_ALIASES_WITH_UNITS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "price_vnd": (("Đơn giá", "Giá bán", "Giá", "Giá bán lẻ", "Giá niêm yết"), _MONEY_UNITS),
    "weight_g": (("Khối lượng", "Trọng lượng", "Cân nặng"), _GRAM_UNITS),
    WEIGHT_KG: (("Khối lượng", "Trọng lượng", "Cân nặng"), ("kg",)),
    "length_cm": (("Dài", "Chiều dài"), _CM_UNITS),
    "width_cm": (("Rộng", "Chiều rộng"), _CM_UNITS),
    "height_cm": (("Cao", "Chiều cao"), _CM_UNITS),
}

HEADER_SCAN_ROWS = 30  # title, date and blank rows above the header are skipped, this far down


def header_key(text: Any) -> str:
    """The folded matching key of a header cell ("Đơn giá (VNĐ)" -> "dongiavnd")."""
    return re.sub(r"[\W_]+", "", fold(str(text))) if text is not None else ""


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {header_key(name): name for name in CANONICAL}
    for canonical, aliases in _ALIASES.items():
        lookup.update({header_key(alias): canonical for alias in aliases})
    for canonical, (bases, units) in _ALIASES_WITH_UNITS.items():
        lookup.update({header_key(base + unit): canonical for base in bases for unit in units})
    lookup.update({header_key(header): name for name, header in EXPORT_HEADERS.items()})
    return lookup


_LOOKUP = _build_lookup()


def match_header(text: Any) -> str | None:
    """The canonical column a header means, IGNORED for known columns to skip, None if unknown."""
    return _LOOKUP.get(header_key(text))


@dataclass(frozen=True)
class Header:
    """Where the header is and which canonical column each position holds."""

    row: int  # spreadsheet row number of the header
    columns: dict[int, str]  # position -> canonical name (first of duplicates wins)
    unknown: tuple[str, ...]  # header texts that matched nothing
    repeated: tuple[str, ...] = ()  # header texts naming a column an earlier one already has
    texts: tuple[str, ...] = ()  # every non-blank header cell as written, in order

    def has(self, name: str) -> bool:
        return name in self.columns.values()


def read_header(row: int, cells: Sequence[Any]) -> Header:
    columns: dict[int, str] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for position, cell in enumerate(cells):
        name = match_header(cell)
        if name is None and header_key(cell):
            unknown.append(str(cell).strip())
        elif name in columns.values():
            repeated.append(str(cell).strip())
        elif name is not None and name != IGNORED:
            columns[position] = name
    texts = tuple(str(cell).strip() for cell in cells if header_key(cell))
    return Header(row, columns, tuple(unknown), tuple(repeated), texts)


def find_header(rows: Iterable[tuple[int, Sequence[Any]]]) -> Header | None:
    """The first row, within HEADER_SCAN_ROWS, with a SKU column and at least two other columns."""
    for index, (number, cells) in enumerate(rows):
        if index >= HEADER_SCAN_ROWS:
            return None
        header = read_header(number, cells)
        if header.has("sku") and len(header.columns) >= 3:
            return header
    return None
