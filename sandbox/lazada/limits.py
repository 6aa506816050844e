"""Configurable rules of the simulated Lazada VN gateway and seller, grouped as lazada.md is.

Numbers the notes give are the defaults; names the notes could not find (timestamp, app key and
path errors) are configurable, as §4.2 asks. Token lifetimes default to a "test app" (7 d / 14 d).
`Limits(tokens=Tokens(access_ttl=2_592_000, refresh_ttl=15_552_000))` makes an "online app".
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Gateway:
    """§2, §4.2: signature checks and the error names the notes could not find."""

    timestamp_skew: int = 7_200
    timestamp_error: str = "IllegalTimestamp"
    app_key_error: str = "InvalidAppKey"
    path_error: str = "InvalidApiPath"
    empty_params: str = "either"  # sign empty values "include"d, "skip"ped, or accept "either"


@dataclass(frozen=True)
class Throttle:
    """§4.4: calls a second before ApiCallLimit; None: off (Lazada publishes no per-API QPS)."""

    api_qps: int | None = None  # per (app, API)
    seller_qps: int | None = None  # per seller on the inventory APIs (the notes: 50)


@dataclass(frozen=True)
class Tokens:
    """§1.3, §1.4: lifetimes in seconds; refresh hands back the same refresh token by default."""

    code_ttl: int = 1_800
    access_ttl: int = 604_800
    refresh_ttl: int = 1_209_600
    rotate_refresh: bool = False


@dataclass(frozen=True)
class ProductReads:
    """§5 /products/get."""

    limit_max: int = 50
    offset_max: int = 10_000
    sku_filter_max: int = 100


@dataclass(frozen=True)
class OrderReads:
    """§6 /orders/get and /orders/items/get."""

    limit_max: int = 100
    offset_max: int = 5_000
    ids_max: int = 50


@dataclass(frozen=True)
class Batches:
    """§5, §10.6: how much one write may carry."""

    sku_max: int = 50  # price_quantity/update, stock/sellable/update
    remove_max: int = 50
    migrate_max: int = 8
    images_max: int = 8
    image_bytes_max: int = 3 * 1024 * 1024


@dataclass(frozen=True)
class Content:
    """§5, §8: product text, and what new products and low stock do."""

    name_max: int = 255
    name_bytes_max: int | None = None  # 255 mimics the multi-language title check (4160)
    description_max: int = 25_000
    create_status: str = "Active"  # "Pending QC" holds new products for review
    shallow_stock: int = 5  # push type 6 below this sellable quantity


@dataclass(frozen=True)
class Amounts:
    """§5, §8: prices in whole VND (powersell's 10,000 floor is guidance, not an API rule)."""

    price_min: int = 1
    price_max: int = 999_999_999
    quantity_max: int = 999_999
    weight_max: float = 40.0
    dimension_sum_max: float = 300.0


@dataclass(frozen=True)
class Push:
    """§7: Lazada retries every 30 minutes, 12 times, and wants a reply within 500 ms."""

    retry_delays: tuple[int, ...] = (1_800,) * 12
    timeout: float = 0.5


@dataclass(frozen=True)
class Limits:
    country: str = "vn"
    gateway: Gateway = field(default_factory=Gateway)
    throttle: Throttle = field(default_factory=Throttle)
    tokens: Tokens = field(default_factory=Tokens)
    products: ProductReads = field(default_factory=ProductReads)
    orders: OrderReads = field(default_factory=OrderReads)
    batches: Batches = field(default_factory=Batches)
    content: Content = field(default_factory=Content)
    amounts: Amounts = field(default_factory=Amounts)
    push: Push = field(default_factory=Push)
