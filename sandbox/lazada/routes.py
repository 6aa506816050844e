"""The marketplace API: each Lazada API path (without `/rest`) with its kind and reply shape.

Every API answers GET and POST alike (lazada.md §2.4). SELLER APIs need an access token; PUBLIC
ones (authType 0) take one if sent; AUTH ones (the token APIs) are signed but take none; the
consent page is outside `/rest` and unsigned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sandbox.lazada import (
    auth,
    images,
    inventory,
    orders,
    product_writes,
    products,
    seller,
)
from sandbox.lazada.context import Call
from sandbox.lazada.envelope import Shape

Handler = Callable[[Call], Any]


class ApiKind(Enum):
    SELLER = "seller"
    PUBLIC = "public"
    AUTH = "auth"
    UNSIGNED = "unsigned"


@dataclass(frozen=True)
class Endpoint:
    kind: ApiKind
    handler: Handler
    shape: Shape = Shape.WRAPPED
    inventory: bool = False  # counts against the per-seller inventory QPS


def _seller(handler: Handler, shape: Shape = Shape.WRAPPED) -> Endpoint:
    return Endpoint(ApiKind.SELLER, handler, shape)


def _stock(handler: Handler) -> Endpoint:
    return Endpoint(ApiKind.SELLER, handler, inventory=True)


ROUTES: dict[str, Endpoint] = {
    "/auth/token/create": Endpoint(ApiKind.AUTH, auth.token_create, Shape.FLAT),
    "/auth/token/refresh": Endpoint(ApiKind.AUTH, auth.token_refresh, Shape.FLAT),
    "/category/tree/get": Endpoint(ApiKind.PUBLIC, seller.category_tree),
    "/category/attributes/get": Endpoint(ApiKind.PUBLIC, seller.category_attributes),
    "/category/brands/query": Endpoint(ApiKind.PUBLIC, seller.brands, Shape.FLAGGED),
    "/seller/get": _seller(seller.get_seller),
    "/products/get": _seller(products.get_products),
    "/product/item/get": _seller(products.get_item),
    "/product/create": _seller(product_writes.create_product),
    "/product/update": _seller(product_writes.update_product),
    "/product/deactivate": _seller(product_writes.deactivate_product),
    "/product/remove": _seller(product_writes.remove_product),
    "/product/price_quantity/update": _stock(inventory.update_price_quantity),
    "/product/stock/sellable/update": _stock(inventory.update_sellable),
    "/image/upload": _seller(images.upload_image),
    "/image/migrate": _seller(images.migrate_image),
    "/images/migrate": _seller(images.migrate_images, Shape.FLAT),
    "/image/response/get": _seller(images.image_response),
    "/orders/get": _seller(orders.get_orders),
    "/order/get": _seller(orders.get_order),
    "/order/items/get": _seller(orders.get_order_items),
    "/orders/items/get": _seller(orders.get_multiple_order_items),
}
PAGES: dict[str, Endpoint] = {
    "/oauth/authorize": Endpoint(ApiKind.UNSIGNED, auth.authorize_page),
}
