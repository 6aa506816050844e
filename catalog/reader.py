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
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from catalog.columns import Header, find_header
from catalog.parse import FormulaCell
from catalog.report import CatalogFileError

Row = tuple[int, Sequence[Any]]

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_CSV_DELIMITERS = (",", ";", "\t")  # Excel in a Vietnamese locale saves CSV with ";"
_FORMULA = re.compile(r"=\s*[A-Za-z][A-Za-z0-9.]*\s*\(")
# Byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig"),
)  # fmt: skip


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
    text = _decode(path)
    for delimiter in _CSV_DELIMITERS:
        try:
            rows = _csv_rows(text, delimiter)
        except csv.Error as exc:  # a NUL byte, a field past the size limit
            raise CatalogFileError(f"{path.name} is not a readable CSV file: {exc}") from exc
        header = find_header(rows)
        if header is not None:
            return Sheet(header, [row for row in rows if row[0] > header.row])
    raise _no_header(path)


def _decode(path: Path) -> str:
    """UTF-8 (BOM or not), or UTF-16/32 when the file starts with their byte order mark.

    A decoding failure names the line it is on (the byte offset means nothing to a user).
    """
    data = path.read_bytes()
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8-sig")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = exc.object  # utf-8-sig counts from after the BOM: read its own view of the bytes
        line = bad[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        shown = "UTF-8" if encoding == "utf-8-sig" else encoding.upper()
        raise CatalogFileError(
            f"{path.name} is not {shown}: line {line} has byte {bad[exc.start]:#04x} that "
            f"{shown} cannot read; in Excel save it as 'CSV UTF-8 (Comma delimited)'"
        ) from exc


def _csv_rows(text: str, delimiter: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [
        (number, [_csv_cell(cell, number, position) for position, cell in enumerate(cells)])
        for number, cells in enumerate(reader, 1)
    ]


def _csv_cell(cell: str, number: int, position: int) -> str | FormulaCell:
    """CSV keeps a formula as its text ("=SUM(F5:F13)"): it carries no value to import."""
    if _FORMULA.match(cell.strip()):
        return FormulaCell(f"{get_column_letter(position + 1)}{number}")
    return cell


def _read_xlsx(path: Path) -> Sheet:
    """Values as Excel last saved them; a formula cell with no saved value becomes FormulaCell."""
    try:
        workbook = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CatalogFileError(f"{path.name} is not a readable .xlsx workbook: {exc}") from exc
    worksheets = [workbook.active, *(ws for ws in workbook.worksheets if ws is not workbook.active)]
    for worksheet in worksheets:
        if not isinstance(worksheet, Worksheet):
            continue
        rows: list[Row] = list(enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1))
        header = find_header(rows)
        if header is not None:
            unsaved = _unsaved_formulas(formulas[worksheet.title], worksheet)
            return Sheet(header, [_with_formulas(row, unsaved) for row in rows[header.row :]])
    raise _no_header(path)


def _unsaved_formulas(with_formulas: Any, with_values: Worksheet) -> dict[tuple[int, int], str]:
    """(row, column) -> coordinate of each formula cell whose cached value is missing."""
    unsaved = {}
    for cells in with_formulas.iter_rows():
        for cell in cells:
            if cell.data_type == "f" and with_values.cell(cell.row, cell.column).value is None:
                unsaved[(cell.row, cell.column)] = cell.coordinate
    return unsaved


def _with_formulas(row: Row, unsaved: dict[tuple[int, int], str]) -> Row:
    number, cells = row
    if not unsaved:
        return row
    return number, [
        FormulaCell(unsaved[(number, position + 1)]) if (number, position + 1) in unsaved else value
        for position, value in enumerate(cells)
    ]


def _no_header(path: Path) -> CatalogFileError:
    return CatalogFileError(
        f"{path.name}: no header row found; it needs a SKU column ('sku', 'Mã SP', 'Mã SKU' or "
        "'Mã hàng') and at least two more columns such as 'Tên sản phẩm' and 'Đơn giá (VNĐ)'"
    )
