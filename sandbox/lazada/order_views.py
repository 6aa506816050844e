"""How orders and order items look on the wire (/orders/get, /order/get, /order/items/get).

Order amounts are strings with two decimals ("250000.00"), item prices numbers, times ISO 8601
in +07:00; `statuses` is the set of the items' statuses.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sandbox.lazada.times import iso, parse_local

WAREHOUSE = "dropshipping"


def effective_price(sku: sqlite3.Row, now: int) -> int:
    """The special price inside its window (or without one), else the price."""
    special = sku["special_price"]
    if special is None:
        return int(sku["price"])
    start = parse_local(sku["special_from"]) if sku["special_from"] else None
    end = parse_local(sku["special_to"]) if sku["special_to"] else None
    if (start is None or start <= now) and (end is None or now < end):
        return int(special)
    return int(sku["price"])


def money(amount: int) -> str:
    return f"{amount}.00"


def order_view(order: sqlite3.Row, items: list[sqlite3.Row]) -> dict[str, Any]:
    shipping = json.loads(order["address"])
    return {
        "order_id": order["order_id"],
        "order_number": order["order_id"],
        "created_at": iso(order["created_at"]),
        "updated_at": iso(order["updated_at"]),
        "price": money(sum(int(i["item_price"]) for i in items)),
        "items_count": len(items),
        "payment_method": order["payment_method"],
        "statuses": sorted({i["status"] for i in items}) or [order["status"]],
        "shipping_fee": money(order["shipping_fee"]),
        "voucher": money(0),
        "voucher_platform": money(0),
        "voucher_seller": money(0),
        "voucher_code": "",
        "customer_first_name": shipping["first_name"],
        "customer_last_name": shipping["last_name"],
        "address_shipping": shipping,
        "address_billing": shipping,
        "tax_code": "",
        "warehouse_code": WAREHOUSE,
        "gift_option": False,
        "gift_message": "",
        "remarks": "",
        "buyer_note": "",
        "delivery_info": "",
        "national_registration_number": "",
        "promised_shipping_times": "",
        "extra_attributes": "",
        "branch_number": "",
    }


def _shipping(item: sqlite3.Row) -> dict[str, Any]:
    shipped = item["status"] in ("ready_to_ship", "shipped", "delivered", "returned", "failed")
    return {
        "tracking_code": f"LZDVN{item['order_item_id']}" if shipped else "",
        "shipment_provider": "LEX VN" if shipped else "",
        "package_id": f"FP{item['order_item_id']}" if shipped else "",
    }


def item_view(item: sqlite3.Row, created_at: int) -> dict[str, Any]:
    return {
        "order_item_id": item["order_item_id"],
        "order_id": item["order_id"],
        "status": item["status"],
        "name": item["name"],
        "sku": item["seller_sku"],
        "shop_sku": f"{item['item_id']}_VNAMZ-{item['sku_id']}",
        "sku_id": str(item["sku_id"]),
        "product_id": str(item["item_id"]),
        "item_price": float(item["item_price"]),
        "paid_price": float(item["paid_price"]),
        "currency": "VND",
        "voucher_amount": 0.0,
        "voucher_seller": 0.0,
        "voucher_platform": 0.0,
        "shipping_amount": 0.0,
        "tax_amount": 0.0,
        **_shipping(item),
        "created_at": iso(created_at),
        "updated_at": iso(item["updated_at"]),
        "reason": item["reason"],
        "cancel_return_initiator": "buyer-cancel" if item["status"] == "canceled" else "",
        "is_digital": 0,
        "order_type": "Normal",
        "warehouse_code": WAREHOUSE,
        "variation": "",
    }
