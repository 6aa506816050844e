"""How items and models look on the wire (get_item_base_info, get_model_list, control)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sandbox.shopee.items import extra
from sandbox.shopee.limits import Limits
from sandbox.shopee.media import image_url
from sandbox.shopee.reference import channel


def price_info(price: int, limits: Limits) -> list[dict[str, Any]]:
    return [
        {
            "currency": limits.currency,
            "original_price": price,
            "current_price": price,
            "inflated_price_of_original_price": price,
            "inflated_price_of_current_price": price,
        }
    ]


def stock_info_v2(stock: int, reserved: int) -> dict[str, Any]:
    """A warehouse-less VN shop: one seller_stock entry without location_id."""
    return {
        "summary_info": {"total_reserved_stock": reserved, "total_available_stock": stock},
        "seller_stock": [{"stock": stock, "if_saleable": True}],
        "shopee_stock": [],
    }


def _logistics(more: dict[str, Any]) -> list[dict[str, Any]]:
    views = []
    for entry in more.get("logistic_info", []):
        found = channel(entry["logistic_id"])
        views.append({**entry, "logistic_name": found.name if found else ""})
    return views


def _images(more: dict[str, Any]) -> dict[str, Any]:
    ids = more.get("image_id_list", [])
    return {"image_id_list": ids, "image_url_list": [image_url(i) for i in ids]}


def _totals(item: sqlite3.Row, models: list[sqlite3.Row]) -> tuple[int, int]:
    if not item["has_model"]:
        return item["stock"], item["reserved"]
    return sum(m["stock"] for m in models), sum(m["reserved"] for m in models)


def base_info(item: sqlite3.Row, models: list[sqlite3.Row], limits: Limits) -> dict[str, Any]:
    """One entry of get_item_base_info; `price_info` is left out when the item has models."""
    more = extra(item)
    view: dict[str, Any] = {
        "item_id": item["item_id"],
        "category_id": item["category_id"],
        "item_name": item["item_name"],
        "description": item["description"],
        "item_sku": item["item_sku"],
        "create_time": item["create_time"],
        "update_time": item["update_time"],
        "attribute_list": more.get("attribute_list", []),
        "image": _images(more),
        "weight": f"{item['weight']:g}",
        "dimension": more.get("dimension", {}),
        "logistic_info": _logistics(more),
        "pre_order": more.get("pre_order", {"is_pre_order": False, "days_to_ship": 2}),
        "condition": more.get("condition", "NEW"),
        "item_status": item["item_status"],
        "has_model": bool(item["has_model"]),
        "promotion_id": 0,
        "brand": more.get("brand", {"brand_id": 0, "original_brand_name": "NoBrand"}),
        "item_dangerous": 0,
        "description_type": "normal",
        "stock_info_v2": stock_info_v2(*_totals(item, models)),
        "tag": {"kit": False},
    }
    if not item["has_model"]:
        view["price_info"] = price_info(item["price"], limits)
    return view


def model_view(model: sqlite3.Row, limits: Limits) -> dict[str, Any]:
    return {
        "model_id": model["model_id"],
        "tier_index": json.loads(model["tier_index"]),
        "model_sku": model["model_sku"],
        "model_status": model["model_status"],
        "price_info": price_info(model["price"], limits),
        "stock_info_v2": stock_info_v2(model["stock"], model["reserved"]),
        "promotion_id": 0,
        "has_promotion": False,
        "pre_order": {"is_pre_order": False, "days_to_ship": 2},
    }


def model_list(item: sqlite3.Row, models: list[sqlite3.Row], limits: Limits) -> dict[str, Any]:
    tiers = extra(item).get("tier_variation", [])
    return {
        "tier_variation": tiers,
        "model": [model_view(m, limits) for m in models],
        "standardise_tier_variation": [],
    }


def control_view(item: sqlite3.Row, models: list[sqlite3.Row]) -> dict[str, Any]:
    """An item as the control API shows it; an item with models shows min price, total stock."""
    model_views = [
        {
            "model_id": m["model_id"],
            "model_sku": m["model_sku"],
            "price": m["price"],
            "stock": m["stock"],
        }
        for m in models
    ]
    price = min((m["price"] for m in models), default=None) if item["has_model"] else item["price"]
    return {
        "item_id": item["item_id"],
        "item_sku": item["item_sku"],
        "item_name": item["item_name"],
        "item_status": item["item_status"],
        "price": price,
        "stock": _totals(item, models)[0],
        "update_time": item["update_time"],
        "models": model_views,
    }


def echo(item: sqlite3.Row, limits: Limits) -> dict[str, Any]:
    """The add_item / update_item reply: the item as stored."""
    more = extra(item)
    view: dict[str, Any] = {
        "item_id": item["item_id"],
        "item_name": item["item_name"],
        "description": item["description"],
        "item_sku": item["item_sku"],
        "category_id": item["category_id"],
        "item_status": item["item_status"],
        "weight": item["weight"],
        "images": _images(more),
        "dimension": more.get("dimension", {}),
        "logistic_info": _logistics(more),
        "attribute": more.get("attribute_list", []),
        "brand": more.get("brand", {"brand_id": 0, "original_brand_name": "NoBrand"}),
        "condition": more.get("condition", "NEW"),
        "pre_order": more.get("pre_order", {"is_pre_order": False, "days_to_ship": 2}),
    }
    if not item["has_model"]:
        view["price_info"] = {"original_price": item["price"], "current_price": item["price"]}
        view["seller_stock"] = [{"stock": item["stock"]}]
    return view
