"""Field rules of add_item and update_item, one small validator per field.

Each validator checks one raw body field and returns what to store: item columns (`values`) and
fields kept in the item's JSON (`more`). add_item requires the fields of `REQUIRED`; update_item
takes any subset.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sandbox.shopee.context import Call, is_int
from sandbox.shopee.envelope import ApiError, bad_param
from sandbox.shopee.limits import Limits
from sandbox.shopee.media import images_exist
from sandbox.shopee.reference import channel, is_leaf

REQUIRED = (
    "original_price",
    "description",
    "weight",
    "item_name",
    "logistic_info",
    "category_id",
    "image",
)
_HASHTAG = re.compile(r"#\w+")


@dataclass
class Fields:
    values: dict[str, Any] = field(default_factory=dict)
    more: dict[str, Any] = field(default_factory=dict)


def check_price(raw: Any, limits: Limits) -> int:
    """A VN price: a JSON number with no fraction (whole VND), inside the configured range."""
    if not isinstance(raw, int | float) or isinstance(raw, bool) or raw != raw:
        raise ApiError("error_invalid_price", "Invalid price, please use the correct format")
    if raw != int(raw):  # decimals are only allowed in SG/MY/BR/MX/PL/ES/AR
        raise ApiError("error_invalid_price", "Invalid price, please use the correct format")
    if raw < limits.price_min:
        raise ApiError(
            "error_price_exceed_min_limitt", "Original_price is less than min price limit."
        )
    if raw > limits.price_max:
        raise ApiError(
            "error_price_exceed_max_limitt", "Original_price is bigger than max price limit."
        )
    return int(raw)


def check_stock_entries(raw: Any, limits: Limits) -> int:
    """`seller_stock`: entries of {stock} for a warehouse-less shop (no location_id)."""
    if not isinstance(raw, list) or not raw:
        raise bad_param("seller_stock should be a non-empty list")
    total = 0
    for entry in raw:
        if not isinstance(entry, dict) or not is_int(entry.get("stock")):
            raise bad_param("seller_stock.stock should be an integer")
        if entry.get("location_id"):
            raise bad_param("this shop has no warehouse, location_id should be omitted")
        total += entry["stock"]
    if not 0 <= total <= limits.stock_max:
        raise bad_param(f"stock should be between 0 and {limits.stock_max}")
    return total


def _name(call: Call, raw: Any, fields: Fields) -> None:
    if not isinstance(raw, str) or not raw.strip():
        raise ApiError("error_item_name_empty", "Item name is empty.")
    if len(raw) < call.limits.name_min:
        raise ApiError("error_item_name_is_too_short", "Item name is too short.")
    if len(raw) > call.limits.name_max:
        raise ApiError(
            "error_title_exceeds_max_length",
            f"Item name length should not exceed {call.limits.name_max}.",
        )
    fields.values["item_name"] = raw


def _description(call: Call, raw: Any, fields: Fields) -> None:
    text = raw if isinstance(raw, str) else ""
    if len(text.strip()) < call.limits.description_min:
        raise ApiError("error_desc_length_min_limit", "Description length is less than min limit.")
    if len(text) > call.limits.description_max:
        raise bad_param(f"description length should not exceed {call.limits.description_max}")
    if len(_HASHTAG.findall(text)) > call.limits.hashtag_max:
        raise ApiError("error_desc_hash_tag_over_limit", "Hashtags in description over limit.")
    fields.values["description"] = text


def _price(call: Call, raw: Any, fields: Fields) -> None:
    fields.values["price"] = check_price(raw, call.limits)


def _weight(call: Call, raw: Any, fields: Fields) -> None:
    if not isinstance(raw, int | float) or isinstance(raw, bool) or not 0 < raw <= 1_000:
        raise ApiError("error_param", "Invalid Weight.")
    fields.values["weight"] = float(raw)


def _category(call: Call, raw: Any, fields: Fields) -> None:
    if not is_int(raw) or not is_leaf(raw):
        raise ApiError("error_invalid_category", "Invalid category, please use a leaf category.")
    fields.values["category_id"] = raw


def _image(call: Call, raw: Any, fields: Fields) -> None:
    ids = raw.get("image_id_list") if isinstance(raw, dict) else None
    if not isinstance(ids, list) or not ids:
        raise ApiError("error_image_num_min", "Item image number is less than min limit.")
    if len(ids) > call.limits.image_max or not all(isinstance(i, str) for i in ids):
        raise bad_param(f"image_id_list should hold 1 to {call.limits.image_max} image ids")
    if not images_exist(call.db, call.partner_id, ids):
        raise ApiError("error_param", "Image not exist.")
    fields.more["image_id_list"] = ids


def _logistic_entry(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or not is_int(raw.get("logistic_id")):
        raise ApiError("error_invalid_logistic_info", "Invalid logistic info.")
    if channel(raw["logistic_id"]) is None or not isinstance(raw.get("enabled"), bool):
        raise ApiError("error_invalid_logistic_info", "Invalid logistic info.")
    entry = {"logistic_id": raw["logistic_id"], "enabled": raw["enabled"]}
    entry["is_free"] = bool(raw.get("is_free", False))
    for key in ("shipping_fee", "size_id"):
        if key in raw:
            entry[key] = raw[key]
    return entry


def _logistics(call: Call, raw: Any, fields: Fields) -> None:
    entries = [_logistic_entry(e) for e in raw] if isinstance(raw, list) else []
    if not any(entry["enabled"] for entry in entries):
        raise ApiError("error_invalid_logistic_info", "At least one logistic channel is needed.")
    fields.more["logistic_info"] = entries


def _stock(call: Call, raw: Any, fields: Fields) -> None:
    fields.values["stock"] = check_stock_entries(raw, call.limits)


def _status(call: Call, raw: Any, fields: Fields) -> None:
    if raw not in ("NORMAL", "UNLIST"):
        raise bad_param("item_status should be NORMAL or UNLIST")
    fields.values["item_status"] = raw


def _sku(call: Call, raw: Any, fields: Fields) -> None:
    if not isinstance(raw, str) or len(raw) > 100:
        raise bad_param("item_sku should be a string of at most 100 characters")
    fields.values["item_sku"] = raw


def _dimension(call: Call, raw: Any, fields: Fields) -> None:
    keys = ("package_length", "package_width", "package_height")
    if not isinstance(raw, dict) or not all(is_int(raw.get(k)) and raw[k] > 0 for k in keys):
        raise bad_param("dimension needs positive integer package_length/width/height")
    fields.more["dimension"] = {k: raw[k] for k in keys}


def _brand(call: Call, raw: Any, fields: Fields) -> None:
    if not isinstance(raw, dict) or raw.get("brand_id") != 0:
        raise ApiError("error_invalid_brand", "Invalid brand, use brand_id 0 (No Brand).")
    fields.more["brand"] = {
        "brand_id": 0,
        "original_brand_name": raw.get("original_brand_name") or "NoBrand",
    }


def _condition(call: Call, raw: Any, fields: Fields) -> None:
    if raw not in ("NEW", "USED"):
        raise bad_param("condition should be NEW or USED")
    fields.more["condition"] = raw


def _passthrough(name: str, kind: type) -> Callable[[Call, Any, Fields], None]:
    def keep(call: Call, raw: Any, fields: Fields) -> None:
        if not isinstance(raw, kind):
            raise bad_param(f"{name} has a wrong type")
        fields.more[name] = raw

    return keep


def _description_type(call: Call, raw: Any, fields: Fields) -> None:
    if raw != "normal":
        raise bad_param("only the normal description_type is supported")


VALIDATORS: dict[str, Callable[[Call, Any, Fields], None]] = {
    "item_name": _name,
    "description": _description,
    "original_price": _price,
    "weight": _weight,
    "category_id": _category,
    "image": _image,
    "logistic_info": _logistics,
    "seller_stock": _stock,
    "item_status": _status,
    "item_sku": _sku,
    "dimension": _dimension,
    "brand": _brand,
    "condition": _condition,
    "attribute_list": _passthrough("attribute_list", list),
    "pre_order": _passthrough("pre_order", dict),
    "wholesale": _passthrough("wholesale", list),
    "description_type": _description_type,
}


def validate(call: Call, *, creating: bool) -> Fields:
    """Check every known field present in the body (and, on create, that required ones are)."""
    if creating:
        for name in REQUIRED:
            if call.body.get(name) is None:
                raise ApiError("product.error_param", f"invalid field {name}: value must Not Null")
    fields = Fields()
    for name, check in VALIDATORS.items():
        if name in call.body:
            check(call, call.body[name], fields)
    return fields
