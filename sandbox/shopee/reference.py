"""Fixed marketplace data of the simulated VN shop: categories and logistics channels."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    category_id: int
    parent_id: int
    name: str  # Vietnamese display name
    english: str


@dataclass(frozen=True)
class Channel:
    channel_id: int
    name: str
    cod: bool
    weight_max_kg: float


CATEGORIES: tuple[Category, ...] = (
    Category(100629, 0, "Thực phẩm và đồ uống", "Food & Beverages"),
    Category(100630, 100629, "Đồ uống", "Beverages"),
    Category(100640, 100630, "Trà", "Tea"),
    Category(100641, 100630, "Cà phê", "Coffee"),
    Category(100642, 100630, "Rượu & đồ uống có cồn", "Alcoholic Beverages"),
    Category(100631, 100629, "Mật ong", "Honey"),
    Category(100632, 100629, "Gạo, ngũ cốc & các loại hạt", "Rice, Grains & Nuts"),
    Category(100633, 100629, "Nước mắm & gia vị", "Fish Sauce & Seasonings"),
    Category(100634, 100629, "Bánh kẹo & mứt", "Snacks & Confectionery"),
    Category(100635, 100629, "Đặc sản vùng miền", "Regional Specialities"),
    Category(100636, 100629, "Thực phẩm và đồ uống khác", "Other Food & Beverages"),
    Category(100010, 0, "Sức khỏe", "Health"),
    Category(100011, 100010, "Thực phẩm chức năng", "Food Supplements"),
    Category(100012, 100010, "Tinh dầu & dược liệu", "Essential Oils & Herbs"),
    Category(100020, 0, "Nhà cửa & Đời sống", "Home & Living"),
    Category(100021, 100020, "Đồ thủ công mỹ nghệ", "Handicrafts"),
)

DEFAULT_CATEGORY_ID = 100636

CHANNELS: tuple[Channel, ...] = (
    Channel(50021, "SPX Express", True, 30.0),
    Channel(50011, "Giao Hàng Nhanh", True, 30.0),
    Channel(50012, "Giao Hàng Tiết Kiệm", True, 20.0),
    Channel(50018, "J&T Express", True, 50.0),
    Channel(50023, "Hỏa Tốc", False, 10.0),
)

_PARENTS = {category.parent_id for category in CATEGORIES}


def is_leaf(category_id: int) -> bool:
    return any(c.category_id == category_id for c in CATEGORIES) and category_id not in _PARENTS


def channel(channel_id: int) -> Channel | None:
    return next((c for c in CHANNELS if c.channel_id == channel_id), None)
