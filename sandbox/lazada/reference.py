"""Fixed marketplace data of the simulated VN seller: categories, their attributes, brands.

Ids are the sandbox's own (Lazada's differ per country); 10000211 (honey) is the leaf the
notes' test vector T5 creates a product in. Only leaf categories take products.
"""

from __future__ import annotations

from typing import Any

# The tree as /category/tree/get nests it: (category_id, vi_VN name, en_US name, children).
TREE: tuple[tuple[int, str, str, tuple[tuple[int, str, str], ...]], ...] = (
    (
        10000200,
        "Bách hóa online",
        "Groceries",
        (
            (10000211, "Mật ong", "Honey"),
            (10000212, "Trà", "Tea"),
            (10000213, "Cà phê", "Coffee"),
            (10000214, "Nước mắm & gia vị", "Fish Sauce & Seasonings"),
            (10000215, "Gạo & ngũ cốc", "Rice & Grains"),
            (10000216, "Bánh kẹo & đặc sản", "Snacks & Specialities"),
        ),
    ),
    (
        10000300,
        "Sức khỏe & Làm đẹp",
        "Health & Beauty",
        (
            (10000311, "Thực phẩm chức năng", "Food Supplements"),
            (10000312, "Tinh dầu", "Essential Oils"),
        ),
    ),
    (
        10000400,
        "Nhà cửa & Đời sống",
        "Home & Living",
        ((10000411, "Đồ thủ công mỹ nghệ", "Handicrafts"),),
    ),
)
LEAVES = frozenset(leaf[0] for _, _, _, leaves in TREE for leaf in leaves)
BRANDS: tuple[tuple[int, str], ...] = (
    (0, "No Brand"),
    (31001, "OCOP Việt Nam"),
    (31002, "Hợp tác xã Nông nghiệp"),
)

# (name, label, mandatory, sale prop, attribute_type, input_type)
ATTRIBUTES: tuple[tuple[str, str, int, int, str, str], ...] = (
    ("name", "Tên sản phẩm", 1, 0, "normal", "text"),
    ("brand", "Thương hiệu", 1, 0, "normal", "singleSelect"),
    ("description", "Mô tả", 0, 0, "normal", "richText"),
    ("short_description", "Điểm nổi bật", 0, 0, "normal", "richText"),
    ("warranty_type", "Loại bảo hành", 0, 0, "normal", "singleSelect"),
    ("SellerSku", "SellerSku", 1, 0, "sku", "text"),
    ("price", "Giá", 1, 0, "sku", "numeric"),
    ("special_price", "Giá khuyến mãi", 0, 0, "sku", "numeric"),
    ("quantity", "Số lượng", 1, 0, "sku", "numeric"),
    ("package_weight", "Cân nặng (kg)", 1, 0, "sku", "numeric"),
    ("package_length", "Dài (cm)", 1, 0, "sku", "numeric"),
    ("package_width", "Rộng (cm)", 1, 0, "sku", "numeric"),
    ("package_height", "Cao (cm)", 1, 0, "sku", "numeric"),
    ("color_family", "Nhóm màu", 0, 1, "sku", "singleSelect"),
    ("size", "Kích cỡ", 0, 1, "sku", "singleSelect"),
)


def is_leaf(category_id: int) -> bool:
    return category_id in LEAVES


def brand_name(raw: str) -> str | None:
    """The brand a payload names (by name or by id), or None when unknown."""
    for brand_id, name in BRANDS:
        if raw.strip().lower() in (name.lower(), str(brand_id)):
            return name
    return None


def tree(english: bool) -> list[dict[str, Any]]:
    def node(category_id: int, names: tuple[str, str], leaf: bool) -> dict[str, Any]:
        name = names[1] if english else names[0]
        return {"category_id": category_id, "name": name, "leaf": leaf, "var": leaf}

    return [
        {
            **node(top_id, (vi, en), False),
            "children": [node(leaf_id, (lvi, len_), True) for leaf_id, lvi, len_ in leaves],
        }
        for top_id, vi, en, leaves in TREE
    ]


def attributes() -> list[dict[str, Any]]:
    return [
        {
            "id": 100 + number,
            "name": name,
            "label": label,
            "is_mandatory": mandatory,
            "is_sale_prop": sale,
            "attribute_type": kind,
            "input_type": input_type,
            "options": [{"id": b, "name": n, "en_name": n} for b, n in BRANDS]
            if name == "brand"
            else [],
            "advanced": {"is_key_prop": 0},
        }
        for number, (name, label, mandatory, sale, kind, input_type) in enumerate(ATTRIBUTES)
    ]
