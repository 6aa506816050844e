"""The sample master catalog (CSV): values, images, re-import, edits, broken rows."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
from sqlmodel import Session, select

from catalog.crud import count_catalog, image_bytes, list_variants
from catalog.importer import CatalogFileError, ImportReport, import_catalog
from catalog.models import Business, ImageFile, Product, StockLevel, Variant, Warehouse
from tests.catalog.helpers import read_csv, snapshot, write_csv, write_lines

SAMPLE = "catalog_soctrang.csv"


def _import(session: Session, business: Business, path: Path, **kwargs: object) -> ImportReport:
    report = import_catalog(session, business=business, path=path, **kwargs)  # type: ignore[arg-type]
    session.commit()
    return report


def test_sample_imports_29_variants_in_23_products(
    session: Session, business: Business, data_dir: Path
) -> None:
    report = _import(session, business, data_dir / SAMPLE)
    assert (report.created, report.updated, report.unchanged) == (29, 0, 0)
    assert report.products == 23
    assert report.errors == []
    assert report.header_row == 1
    assert count_catalog(session, business_id=business.id or 0) == (23, 29)


def test_sample_values(session: Session, business: Business, data_dir: Path) -> None:
    _import(session, business, data_dir / SAMPLE)
    rows = snapshot(session, business.id or 0)
    onion = rows["HTVC-TUI-1KG"]
    assert (onion["price"], onion["stock"], onion["weight_g"]) == (45000, 320, 1050)
    assert (onion["length_cm"], onion["width_cm"], onion["height_cm"]) == (30, 20, 8)
    assert onion["barcode"] == "8936200000019"
    assert onion["option"] == "Túi lưới 1kg"
    assert onion["images"] == ["hanh-tim-tui-luoi.jpg"]
    assert onion["product"] | {"description": ""} == {
        "code": "HTVC", "name": "Hành tím Vĩnh Châu túi lưới", "category": "Rau củ tươi",
        "brand": "Techpal", "description": "", "ocop_stars": 3, "ocop_year": 2023,
        "producer": "Techpal Sóc Trăng", "commune": None, "district": "Thị xã Vĩnh Châu",
        "province": "Sóc Trăng",
    }  # fmt: skip
    nest = rows["YSQT-TC-50G"]
    assert (nest["price"], nest["stock"], nest["weight_g"]) == (1750000, 25, 150)
    assert nest["product"]["producer"] == "Công ty TNHH Yến sào Quốc Tín"
    assert nest["product"]["commune"] == "Phường 1"
    honey = rows["MHD-TVF-250"]["product"]
    assert (honey["ocop_stars"], honey["ocop_year"], honey["province"]) == (5, 2022, "Trà Vinh")
    assert (honey["commune"], honey["district"]) == ("Xã Phú Cần", "Huyện Tiểu Cần")
    unrated = rows["HTVC-SAY-100G"]["product"]
    assert (unrated["ocop_stars"], unrated["ocop_year"]) == (None, None)
    assert rows["BCS-CT-500G"]["product"]["producer"] is None
    assert rows["NMKH-38-6C"]["price"] == 480000


def test_variants_share_their_product(session: Session, business: Business, data_dir: Path) -> None:
    _import(session, business, data_dir / SAMPLE)
    by_product: dict[str, list[str]] = {}
    for variant, product in list_variants(session, business_id=business.id or 0):
        by_product.setdefault(product.code, []).append(variant.sku)
    assert by_product["GST25"] == ["GST25-2KG", "GST25-5KG", "GST25-10KG"]
    assert by_product["YSQT"] == ["YSQT-TC-50G", "YSQT-TC-100G"]
    assert len(by_product) == 23


def test_names_are_nfc_with_diacritics(
    session: Session, business: Business, data_dir: Path
) -> None:
    _import(session, business, data_dir / SAMPLE)
    names = {p.code: p.name for p in session.exec(select(Product)).all()}
    assert names["PIAHS"] == "Bánh pía sầu riêng trứng Hải Sơn"
    assert names["DHDTVF"] == "Đường hoa dừa Trà Vinh FARM"
    assert all(unicodedata.is_normalized("NFC", name) for name in names.values())


def test_stock_is_in_the_main_warehouse(
    session: Session, business: Business, data_dir: Path
) -> None:
    _import(session, business, data_dir / SAMPLE)
    warehouses = session.exec(select(Warehouse)).all()
    assert [(w.business_id, w.code) for w in warehouses] == [(business.id, "MAIN")]
    levels = session.exec(select(StockLevel)).all()
    assert len(levels) == 29
    assert sum(level.on_hand for level in levels) == sum(
        int(row["stock"]) for row in read_csv(data_dir / SAMPLE)
    )


def test_images_are_stored_once_with_their_hash(
    session: Session, business: Business, data_dir: Path
) -> None:
    report = _import(session, business, data_dir / SAMPLE)
    assert report.warnings == []
    images = session.exec(select(ImageFile)).all()
    assert len(images) == 23  # 29 variants cite 23 distinct files
    sample = data_dir / "images" / "gao-st25.jpg"
    stored = image_bytes(session, business_id=business.id or 0, names=["gao-st25.jpg", "nope.jpg"])
    assert stored == [("gao-st25.jpg", sample.read_bytes())]
    by_name = {image.name: image for image in images}
    assert by_name["gao-st25.jpg"].sha256 == hashlib.sha256(sample.read_bytes()).hexdigest()
    assert by_name["gao-st25.jpg"].content_type == "image/jpeg"


def test_each_pack_keeps_its_own_description(
    session: Session, business: Business, data_dir: Path
) -> None:
    report = _import(session, business, data_dir / SAMPLE)
    assert report.warnings == []
    variant = session.exec(select(Variant).where(Variant.sku == "GST25-5KG")).one()
    assert variant.description == "Gạo thơm ST25, túi 5kg hút chân không."
    product = session.exec(select(Product).where(Product.code == "GST25")).one()
    assert product.description == "Gạo thơm ST25, hạt dài, cơm dẻo thơm."


def test_reimport_changes_nothing(session: Session, business: Business, data_dir: Path) -> None:
    _import(session, business, data_dir / SAMPLE)
    before = snapshot(session, business.id or 0)
    report = _import(session, business, data_dir / SAMPLE)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 29)
    assert snapshot(session, business.id or 0) == before
    assert count_catalog(session, business_id=business.id or 0) == (23, 29)
    assert len(session.exec(select(ImageFile)).all()) == 23


def test_edited_copy_updates_in_place(
    session: Session, business: Business, data_dir: Path, tmp_path: Path
) -> None:
    _import(session, business, data_dir / SAMPLE)
    rows = read_csv(data_dir / SAMPLE)
    edits = {"GST25-2KG": ("price_vnd", "79000"), "PIA-HS-SRT-400": ("stock", "450"),
             "DMBT-500G": ("description", "Dưa mắm nhà làm, ít mặn.")}  # fmt: skip
    for row in rows:
        if row["sku"] in edits:
            column, value = edits[row["sku"]]
            row[column] = value
    report = _import(session, business, write_csv(tmp_path / "edited.csv", rows))
    assert (report.created, report.updated, report.unchanged) == (0, 3, 26)
    assert not [w for w in report.warnings if w.field == "images"]  # already stored: no warning
    after = snapshot(session, business.id or 0)
    assert after["GST25-2KG"]["price"] == 79000
    assert after["PIA-HS-SRT-400"]["stock"] == 450
    assert after["DMBT-500G"]["product"]["description"] == "Dưa mắm nhà làm, ít mặn."
    assert count_catalog(session, business_id=business.id or 0) == (23, 29)


BROKEN = [
    "sku,name,variant,price_vnd,stock,weight_g,images",
    "OK-1,Bánh pía,Hộp 400g,72000,10,450,",
    "BAD-PRICE,Bánh pía,Hộp 600g,abc,5,660,",
    ",Không có mã,Hộp,50000,3,100,",
    "NEG-1,Tôm khô,Túi 200g,120000,-3,200,",
    "",
    "OK-2,Mắm cá lóc,Hũ 500g,120.000,4,700,mam-ca-loc.jpg; khong-co.jpg; ../../etc/passwd",
    "OK-1,Bánh pía,Hộp 400g,99000,1,450,",
    ",Tổng cộng,,,22,,",
]


def test_broken_rows_are_reported_and_the_rest_imported(
    session: Session, business: Business, data_dir: Path, tmp_path: Path
) -> None:
    path = write_lines(tmp_path / "broken.csv", BROKEN)
    report = _import(session, business, path, images_dir=data_dir / "images")
    assert [(e.row, e.sku, e.field) for e in report.errors] == [
        (3, "BAD-PRICE", "price_vnd"), (4, None, "sku"), (5, "NEG-1", "stock"), (8, "OK-1", "sku"),
    ]  # fmt: skip
    reasons = [e.reason for e in report.errors]
    assert reasons[0] == 'price "abc" is not a number'
    assert reasons[1] == "missing SKU"
    assert "negative stock" in reasons[2]
    assert reasons[3] == "duplicate SKU OK-1 (first on row 2)"
    assert (report.created, report.products) == (2, 2)
    rows = snapshot(session, business.id or 0)
    assert rows["OK-1"]["price"] == 72000  # the first row wins
    assert rows["OK-2"]["images"] == ["mam-ca-loc.jpg", "khong-co.jpg"]
    assert [(w.row, w.field) for w in report.warnings] == [(7, "images"), (7, "images")]
    assert 'image "khong-co.jpg" not found' in report.warnings[0].reason


def test_progress_is_reported(session: Session, business: Business, data_dir: Path) -> None:
    calls: list[tuple[int, int]] = []
    import_catalog(
        session, business=business, path=data_dir / SAMPLE,
        progress=lambda done, total: calls.append((done, total)),
    )  # fmt: skip
    assert calls[0] == (1, 29)
    assert calls[-1] == (29, 29)


def test_titles_above_semicolons_bom_and_kg(
    session: Session, business: Business, tmp_path: Path
) -> None:
    lines = [
        "DANH MỤC SẢN PHẨM OCOP;;;;",
        "Ngày 01/11/2026;;;;",
        ";;;;",
        "STT;Mã hàng;Tên sản phẩm;Giá bán;Khối lượng (kg);Số sao OCOP",
        "1;ST-01;Gạo ST25;78.000;2,05;5 sao",
        ";;Tổng;;;",
        "2;ST-02;Gạo ST25;=SUM(D5:D5);5,05;5 sao",
    ]
    path = tmp_path / "vn.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))
    report = _import(session, business, path)
    assert report.header_row == 4
    assert [(e.row, e.field, e.reason) for e in report.errors] == [
        (7, "price_vnd", "cell D7 holds a formula with no saved value; open the file in Excel "
         "and save it, or paste values"),
    ]  # fmt: skip
    rows = snapshot(session, business.id or 0)
    assert (rows["ST-01"]["price"], rows["ST-01"]["weight_g"]) == (78000, 2050)
    # no product code column: the name is the product
    assert rows["ST-01"]["product"]["code"] == "Gạo ST25"


def test_not_utf8_is_a_clear_error(session: Session, business: Business, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "cp1258.csv", ["sku,name,price_vnd", "A,Bánh pía,1000"], "cp1258")
    with pytest.raises(CatalogFileError, match="not UTF-8"):
        import_catalog(session, business=business, path=path)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("no_header.csv", "a,b,c\n1,2,3\n", "no header row"), ("old.xls", "", "save it as .xlsx"),
     ("notes.pdf", "", "expected a .csv or .xlsx"), ("fake.xlsx", "not a zip", "not a readable")],
)  # fmt: skip
def test_unreadable_files(
    session: Session, business: Business, tmp_path: Path, name: str, content: str, reason: str
) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(CatalogFileError, match=reason):
        import_catalog(session, business=business, path=tmp_path / name)


def test_price_sheet_updates_known_skus_only(
    session: Session, business: Business, data_dir: Path, tmp_path: Path
) -> None:
    _import(session, business, data_dir / SAMPLE)
    path = write_lines(tmp_path / "prices.csv", ["Mã SP,Giá bán,Tồn kho", "GST25-2KG,80.000,",
                                                  "NEW-1,10.000,5"])  # fmt: skip
    report = _import(session, business, path)
    assert (report.updated, report.unchanged) == (1, 0)
    assert [(e.row, e.sku, e.reason) for e in report.errors] == [
        (3, "NEW-1", "missing product name")
    ]
    rows = snapshot(session, business.id or 0)
    assert (rows["GST25-2KG"]["price"], rows["GST25-2KG"]["stock"]) == (80000, 400)
    assert rows["GST25-2KG"]["product"]["name"] == "Gạo thơm ST25"  # untouched: no such column


def test_a_variant_moves_when_its_product_code_changes(
    session: Session, business: Business, data_dir: Path, tmp_path: Path
) -> None:
    _import(session, business, data_dir / SAMPLE)
    rows = read_csv(data_dir / SAMPLE)
    for row in rows:
        if row["sku"] == "GST25-10KG":
            row["product_code"], row["name"] = "GST25-BAO", "Gạo thơm ST25 bao lớn"
    report = _import(session, business, write_csv(tmp_path / "moved.csv", rows))
    assert (report.created, report.updated, report.unchanged, report.products) == (0, 1, 28, 24)
    after = snapshot(session, business.id or 0)
    assert after["GST25-10KG"]["product"]["code"] == "GST25-BAO"
    assert after["GST25-10KG"]["product"]["name"] == "Gạo thơm ST25 bao lớn"
    assert after["GST25-10KG"]["price"] == 360000
    assert after["GST25-5KG"]["product"]["code"] == "GST25"
    assert count_catalog(session, business_id=business.id or 0) == (24, 29)
