"""Export with Vietnamese headers, and the round trip back through the importer."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from catalog.columns import CANONICAL, EXPORT_HEADERS
from catalog.crud import get_or_create_business
from catalog.exporter import export_catalog
from catalog.importer import import_catalog
from catalog.models import Business
from tests.catalog.helpers import read_csv, snapshot


@pytest.fixture
def imported(session: Session, business: Business, data_dir: Path) -> Business:
    import_catalog(session, business=business, path=data_dir / "catalog_soctrang.csv")
    import_catalog(session, business=business, path=data_dir / "bang_gia_htx.xlsx")
    session.commit()
    return business


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_into_a_new_business(
    session: Session, imported: Business, data_dir: Path, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"export{suffix}"
    assert export_catalog(session, business=imported, path=path) == 34
    copy = get_or_create_business(session, slug="copy", name="Bản sao")
    report = import_catalog(session, business=copy, path=path, images_dir=data_dir / "images")
    session.commit()
    assert (report.created, report.errors, report.warnings) == (34, [], [])
    assert snapshot(session, copy.id or 0) == snapshot(session, imported.id or 0)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_into_the_same_business_changes_nothing(
    session: Session, imported: Business, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"export{suffix}"
    export_catalog(session, business=imported, path=path)
    report = import_catalog(session, business=imported, path=path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 34)
    assert (report.errors, report.warnings) == ([], [])  # images already stored: none missing


def test_xlsx_layout(session: Session, imported: Business, tmp_path: Path) -> None:
    path = tmp_path / "danh_muc.xlsx"
    export_catalog(session, business=imported, path=path)
    sheet = load_workbook(path).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header == [EXPORT_HEADERS[name] for name in CANONICAL]
    assert header[:3] == ["Mã SKU", "Mã nhóm SP", "Tên sản phẩm"]
    assert all(cell.font.b for cell in sheet[1])
    price = sheet.cell(row=8, column=CANONICAL.index("price_vnd") + 1)
    assert (price.value, price.number_format) == (1750000, "#,##0")
    barcode = sheet.cell(row=2, column=CANONICAL.index("barcode") + 1).value
    assert barcode == "8936200000019"
    widths = [sheet.column_dimensions[letter].width for letter in ("A", "C", "U")]
    assert widths[1] > widths[0] >= 8
    assert widths[2] <= 60


def test_csv_has_bom_and_vietnamese_headers(
    session: Session, imported: Business, tmp_path: Path
) -> None:
    path = tmp_path / "danh_muc.csv"
    export_catalog(session, business=imported, path=path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_csv(path)
    assert rows[0]["Mã SKU"] == "HTVC-TUI-1KG"
    assert rows[0]["Giá bán (VNĐ)"] == "45000"
    assert rows[-1]["Mã SKU"] == "htx-nhan-01"


def test_text_that_looks_like_a_formula_stays_text(
    session: Session, business: Business, tmp_path: Path
) -> None:
    source = tmp_path / "eq.csv"
    source.write_text("sku,name,price_vnd\nEQ-1,=1+1 combo,1000\n", encoding="utf-8")
    import_catalog(session, business=business, path=source)
    export_catalog(session, business=business, path=tmp_path / "eq.xlsx")
    sheet = load_workbook(tmp_path / "eq.xlsx").active
    assert sheet is not None
    assert sheet.cell(row=2, column=3).value == "=1+1 combo"
    assert sheet.cell(row=2, column=3).data_type == "s"
