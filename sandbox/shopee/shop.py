"""Shop, category and logistics reads.

get_shop_info and get_shops_by_partner answer flat (fields beside request_id, no `response`), as
the official response samples of both APIs show.
"""

from __future__ import annotations

from typing import Any

from sandbox.shopee import accounts
from sandbox.shopee.context import Call, query_int
from sandbox.shopee.envelope import ApiError, bad_param
from sandbox.shopee.reference import CATEGORIES, CHANNELS, Category, is_leaf


def get_shop_info(call: Call) -> dict[str, Any]:
    shop = accounts.shop_row(call.db, call.shop_id)
    link = accounts.link_row(call.db, call.partner_id, call.shop_id)
    if shop is None or link is None:
        raise ApiError("error_shop", "shopid is invalid")
    return {
        "shop_name": shop["name"],
        "region": shop["region"],
        "status": shop["status"],
        "shop_fulfillment_flag": "Others",
        "is_cb": False,
        "is_upgraded_cbsc": False,
        "merchant_id": None,
        "is_sip": False,
        "sip_affi_shops": [],
        "is_main_shop": False,
        "is_direct_shop": False,
        "linked_direct_shop_list": [],
        "linked_main_shop_id": 0,
        "auth_time": link["auth_time"],
        "expire_time": link["expire_time"],
    }


def get_shops_by_partner(call: Call) -> dict[str, Any]:
    page_size = query_int(call.query, "page_size", default=100)
    page_no = query_int(call.query, "page_no", default=1)
    if not 1 <= page_size <= 100 or page_no < 1:
        raise bad_param("page_size should be 1..100 and page_no at least 1")
    shops = accounts.linked_shops(call.db, call.partner_id)
    start = (page_no - 1) * page_size
    page = shops[start : start + page_size]
    return {
        "authed_shop_list": [
            {
                "shop_id": row["shop_id"],
                "region": row["region"],
                "auth_time": row["auth_time"],
                "expire_time": row["expire_time"],
                "sip_affi_shops": [],
            }
            for row in page
        ],
        "more": start + page_size < len(shops),
    }


def _category_view(category: Category, language: str) -> dict[str, Any]:
    return {
        "category_id": category.category_id,
        "parent_category_id": category.parent_id,
        "original_category_name": category.english,
        "display_category_name": category.name if language == "vi" else category.english,
        "has_children": not is_leaf(category.category_id),
    }


def get_category(call: Call) -> dict[str, Any]:
    language = call.query.get("language") or "vi"
    return {"category_list": [_category_view(c, language) for c in CATEGORIES]}


def get_channel_list(call: Call) -> dict[str, Any]:
    return {
        "logistics_channel_list": [
            {
                "logistics_channel_id": c.channel_id,
                "logistics_channel_name": c.name,
                "cod_enabled": c.cod,
                "enabled": True,
                "fee_type": "SIZE_INPUT",
                "size_list": [],
                "weight_limit": {"item_max_weight": c.weight_max_kg, "item_min_weight": 0.01},
                "item_max_dimension": {
                    "height": 100,
                    "width": 100,
                    "length": 100,
                    "unit": "cm",
                    "dimension_sum": 300,
                },
                "volume_limit": {"item_max_volume": 0, "item_min_volume": 0},
                "logistics_description": "",
                "force_enable": False,
                "mask_channel_id": 0,
                "block_seller_cover_shipping_fee": False,
                "support_cross_border": False,
                "seller_logistic_has_configuration": None,
                "logistics_capability": {"seller_logistics": False},
                "preprint": False,
            }
            for c in CHANNELS
        ]
    }
