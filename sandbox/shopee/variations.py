"""POST /api/v2/product/init_tier_variation: give an item without models its tiers and models."""

from __future__ import annotations

import itertools
from typing import Any

from sandbox.shopee import items
from sandbox.shopee.context import Call, body_int, body_list, is_int
from sandbox.shopee.envelope import ApiError, bad_param
from sandbox.shopee.item_views import model_view
from sandbox.shopee.validation import check_price, check_stock_entries


def _tiers(raw: list[Any]) -> list[dict[str, Any]]:
    tiers = []
    for tier in raw:
        if not isinstance(tier, dict) or not isinstance(tier.get("name"), str):
            raise bad_param("each tier_variation needs a name and a non-empty option_list")
        options = tier.get("option_list")
        if not isinstance(options, list) or not options:
            raise bad_param("each tier_variation needs a name and a non-empty option_list")
        if not all(isinstance(o, dict) and isinstance(o.get("option"), str) for o in options):
            raise bad_param("each option needs an option name")
        tiers.append(
            {"name": tier["name"], "option_list": [{"option": o["option"]} for o in options]}
        )
    return tiers


def _model(call: Call, raw: Any, tiers: list[dict[str, Any]]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise bad_param("model entries should be objects")
    index = raw.get("tier_index")
    sizes = [len(t["option_list"]) for t in tiers]
    if not isinstance(index, list) or len(index) != len(tiers):
        raise bad_param("tier_index should have one index per tier")
    if not all(is_int(i) and 0 <= i < size for i, size in zip(index, sizes, strict=True)):
        raise bad_param("tier_index is out of range")
    sku = raw.get("model_sku", "")
    if not isinstance(sku, str):
        raise bad_param("model_sku should be a string")
    price = check_price(raw.get("original_price"), call.limits)
    stock = check_stock_entries(raw.get("seller_stock", [{"stock": 0}]), call.limits)
    return {"tier_index": index, "model_sku": sku, "price": price, "stock": stock}


def _check_models(call: Call, models: list[dict[str, Any]], tiers: list[dict[str, Any]]) -> None:
    indexes = [tuple(m["tier_index"]) for m in models]
    if len(set(indexes)) != len(indexes):
        raise bad_param("tier_index repeated")
    expected = set(itertools.product(*(range(len(t["option_list"])) for t in tiers)))
    if set(indexes) != expected:
        raise bad_param("every combination of options needs exactly one model")
    prices = [m["price"] for m in models]
    if max(prices) > min(prices) * call.limits.price_spread_max:
        raise ApiError("error_price_out_of_range", "Price is out of range.")


def init_tier_variation(call: Call) -> dict[str, Any]:
    item_id = body_int(call.body, "item_id", module="product.")
    row = items.load_item(call.db, call.shop_id, item_id)
    if row["has_model"]:
        raise ApiError("error_param", "This item already has tier variation.")
    tiers = _tiers(body_list(call.body, "tier_variation", low=1, high=2))
    raw_models = body_list(call.body, "model", low=1, high=50)
    models = [_model(call, raw, tiers) for raw in raw_models]
    _check_models(call, models, tiers)
    for model in models:
        items.insert_model(call.db, row, model)
    items.save_item(
        call.db,
        row,
        {"has_model": 1, "price": None, "stock": 0},
        {"tier_variation": tiers},
        call.now,
    )
    stored = items.models_of(call.db, item_id)
    return {
        "item_id": item_id,
        "tier_variation": tiers,
        "model": [model_view(m, call.limits) for m in stored],
    }
