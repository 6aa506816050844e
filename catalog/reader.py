"""Read a catalog file (CSV or XLSX) into its header and raw data rows, with row numbers.

Row numbers are what the user sees: Excel's row numbers for XLSX, and for CSV the record number
counting from 1 (the row number Excel shows when it opens the CSV).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from catalog.columns import Header, find_header
from catalog.report import CatalogFileError

Row = tuple[int, Sequence[Any]]

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_CSV_DELIMITERS = (",", ";", "\t")  # Excel in a Vietnamese locale saves CSV with ";"
_FORMULA = re.compile(r"=\s*[A-Za-z][A-Za-z0-9.]*\s*\(")


@dataclass(frozen=True)
class Sheet:
    header: Header
    rows: list[Row]  # the rows below the header, raw cells by position

    def records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Each data row as {canonical column: raw cell}."""
        for number, cells in self.rows:
            yield (
                number,
                {
                    name: cells[position] if position < len(cells) else None
                    for position, name in self.header.columns.items()
                },
            )


def read_sheet(path: Path) -> Sheet:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _read_csv(path)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path)
    if suffix == ".xls":
        raise CatalogFileError(f"{path.name}: old .xls files are not read; save it as .xlsx")
    raise CatalogFileError(f"{path.name}: expected a .csv or .xlsx file")


def _read_csv(path: Path) -> Sheet:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogFileError(
            f"{path.name} is not UTF-8 (byte {exc.object[exc.start]:#04x} at position "
            f"{exc.start}); in Excel save it as 'CSV UTF-8 (Comma delimited)'"
        ) from exc
    for delimiter in _CSV_DELIMITERS:
        try:
            rows = _csv_rows(text, delimiter)
        except csv.Error as exc:  # a NUL byte, a field past the size limit
            raise CatalogFileError(f"{path.name} is not a readable CSV file: {exc}") from exc
        header = find_header(rows)
        if header is not None:
            return Sheet(header, [row for row in rows if row[0] > header.row])
    raise _no_header(path)


def _csv_rows(text: str, delimiter: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(number, [_csv_cell(cell) for cell in cells]) for number, cells in enumerate(reader, 1)]


def _csv_cell(cell: str) -> str | None:
    """CSV keeps a formula as its text ("=SUM(F5:F13)"); like XLSX formulas it carries no data."""
    return None if _FORMULA.match(cell.strip()) else cell


def _read_xlsx(path: Path) -> Sheet:
    try:
        workbook = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise CatalogFileError(f"{path.name} is not a readable .xlsx workbook: {exc}") from exc
    worksheets = [workbook.active, *(ws for ws in workbook.worksheets if ws is not workbook.active)]
    for worksheet in worksheets:
        if worksheet is None:
            continue
        rows: list[Row] = list(enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1))
        header = find_header(rows)
        if header is not None:
            return Sheet(header, rows[header.row :])
    raise _no_header(path)


def _no_header(path: Path) -> CatalogFileError:
    return CatalogFileError(
        f"{path.name}: no header row found; it needs a SKU column ('sku', 'Mã SP', 'Mã SKU' or "
        "'Mã hàng') and at least two more columns such as 'Tên sản phẩm' and 'Đơn giá (VNĐ)'"
    )
