"""How products and SKUs look on the wire (/products/get, /product/item/get) and in control.

Lazada quirks kept (lazada.md §4.1, §8): `item_id` and the epoch-ms times are strings in product
reads, prices are strings of whole VND, package values are strings.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sandbox.lazada.listings import extra, sellable
from sandbox.lazada.product_rules import PACKAGE

WAREHOUSE = "dropshipping"


def shop_sku(sku: sqlite3.Row) -> str:
    return f"{sku['item_id']}_VNAMZ-{sku['sku_id']}"


def sku_url(sku: sqlite3.Row) -> str:
    return f"https://www.lazada.vn/products/i{sku['item_id']}-s{sku['sku_id']}.html"


def _inventory(sku: sqlite3.Row) -> dict[str, Any]:
    return {
        "warehouseCode": WAREHOUSE,
        "quantity": sku["quantity"],
        "totalQuantity": sku["quantity"],
        "sellableQuantity": sellable(sku),
        "occupyQuantity": 0,
        "withholdQuantity": sku["withhold"],
    }


def _special(sku: sqlite3.Row) -> dict[str, Any]:
    if sku["special_price"] is None:
        return {}
    view: dict[str, Any] = {"special_price": str(sku["special_price"])}
    for name in ("from", "to"):
        text = sku[f"special_{name}"]
        if text:
            view[f"special_{name}_date"] = text
            view[f"special_{name}_time"] = text
    return view


def sku_view(sku: sqlite3.Row, options: bool) -> dict[str, Any]:
    more = extra(sku)
    view: dict[str, Any] = {
        "SkuId": sku["sku_id"],
        "SellerSku": sku["seller_sku"],
        "ShopSku": shop_sku(sku),
        "Url": sku_url(sku),
        "Status": sku["status"],
        "quantity": sku["quantity"],
        "Available": sellable(sku),
        "price": str(sku["price"]),
        **_special(sku),
        **{name: more.get(name, "") for name in PACKAGE},
        "package_content": more.get("package_content", ""),
        "Images": more.get("images", []),
        "saleProp": more.get("saleProp", {}),
    }
    if options:
        view["multiWarehouseInventories"] = [_inventory(sku)]
        view["fblWarehouseInventories"] = []
        view["channelInventories"] = []
    return view


def product_view(product: sqlite3.Row, skus: list[sqlite3.Row], options: bool) -> dict[str, Any]:
    return {
        "item_id": str(product["item_id"]),
        "primary_category": product["primary_category"],
        "created_time": str(product["created_ms"]),
        "updated_time": str(product["updated_ms"]),
        "status": product["status"],
        "subStatus": "",
        "images": json.loads(product["images"]),
        "marketImages": [],
        "attributes": json.loads(product["attributes"]),
        "skus": [sku_view(sku, options) for sku in skus],
    }


def variation(skus: list[sqlite3.Row]) -> dict[str, Any]:
    """`Variation1..4` from the SKUs' sale props (name and the options in use)."""
    options: dict[str, list[str]] = {}
    for sku in skus:
        for name, value in extra(sku).get("saleProp", {}).items():
            if value not in options.setdefault(name, []):
                options[name].append(value)
    return {
        f"Variation{number}": {
            "name": name,
            "hasImage": False,
            "customize": True,
            "options": values,
        }
        for number, (name, values) in enumerate(options.items(), start=1)
    }


def control_view(product: sqlite3.Row, skus: list[sqlite3.Row]) -> dict[str, Any]:
    """A product as the control API shows it (ids as integers, amounts in whole VND)."""
    attributes = json.loads(product["attributes"])
    entries = []
    for sku in skus:
        entry: dict[str, Any] = {
            "sku_id": sku["sku_id"],
            "seller_sku": sku["seller_sku"],
            "price": sku["price"],
            "quantity": sku["quantity"],
            "sellable": sellable(sku),
            "withhold": sku["withhold"],
            "status": sku["status"],
        }
        if sku["special_price"] is not None:
            entry["special_price"] = sku["special_price"]
        entries.append(entry)
    return {
        "item_id": product["item_id"],
        "name": attributes.get("name", ""),
        "status": product["status"],
        "primary_category": product["primary_category"],
        "updated_time": product["updated_ms"],
        "skus": entries,
    }
