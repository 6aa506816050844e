"""Configurable marketplace rules of the simulated VN shop (Shopee publishes none of the numbers).

Defaults follow the platform notes: whole VND prices from 1,000 to 120,000,000 (a community VN
guide), stock up to 999,999, names up to 120 characters; lifetimes are Shopee's documented ones.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    region: str = "VN"
    currency: str = "VND"
    price_min: int = 1_000
    price_max: int = 120_000_000
    price_spread_max: int = 5  # VN: the dearest model may cost at most 5x the cheapest
    stock_max: int = 999_999
    name_min: int = 1
    name_max: int = 120
    description_min: int = 1
    description_max: int = 3_000
    hashtag_max: int = 18
    image_max: int = 9
    image_bytes_max: int = 10 * 1024 * 1024
    item_count_max: int = 50_000
    max_offset: int = 10_000  # get_item_list refuses deeper offsets
    batch_max: int = 50
    page_size_max: int = 100
    order_window_max: int = 15 * 86_400
    timestamp_skew: int = 300
    access_ttl: int = 14_400
    refresh_ttl: int = 30 * 86_400
    code_ttl: int = 600
    access_grace: int = 300
    authorization_ttl: int = 365 * 86_400
