"""The marketplace API: each Shopee path with its HTTP method, signature type and reply shape."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sandbox.shopee import (
    auth,
    media,
    orders,
    price_stock,
    product_writes,
    products,
    push,
    shop,
    variations,
)
from sandbox.shopee.context import Call
from sandbox.shopee.envelope import Shape
from sandbox.shopee.signing import ApiKind

Handler = Callable[[Call], dict[str, Any]]


@dataclass(frozen=True)
class Endpoint:
    method: str
    kind: ApiKind
    handler: Handler
    shape: Shape = Shape.WRAPPED


def _get(handler: Handler, shape: Shape = Shape.WRAPPED) -> Endpoint:
    return Endpoint("GET", ApiKind.SHOP, handler, shape)


def _post(handler: Handler) -> Endpoint:
    return Endpoint("POST", ApiKind.SHOP, handler)


PUBLIC, FLAT = ApiKind.PUBLIC, Shape.FLAT

ROUTES: dict[str, Endpoint] = {
    "/auth": Endpoint("GET", ApiKind.UNSIGNED, auth.auth_page),
    "/api/v2/shop/auth_partner": Endpoint("GET", PUBLIC, auth.auth_partner),
    "/api/v2/auth/token/get": Endpoint("POST", PUBLIC, auth.token_get, FLAT),
    "/api/v2/auth/access_token/get": Endpoint("POST", PUBLIC, auth.access_token_get, FLAT),
    "/api/v2/public/get_shops_by_partner": Endpoint("GET", PUBLIC, shop.get_shops_by_partner, FLAT),
    "/api/v2/media_space/upload_image": Endpoint("POST", PUBLIC, media.upload_image),
    "/api/v2/push/set_app_push_config": Endpoint("POST", PUBLIC, push.set_app_push_config),
    "/api/v2/push/get_app_push_config": Endpoint("GET", PUBLIC, push.get_app_push_config),
    "/api/v2/push/get_lost_push_message": Endpoint("GET", PUBLIC, push.get_lost_push_message),
    "/api/v2/push/confirm_consumed_lost_push_message": Endpoint(
        "POST", PUBLIC, push.confirm_consumed_lost_push_message
    ),
    "/api/v2/shop/get_shop_info": _get(shop.get_shop_info, FLAT),
    "/api/v2/product/get_category": _get(shop.get_category),
    "/api/v2/logistics/get_channel_list": _get(shop.get_channel_list),
    "/api/v2/product/get_item_list": _get(products.get_item_list),
    "/api/v2/product/get_item_base_info": _get(products.get_item_base_info),
    "/api/v2/product/get_model_list": _get(products.get_model_list),
    "/api/v2/product/get_item_limit": _get(products.get_item_limit),
    "/api/v2/product/add_item": _post(product_writes.add_item),
    "/api/v2/product/update_item": _post(product_writes.update_item),
    "/api/v2/product/delete_item": _post(product_writes.delete_item),
    "/api/v2/product/unlist_item": _post(product_writes.unlist_item),
    "/api/v2/product/init_tier_variation": _post(variations.init_tier_variation),
    "/api/v2/product/update_price": _post(price_stock.update_price),
    "/api/v2/product/update_stock": _post(price_stock.update_stock),
    "/api/v2/order/get_order_list": _get(orders.get_order_list, Shape.NO_WARNING),
    "/api/v2/order/get_order_detail": _get(orders.get_order_detail, Shape.WARNING_LIST),
}
