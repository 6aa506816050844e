"""get_order_detail's view of an order: default fields, plus those asked for by name."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from sandbox.shopee.limits import Limits
from sandbox.shopee.reference import channel

_LOGISTICS = {
    "UNPAID": "LOGISTICS_NOT_START",
    "READY_TO_SHIP": "LOGISTICS_READY",
    "PROCESSED": "LOGISTICS_REQUEST_CREATED",
    "RETRY_SHIP": "LOGISTICS_PICKUP_RETRY",
    "SHIPPED": "LOGISTICS_PICKUP_DONE",
    "TO_CONFIRM_RECEIVE": "LOGISTICS_DELIVERY_DONE",
    "COMPLETED": "LOGISTICS_DELIVERY_DONE",
    "TO_RETURN": "LOGISTICS_DELIVERY_DONE",
    "IN_CANCEL": "LOGISTICS_REQUEST_CANCELED",
    "CANCELLED": "LOGISTICS_REQUEST_CANCELED",
}
DAYS_TO_SHIP = 2


def _carrier(order: sqlite3.Row) -> str:
    found = channel(order["channel_id"])
    return found.name if found else ""


def _masked_address() -> dict[str, str]:
    """VN samples mask the buyer's address with `*`."""
    return {
        "name": "N****n",
        "phone": "******89",
        "town": "P******g",
        "district": "Q****n",
        "city": "H* N*i",
        "state": "H* N*i",
        "region": "VN",
        "zipcode": "",
        "full_address": "***** P******g, Q****n, H* N*i",
    }


def _line_view(line: sqlite3.Row) -> dict[str, Any]:
    return {
        "item_id": line["item_id"],
        "item_name": line["item_name"],
        "item_sku": line["item_sku"],
        "model_id": line["model_id"],
        "model_name": line["model_name"],
        "model_sku": line["model_sku"],
        "model_quantity_purchased": line["qty"],
        "model_original_price": line["price"],
        "model_discounted_price": line["price"],
        "wholesale": False,
        "weight": 0.5,
        "add_on_deal": False,
        "main_item": False,
        "add_on_deal_id": 0,
        "promotion_type": "",
        "promotion_id": 0,
        "order_item_id": line["item_id"],
        "promotion_group_id": 0,
        "image_info": {"image_url": ""},
        "product_location_id": [],
        "is_prescription_item": False,
        "is_b2c_owned_item": False,
    }


def _packages(order: sqlite3.Row, lines: list[sqlite3.Row]) -> list[dict[str, Any]]:
    return [
        {
            "package_number": f"OFG{order['order_sn']}",
            "logistics_status": _LOGISTICS[order["order_status"]],
            "logistics_channel_id": order["channel_id"],
            "shipping_carrier": _carrier(order),
            "allow_self_design_awb": False,
            "item_list": [
                {
                    "item_id": ln["item_id"],
                    "model_id": ln["model_id"],
                    "model_quantity": ln["qty"],
                    "order_item_id": ln["item_id"],
                    "promotion_group_id": 0,
                    "product_location_id": "",
                }
                for ln in lines
            ],
            "parcel_chargeable_weight_gram": 500 * len(lines),
        }
    ]


Optional = Callable[[sqlite3.Row, list[sqlite3.Row]], Any]

OPTIONAL: dict[str, Optional] = {
    "buyer_user_id": lambda o, _: o["buyer_user_id"],
    "buyer_username": lambda o, _: o["buyer"],
    "estimated_shipping_fee": lambda o, _: 0,
    "actual_shipping_fee": lambda o, _: 0,
    "actual_shipping_fee_confirmed": lambda o, _: o["ship_time"] is not None,
    "recipient_address": lambda o, _: _masked_address(),
    "item_list": lambda _, lines: [_line_view(ln) for ln in lines],
    "pay_time": lambda o, _: o["pay_time"],
    "payment_method": lambda o, _: o["payment_method"],
    "total_amount": lambda o, _: o["total_amount"],
    "cancel_by": lambda o, _: o["cancel_by"],
    "cancel_reason": lambda o, _: o["cancel_reason"],
    "buyer_cancel_reason": lambda o, _: o["cancel_reason"] if o["cancel_by"] == "buyer" else "",
    "package_list": _packages,
    "shipping_carrier": lambda o, _: _carrier(o),
    "checkout_shipping_carrier": lambda o, _: _carrier(o),
    "note": lambda o, _: "",
    "note_update_time": lambda o, _: 0,
    "fulfillment_flag": lambda o, _: "fulfilled_by_local_seller",
    "pickup_done_time": lambda o, _: o["ship_time"] or 0,
    "goods_to_declare": lambda o, _: False,
    "dropshipper": lambda o, _: "",
    "dropshipper_phone": lambda o, _: "",
    "split_up": lambda o, _: False,
    "reverse_shipping_fee": lambda o, _: 0,
    "order_chargeable_weight_gram": lambda _, lines: 500 * len(lines),
    "invoice_data": lambda o, _: None,
}


def order_view(
    order: sqlite3.Row, lines: list[sqlite3.Row], fields: set[str], limits: Limits
) -> dict[str, Any]:
    """The default fields of get_order_detail plus each known optional field requested."""
    paid = order["order_status"] != "UNPAID"
    view: dict[str, Any] = {
        "order_sn": order["order_sn"],
        "region": limits.region,
        "currency": limits.currency,
        "cod": order["payment_method"] == "Cash on Delivery",
        "order_status": order["order_status"],
        "create_time": order["create_time"],
        "update_time": order["update_time"],
        "days_to_ship": DAYS_TO_SHIP,
        "ship_by_date": order["create_time"] + DAYS_TO_SHIP * 86_400 if paid else 0,
        "message_to_seller": "",
        "booking_sn": "",
    }
    for name in sorted(fields & OPTIONAL.keys()):
        if name == "pay_time" and order["pay_time"] is None:
            continue  # Shopee only returns pay_time once the order is paid
        view[name] = OPTIONAL[name](order, lines)
    return view
