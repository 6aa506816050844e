"""Headers as people write them, and finding the header row below titles and dates."""

from __future__ import annotations

import pytest

from catalog.columns import (
    CANONICAL,
    EXPORT_HEADERS,
    IGNORED,
    WEIGHT_KG,
    find_header,
    match_header,
)


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("Mã SP", "sku"), ("Mã SKU", "sku"), ("Mã hàng", "sku"), ("  MÃ   sp ", "sku"),
        ("Tên sản phẩm", "name"), ("TEN SAN PHAM", "name"), ("Quy cách", "variant"),
        ("Phân loại", "variant"), ("Đơn giá (VNĐ)", "price_vnd"), ("đơn giá(vnd)", "price_vnd"),
        ("Giá bán", "price_vnd"), ("Tồn kho", "stock"), ("Số lượng", "stock"),
        ("Khối lượng (kg)", WEIGHT_KG), ("Khối lượng (g)", "weight_g"),
        ("Hạng OCOP", "ocop_stars"), ("Số sao OCOP", "ocop_stars"), ("Ghi chú", IGNORED),
        ("STT", IGNORED), ("Danh mục", "category"), ("Ngành hàng", "category"),
        ("Thương hiệu", "brand"), ("Mô tả", "description"), ("Mã vạch", "barcode"),
        ("Hình ảnh", "images"), ("Nhà sản xuất", "producer"), ("Chủ thể", "producer"),
        ("Xã/Phường", "commune"), ("Huyện", "district"), ("Quận/Huyện", "district"),
        ("Tỉnh", "province"), ("Tỉnh/Thành phố", "province"), ("price_vnd", "price_vnd"),
        ("Mã nhóm SP", "product_code"), ("Năm OCOP", "ocop_year"), ("Dài (cm)", "length_cm"),
    ],
)  # fmt: skip
def test_vietnamese_headers(header: str, canonical: str) -> None:
    assert match_header(header) == canonical


def test_every_canonical_and_export_header_reads_back() -> None:
    for name in CANONICAL:
        assert match_header(name) == name
        assert match_header(EXPORT_HEADERS[name]) == name


def test_unknown_header_is_none() -> None:
    assert match_header("Khối lượng") is None  # no unit: grams or kg? not guessed
    assert match_header("Cột lạ") is None


def test_header_found_below_title_date_and_blank_rows() -> None:
    rows: list[tuple[int, list[str | None]]] = [
        (1, ["BẢNG GIÁ SẢN PHẨM OCOP", None, None]),
        (2, ["Cập nhật: 01/11/2026", None, None]),
        (3, [None, None, None]),
        (4, ["STT", "Mã SP", "Tên sản phẩm", "Đơn giá (VNĐ)", "Ghi chú", "Cột lạ"]),
    ]
    header = find_header(rows)
    assert header is not None
    assert header.row == 4
    assert header.columns == {1: "sku", 2: "name", 3: "price_vnd"}
    assert header.unknown == ("Cột lạ",)


def test_no_header_without_a_sku_column() -> None:
    assert find_header([(1, ["Tên sản phẩm", "Đơn giá", "Tồn kho"])]) is None


def test_a_repeated_column_is_set_aside() -> None:
    header = find_header([(1, ["Mã SP", "Tên sản phẩm", "Giá bán", "Đơn giá (VNĐ)"])])
    assert header is not None
    assert header.columns == {0: "sku", 1: "name", 2: "price_vnd"}
    assert header.repeated == ("Đơn giá (VNĐ)",)
