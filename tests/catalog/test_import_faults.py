"""Regressions from the tester's report: huge numbers, stock overwritten by old price lists,
unsaved formulas, missing columns, warning floods on large files, encodings."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from catalog.crud import count_catalog, get_or_create_business
from catalog.importer import CatalogFileError, ImportReport, import_catalog
from catalog.models import Business, Product, StockLevel, Variant
from catalog.parse import (
    MAX_CM,
    MAX_GRAMS,
    MAX_PRICE,
    MAX_STOCK,
    MAX_YEAR,
    ParseError,
    parse_cm,
    parse_grams,
    parse_kg_as_grams,
    parse_price,
    parse_stars,
    parse_stock,
    parse_year,
)
from catalog.report import RowError
from ocopsync.cli_catalog import stock_warning
from tests.catalog.helpers import read_csv, snapshot, write_csv, write_lines

SAMPLE = "catalog_soctrang.csv"
INT32_MAX = 2**31 - 1
PRICES = "is too large; it must be 1 to 2,000,000,000 VND"
STOCKS = "is too large; it must be 0 to 1,000,000,000"
GRAMS = "is too large; it must be 0 to 1,000,000 g"
FORMULA_HINT = (
    "holds a formula with no saved value; open the file in Excel and save it, or paste values"
)


def _import(session: Session, business: Business, path: Path, **kwargs: Any) -> ImportReport:
    report = import_catalog(session, business=business, path=path, **kwargs)
    session.commit()
    return report


def _on_hand(session: Session, sku: str) -> int:
    variant = session.exec(select(Variant).where(Variant.sku == sku)).one()
    return session.exec(select(StockLevel).where(StockLevel.variant_id == variant.id)).one().on_hand


def _set_on_hand(session: Session, sku: str, qty: int) -> None:
    variant = session.exec(select(Variant).where(Variant.sku == sku)).one()
    level = session.exec(select(StockLevel).where(StockLevel.variant_id == variant.id)).one()
    level.on_hand = qty
    session.add(level)
    session.commit()


# 1. Huge numbers: bounded in the parsers, the row rejected, the rest imported ------------------


@pytest.mark.parametrize(
    ("parser", "raw", "reason"),
    [
        (parse_price, "99999999999999999999",
         f'price "99999999999999999999" {PRICES}'),
        (parse_price, "9223372036854775808",
         f'price "9223372036854775808" {PRICES}'),
        (parse_price, "2.000.000.001",
         f'price "2.000.000.001" {PRICES}'),
        (parse_price, 1e300, f'price "{int(1e300)}" {PRICES}'),
        (parse_stock, "2147483648", f'stock "2147483648" {STOCKS}'),
        (parse_stock, 1_000_000_001, f'stock "1000000001" {STOCKS}'),
        (parse_grams, "99999999999999999999",
         f'weight "99999999999999999999" {GRAMS}'),
        (parse_kg_as_grams, "1000,001", f'weight "1000,001" {GRAMS}'),
        (parse_cm, "1" + "0" * 40, f'size "1{"0" * 40}" is too large; it must be 0 to 10,000 cm'),
        (parse_year, "9" * 20, f'year "{"9" * 20}" must be between 2000 and 2100'),
        (parse_stars, "9" * 5000, f'OCOP stars "{"9" * 5000}" must be 3 to 5'),
    ],
)  # fmt: skip
def test_huge_numbers_are_refused_with_a_reason(
    parser: Callable[[Any], Any], raw: Any, reason: str
) -> None:
    with pytest.raises(ParseError) as caught:
        parser(raw)
    assert str(caught.value) == reason


@pytest.mark.parametrize(
    ("parser", "raw", "expected"),
    [(parse_price, "2.000.000.000", 2_000_000_000), (parse_price, 1, 1),
     (parse_stock, "1.000.000.000", 1_000_000_000), (parse_grams, 1_000_000, 1_000_000),
     (parse_grams, "1000000,4", 1_000_000), (parse_kg_as_grams, "1000", 1_000_000),
     (parse_cm, 10_000, 10_000), (parse_year, 2100, 2100)],
)  # fmt: skip
def test_the_largest_allowed_values_are_kept(
    parser: Callable[[Any], Any], raw: Any, expected: int
) -> None:
    assert parser(raw) == expected


@pytest.mark.parametrize(
    "parser", [parse_price, parse_stock, parse_grams, parse_kg_as_grams, parse_cm, parse_year,
               parse_stars],
)  # fmt: skip
@pytest.mark.parametrize(
    "raw", ["2147483648", "9223372036854775808", "99999999999999999999", "1" + "0" * 5000,
            2**63, 1e300, "1.000.000.000.000", "9" * 30 + ",5"],
)  # fmt: skip
def test_no_parser_lets_a_value_past_32_bit_integer(parser: Callable[[Any], Any], raw: Any) -> None:
    """PostgreSQL `integer` is 32-bit: every int the catalog stores stays within it."""
    try:
        value = parser(raw)
    except ParseError:
        return
    assert value is None or 0 <= value <= INT32_MAX


def test_bounds_fit_a_32_bit_integer() -> None:
    assert max(MAX_PRICE, MAX_STOCK, MAX_GRAMS, MAX_CM, MAX_YEAR) <= INT32_MAX


def test_a_huge_number_rejects_its_row_and_keeps_the_others(
    session: Session, business: Business, data_dir: Path, tmp_path: Path
) -> None:
    rows = read_csv(data_dir / SAMPLE)
    rows[3]["stock"] = "9223372036854775808"  # row 5, HTVC-BOT-100G
    rows[8]["price_vnd"] = "99999999999999999999"  # row 10, YCS-LADUA-6H
    rows[20]["stock"] = "2147483648"  # row 22, BCS-CT-500G: past PostgreSQL's integer
    rows[25]["weight_g"] = "1" + "0" * 30  # row 27, DHD-TVF-250G
    report = _import(session, business, write_csv(tmp_path / "huge.csv", rows))
    assert [(e.row, e.sku, e.field, e.reason) for e in report.errors] == [
        (5, "HTVC-BOT-100G", "stock",
         f'stock "9223372036854775808" {STOCKS}'),
        (10, "YCS-LADUA-6H", "price_vnd",
         f'price "99999999999999999999" {PRICES}'),
        (22, "BCS-CT-500G", "stock", f'stock "2147483648" {STOCKS}'),
        (27, "DHD-TVF-250G", "weight_g",
         f'weight "1{"0" * 30}" {GRAMS}'),
    ]  # fmt: skip
    assert (report.created, report.updated, report.unchanged) == (25, 0, 0)
    stored = snapshot(session, business.id or 0)
    assert len(stored) == 25
    assert "BCS-CT-500G" not in stored
    assert stored["GST25-2KG"]["stock"] == 400


def test_past_postgresql_integer_only_that_row_is_rejected(
    db: Engine, data_dir: Path, tmp_path: Path
) -> None:
    """On PostgreSQL a stock of 2147483648 used to abort the flush and lose all 29 rows."""
    rows = read_csv(data_dir / SAMPLE)
    rows[20]["stock"] = "2147483648"  # row 22, BCS-CT-500G
    path = write_csv(tmp_path / "pg.csv", rows)
    with Session(db, expire_on_commit=False) as session:
        business = get_or_create_business(session, slug="soctrang", name="Sóc Trăng")
        session.commit()
        report = _import(session, business, path)
        assert [(e.row, e.sku, e.reason) for e in report.errors] == [
            (22, "BCS-CT-500G", f'stock "2147483648" {STOCKS}')
        ]
        assert report.created == 28
        assert count_catalog(session, business_id=business.id or 0) == (22, 28)


# 2. Old price lists must not silently overwrite on-hand stock --------------------------------


def test_reimport_reports_the_stock_it_replaced(
    session: Session, business: Business, data_dir: Path
) -> None:
    _import(session, business, data_dir / SAMPLE)
    _set_on_hand(session, "BCS-CT-500G", 72)  # 3 units shipped since the price list was made
    report = _import(session, business, data_dir / SAMPLE)
    assert report.stock_replaced == [("BCS-CT-500G", 72, 75)]
    assert (report.updated, report.unchanged) == (1, 28)
    assert _on_hand(session, "BCS-CT-500G") == 75


def test_keep_stock_changes_prices_and_text_only(
    session: Session, business: Business, data_dir: Path, tmp_path: Path
) -> None:
    _import(session, business, data_dir / SAMPLE)
    _set_on_hand(session, "BCS-CT-500G", 72)
    _set_on_hand(session, "GST25-2KG", 397)
    rows = read_csv(data_dir / SAMPLE)
    rows[10]["price_vnd"] = "79000"  # GST25-2KG: new price, old stock 400 in the file
    new = dict(rows[0], sku="HTVC-TUI-5KG", variant="Túi lưới 5kg", stock="33")
    path = write_csv(tmp_path / "old_prices.csv", [*rows, new])
    report = _import(session, business, path, keep_stock=True)
    assert report.stock_replaced == []
    assert (report.created, report.updated, report.unchanged) == (1, 1, 28)
    assert _on_hand(session, "BCS-CT-500G") == 72
    assert _on_hand(session, "GST25-2KG") == 397
    assert _on_hand(session, "HTVC-TUI-5KG") == 33  # a new SKU takes the file's stock
    stored = snapshot(session, business.id or 0)
    assert stored["GST25-2KG"]["price"] == 79000


def test_stock_warning_names_the_count_and_the_first_skus() -> None:
    report = ImportReport(stock_replaced=[("A", 72, 75), ("B", 0, 4), ("C", 9, 1), ("D", 5, 6)])
    assert stock_warning(report) == (
        "Warning: the file replaced the on-hand count of 4 known SKUs (A 72 → 75, B 0 → 4, "
        "C 9 → 1, …); if it is an old price list, re-import with --keep-stock to change prices "
        "and text only"
    )
    one = ImportReport(stock_replaced=[("BCS-CT-500G", 72, 75)])
    assert stock_warning(one) == (
        "Warning: the file replaced the on-hand count of 1 known SKU (BCS-CT-500G 72 → 75); if it "
        "is an old price list, re-import with --keep-stock to change prices and text only"
    )
    assert stock_warning(ImportReport()) is None


def test_cli_warns_and_keep_stock_keeps_counts(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ocopsync.cli import app

    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("OCOPSYNC_SECRET_KEY", "x" * 44)
    monkeypatch.setenv("OCOPSYNC_BUSINESS", "soctrang")
    sample = shutil.copy(data_dir / SAMPLE, tmp_path / SAMPLE)
    shutil.copytree(data_dir / "images", tmp_path / "images")
    runner = CliRunner()
    first = runner.invoke(app, ["catalog", "import", str(sample)])
    assert first.exit_code == 0, first.output
    assert "--keep-stock" not in first.output
    from catalog.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with Session(engine) as session:
        _set_on_hand(session, "BCS-CT-500G", 72)
    kept = runner.invoke(app, ["catalog", "import", "--keep-stock", str(sample)])
    assert kept.exit_code == 0, kept.output
    assert "--keep-stock" not in kept.output
    with Session(engine) as session:
        assert _on_hand(session, "BCS-CT-500G") == 72
    replaced = runner.invoke(app, ["catalog", "import", str(sample)])
    assert replaced.exit_code == 0, replaced.output
    warning = (
        "Warning: the file replaced the on-hand count of 1 known SKU (BCS-CT-500G 72 → 75); if it "
        "is an old price list, re-import with --keep-stock to change prices and text only"
    )
    assert warning in replaced.output.splitlines()
    with Session(engine) as session:
        assert _on_hand(session, "BCS-CT-500G") == 75
    engine.dispose()


# 3. Formula cells with no saved value ---------------------------------------------------------


def _formula_workbook(path: Path, cached: dict[str, str] | None = None) -> Path:
    """A quote sheet with formulas; `cached` gives formula cells a saved value, as Excel does."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Báo giá tháng 11"])
    sheet.append(["Mã SKU", "Tên SP", "Đơn giá", "Số lượng", "Khối lượng (g)"])
    sheet.append(["A-1", "Khô cá lóc", 150000, 3, 500])
    sheet.append(["A-2", "Khô cá sặc", 90000, "=D3*2", 500])  # new SKU, formula stock
    sheet.append(['=UPPER("a-3")', "Khô cá tra", 80000, 1, 500])  # formula SKU
    sheet.append(["A-4", "Khô cá kèo", 70000, 1, "=E3"])  # formula weight
    sheet.append([None, None, None, "=SUM(D3:D6)", "=SUM(E3:E6)"])  # unlabelled subtotal: ignored
    sheet.append([None, "Tổng", None, "=SUM(D3:D6)", None])  # the total row: ignored
    workbook.save(path)
    if cached:
        _save_cached_values(path, cached)
    return path


def _save_cached_values(path: Path, cached: dict[str, str]) -> None:
    with zipfile.ZipFile(path) as source:
        items = {name: source.read(name) for name in source.namelist()}
    xml = items["xl/worksheets/sheet1.xml"].decode()
    for coordinate, value in cached.items():
        kind = "" if value.isdigit() else ' t="str"'  # a formula's text result is typed "str"
        xml, count = re.subn(
            rf'<c r="{coordinate}"([^>]*)><f>([^<]*)</f><v\s*(?:/>|></v>)',
            rf'<c r="{coordinate}"\1{kind}><f>\2</f><v>{value}</v>',
            xml,
        )
        assert count == 1, coordinate
    items["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in items.items():
            target.writestr(name, data)


def test_formula_cells_without_a_saved_value_reject_their_row(
    session: Session, business: Business, tmp_path: Path
) -> None:
    report = _import(session, business, _formula_workbook(tmp_path / "bao_gia.xlsx"))
    assert [(e.row, e.sku, e.field, e.reason) for e in report.errors] == [
        (4, "A-2", "stock", f"cell D4 {FORMULA_HINT}"),
        (5, None, "sku", f"cell A5 {FORMULA_HINT}"),
        (6, "A-4", "weight_g", f"cell E6 {FORMULA_HINT}"),
    ]
    assert report.created == 1
    assert list(snapshot(session, business.id or 0)) == ["A-1"]


def test_formula_cells_with_a_saved_value_use_it(
    session: Session, business: Business, tmp_path: Path
) -> None:
    path = _formula_workbook(tmp_path / "saved.xlsx", {"D4": "6", "A5": "A-3", "E6": "500"})
    report = _import(session, business, path)
    assert report.errors == []
    stored = snapshot(session, business.id or 0)
    assert list(stored) == ["A-1", "A-2", "A-3", "A-4"]
    assert (stored["A-2"]["stock"], stored["A-4"]["weight_g"]) == (6, 500)


# 4. Missing required columns ------------------------------------------------------------------


def _without(rows: list[dict[str, str]], *columns: str) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k not in columns} for row in rows]


def test_no_price_column_against_an_existing_catalog_is_a_file_warning(
    session: Session, business: Business, data_dir: Path, tmp_path: Path
) -> None:
    _import(session, business, data_dir / SAMPLE)
    rows = _without(read_csv(data_dir / SAMPLE), "price_vnd")
    report = _import(session, business, write_csv(tmp_path / "no_price.csv", rows))
    headers = ", ".join(rows[0])
    assert report.warnings == [
        RowError(
            1, None, None, f"no price column (headers found: {headers}); prices left as they are"
        )
    ]
    assert (report.unchanged, report.errors) == (29, [])


def test_no_price_column_new_skus_say_why_they_lack_a_price(
    session: Session, business: Business, data_dir: Path, tmp_path: Path
) -> None:
    _import(session, business, data_dir / SAMPLE)
    path = write_lines(tmp_path / "stock.csv", ["sku,name,stock", "GST25-2KG,Gạo thơm ST25,5",
                                                 "NEW-1,Bánh mới,3"])  # fmt: skip
    report = _import(session, business, path)
    assert [(e.row, e.sku, e.reason) for e in report.errors] == [
        (3, "NEW-1", "missing price: the file has no price column")
    ]
    assert [w.reason for w in report.warnings] == [
        "no price column (headers found: sku, name, stock); prices left as they are"
    ]


@pytest.mark.parametrize(
    ("dropped", "missing"),
    [(("price_vnd",), "no price column"), (("name",), "no product name column"),
     (("price_vnd", "name"), "no price column, no product name column")],
)  # fmt: skip
def test_an_empty_catalog_refuses_a_file_without_the_columns_new_skus_need(
    session: Session, business: Business, data_dir: Path, tmp_path: Path,
    dropped: tuple[str, ...], missing: str,
) -> None:  # fmt: skip
    rows = _without(read_csv(data_dir / SAMPLE), *dropped)
    path = write_csv(tmp_path / "partial.csv", rows)
    with pytest.raises(CatalogFileError) as caught:
        import_catalog(session, business=business, path=path)
    assert str(caught.value) == (
        f"partial.csv: {missing}, which new SKUs need (headers found: {', '.join(rows[0])})"
    )
    assert session.exec(select(Product)).all() == []


# 5. Large files: one warning per distinct problem, errors one per row -------------------------


def _big_rows(data_dir: Path, count: int) -> list[dict[str, str]]:
    sample = read_csv(data_dir / SAMPLE)
    rows = []
    for index in range(count):
        row = dict(sample[index % len(sample)])
        row["sku"] = f"{row['sku']}-{index}"
        row["brand"] = f"Brand {index % 3}"  # later rows of a product disagree on the brand
        rows.append(row)
    return rows


def test_a_5000_row_file_summarises_repeated_warnings(
    session: Session, business: Business, data_dir: Path, tmp_path: Path
) -> None:
    rows = _big_rows(data_dir, 5000)
    for index in (100, 2500, 4999):
        rows[index]["price_vnd"] = "Liên hệ"
    folder = tmp_path / "big"
    folder.mkdir()
    path = write_csv(folder / "big.csv", rows)  # no images folder: every image is missing
    report = _import(session, business, path)
    assert [(e.row, e.sku, e.reason) for e in report.errors] == [
        (index + 2, rows[index]["sku"], 'price "Liên hệ" is not a number')
        for index in (100, 2500, 4999)
    ]
    assert report.imported == 4997
    images = list(dict.fromkeys(row["images"] for row in rows))
    assert len(report.warnings) == len(images) + 1 == 24
    image_warnings = [w for w in report.warnings if w.field == "images"]
    good = [(index + 2, row) for index, row in enumerate(rows) if index not in (100, 2500, 4999)]
    for warning, name in zip(image_warnings, images, strict=True):
        cited = [number for number, row in good if row["images"] == name]
        first = ", ".join(str(number) for number in cited[:5])
        assert warning == RowError(
            cited[0], None, "images", f'image "{name}" not found ({len(cited):,} rows: {first}, …)'
        )
    firsts: dict[str, tuple[int, str]] = {}
    differing = []
    for number, row in good:
        code = row["product_code"]
        if code in firsts and firsts[code][1] != row["brand"]:
            differing.append(number)
        firsts.setdefault(code, (number, row["brand"]))
    [brand] = [w for w in report.warnings if w.field == "brand"]
    assert (brand.row, brand.sku) == (differing[0], None)
    assert brand.reason == (
        "brand differs from the first row of its product; the first row kept "
        f"({len(differing):,} rows: {', '.join(map(str, differing[:5]))}, …)"
    )


def test_every_rejected_row_is_still_listed(
    session: Session, business: Business, data_dir: Path, tmp_path: Path
) -> None:
    rows = _big_rows(data_dir, 300)
    for row in rows:
        row["price_vnd"] = ""
    report = _import(session, business, write_csv(tmp_path / "no_prices.csv", rows))
    assert [(e.row, e.reason) for e in report.errors] == [
        (number, "missing price") for number in range(2, 302)
    ]


# 6. Encodings ---------------------------------------------------------------------------------


def test_not_utf8_names_the_line(session: Session, business: Business, tmp_path: Path) -> None:
    lines = ["sku,name,price_vnd", "A,Banh pia,1000", "B,Bánh pía,2000"]
    path = write_lines(tmp_path / "cp1258.csv", lines, "cp1258")
    with pytest.raises(CatalogFileError) as caught:
        import_catalog(session, business=business, path=path)
    assert str(caught.value) == (
        "cp1258.csv is not UTF-8: line 3 has byte 0xe1 that UTF-8 cannot read; in Excel save it "
        "as 'CSV UTF-8 (Comma delimited)'"
    )


def test_not_utf8_after_a_bom_names_the_line_and_byte(
    session: Session, business: Business, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    good = "sku,name,price_vnd\nA,Bánh pía,1000\n".encode()
    path.write_bytes(b"\xef\xbb\xbf" + good + "B,Bánh pía,2000\n".encode("cp1258"))
    with pytest.raises(CatalogFileError) as caught:
        import_catalog(session, business=business, path=path)
    assert str(caught.value) == (
        "mixed.csv is not UTF-8: line 3 has byte 0xe1 that UTF-8 cannot read; in Excel save it "
        "as 'CSV UTF-8 (Comma delimited)'"
    )


@pytest.mark.parametrize(("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_a_bom_is_read(
    session: Session, business: Business, tmp_path: Path, bom: bytes, codec: str
) -> None:
    """Excel's "Unicode Text" is UTF-16 with a BOM and tabs."""
    text = "Mã SP\tTên sản phẩm\tĐơn giá\tTồn kho\r\nBCS-1\tBột củ sen\t220.000\t75\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(bom + text.encode(codec))
    report = _import(session, business, path)
    assert report.errors == []
    stored = snapshot(session, business.id or 0)
    assert (stored["BCS-1"]["product"]["name"], stored["BCS-1"]["price"]) == ("Bột củ sen", 220000)
    assert stored["BCS-1"]["stock"] == 75


def test_broken_utf16_names_the_line(session: Session, business: Business, tmp_path: Path) -> None:
    good = "sku,name,price_vnd\r\nA,Bánh,1000\r\n".encode("utf-16-le")
    path = tmp_path / "broken16.csv"
    path.write_bytes(b"\xff\xfe" + good + b"\x00\xdc" + "B,x,1\r\n".encode("utf-16-le"))
    with pytest.raises(CatalogFileError, match=r"^broken16\.csv is not UTF-16: line 3 has byte"):
        import_catalog(session, business=business, path=path)


def test_many_distinct_missing_images_become_one_warning(
    session: Session, business: Business, data_dir: Path, tmp_path: Path
) -> None:
    rows = _big_rows(data_dir, 5000)
    for index, row in enumerate(rows):
        row["images"] = f"anh-{index}.jpg"
        row["brand"] = ""
    folder = tmp_path / "big"
    folder.mkdir()
    report = _import(session, business, write_csv(folder / "big.csv", rows))
    assert report.warnings == [
        RowError(
            2, None, "images",
            'image "…" not found: 5,000 different values (5,000 rows: 2, 3, 4, 5, 6, …); '
            'first: "anh-0.jpg", "anh-1.jpg", "anh-2.jpg", "anh-3.jpg", "anh-4.jpg", …',
        )
    ]  # fmt: skip
    assert report.created == 5000


def test_a_few_distinct_problems_each_keep_their_own_line(
    session: Session, business: Business, tmp_path: Path
) -> None:
    lines = ["sku,name,price_vnd,images", "A,Bánh,1000,a.jpg", "B,Bánh,1000,b.jpg",
             "C,Bánh,1000,a.jpg", "D,Bánh,1000,bad"]  # fmt: skip
    report = _import(session, business, write_lines(tmp_path / "few.csv", lines))
    assert [(w.row, w.sku, w.reason) for w in report.warnings] == [
        (2, None, 'image "a.jpg" not found (2 rows: 2, 4)'),
        (3, "B", 'image "b.jpg" not found'),
        (5, "D", 'image "bad" is not a plain image file name (.jpg, .png, .webp, .gif)'),
    ]
