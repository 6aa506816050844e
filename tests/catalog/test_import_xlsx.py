"""The cooperative's own price list (XLSX), exactly as shared/data/README.md describes it."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from sqlmodel import Session

from catalog.crud import count_catalog
from catalog.importer import import_catalog
from catalog.models import Business
from tests.catalog.helpers import snapshot

PRICE_LIST = "bang_gia_htx.xlsx"


def test_price_list_imports_exactly_as_documented(
    session: Session, business: Business, data_dir: Path
) -> None:
    report = import_catalog(session, business=business, path=data_dir / PRICE_LIST)
    session.commit()
    assert report.header_row == 4
    assert (report.created, report.updated, report.unchanged, report.products) == (5, 0, 0, 4)
    assert report.warnings == []
    assert [(e.row, e.sku, e.field, e.reason) for e in report.errors] == [
        (9, "HTX-PIA-01", "sku", "duplicate SKU HTX-PIA-01 (first on row 8)"),
        (10, "HTX-MAM-01", "name", "missing product name"),
        (11, "HTX-KHO-01", "price_vnd", 'price "Liên hệ" is not a number'),
        (12, "HTX-TOM-01", "stock", 'negative stock "-3"; stock must be 0 or more'),
    ]
    rows = snapshot(session, business.id or 0)
    assert list(rows) == ["HTX-MHD-01", "HTX-MHD-02", "HTX-CUSEN-01", "HTX-PIA-01", "htx-nhan-01"]
    got = {
        sku: (r["product"]["name"], r["option"], r["price"], r["stock"], r["weight_g"],
              r["product"]["ocop_stars"])
        for sku, r in rows.items()
    }  # fmt: skip
    assert got == {
        "HTX-MHD-01": ("Mật hoa dừa", "Chai 250ml", 95000, 120, 420, 5),
        "HTX-MHD-02": ("Mật hoa dừa", "Chai 500ml", 175000, 60, 800, 5),
        "HTX-CUSEN-01": ("Bột củ sen", "Túi 500g", 220000, 75, 530, 4),
        "HTX-PIA-01": ("Bánh pía đậu xanh sầu riêng", "Hộp 4 cái", 68000, 200, 450, 4),
        "htx-nhan-01": ("Nhãn lồng nước đường", "Lon 450g", 30000, 260, 500, None),
    }
    assert rows["HTX-CUSEN-01"]["product"]["name"].encode() == "Bột củ sen".encode()  # NFC bytes
    assert rows["HTX-MHD-01"]["product"]["code"] == rows["HTX-MHD-02"]["product"]["code"]
    assert count_catalog(session, business_id=business.id or 0) == (4, 5)


def test_price_list_reimport_is_unchanged(
    session: Session, business: Business, data_dir: Path
) -> None:
    import_catalog(session, business=business, path=data_dir / PRICE_LIST)
    session.commit()
    report = import_catalog(session, business=business, path=data_dir / PRICE_LIST)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert [e.row for e in report.errors] == [9, 10, 11, 12]


def test_formulas_and_total_rows_in_a_workbook(
    session: Session, business: Business, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Báo giá tháng 11"])
    sheet.append(["Mã SKU", "Tên SP", "Đơn giá", "Số lượng", "Thành tiền"])
    sheet.append(["A-1", "Khô cá lóc", 150000, 3, "=C3*D3"])
    sheet.append(["A-2", "Khô cá sặc", "=C3", 2, "=C4*D4"])  # no cached value: rejected
    sheet.append([None, "Tổng", None, "=SUM(D3:D4)", "=SUM(E3:E4)"])
    path = tmp_path / "bao_gia.xlsx"
    workbook.save(path)
    report = import_catalog(session, business=business, path=path)
    assert report.created == 1
    assert [(e.row, e.field, e.reason) for e in report.errors] == [
        (4, "price_vnd", "cell C4 holds a formula with no saved value; open the file in Excel "
         "and save it, or paste values"),
    ]  # fmt: skip
    assert [w.reason for w in report.warnings] == [
        'column "Thành tiền" is not a catalog column; ignored'
    ]
