"""Contract-test harness for Lazada: our sandbox on loopback, driven through its control API.

Everything goes over HTTP (`/_control`, CONTROL.md). The contract test lets five hours pass and
expects the access token to have died, and lets forty days of trade pass on one authorization;
Lazada's "test app" defaults (7 d / 14 d) allow neither, so the app is registered with its own
token lifetimes, as Lazada's online apps have them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from connectors import registry
from connectors.base import Connector
from tests.connectors.harness_base import SandboxHarness

ACCESS_TTL = 4 * 3600  # like Shopee's: five hours of fake clock outlive it
REFRESH_TTL = 180 * 86400  # an "online app" (§1.2): forty days of trade on one authorization


# Operation names the contract test speaks, and the API paths behind them.
OPS: dict[str, tuple[str, ...]] = {
    "check": ("/seller/get",),
    "create": ("/product/create",),
    "images": ("/image/upload",),
    "list": ("/products/get",),
    "update_price": ("/product/price_quantity/update",),
    "update_stock": ("/product/stock/sellable/update",),
    "update_content": ("/product/update",),
    "deactivate": ("/product/deactivate",),
    "orders": ("/orders/get",),
    "order_detail": ("/orders/items/get",),
    "refresh": ("/auth/token/refresh",),
    "token": ("/auth/token/create",),
}


class Harness(SandboxHarness):
    platform = "lazada"
    page_size = 50
    operations = OPS

    def __init__(self, state_dir: Path) -> None:
        super().__init__(state_dir)
        self._seller_id = 0
        self.app_key = ""
        self.app_secret = ""

    def connect(self, **settings: str) -> Connector:
        """A fresh app and seller, authorized by code, and a connector for it."""
        lifetimes = {"expires_in": ACCESS_TTL, "refresh_expires_in": REFRESH_TTL}
        app = self.control("POST", "/_control/partners", lifetimes)
        self.app_key, self.app_secret = str(app["app_key"]), str(app["app_secret"])
        shop = self.control(
            "POST", "/_control/shops", {"app_key": self.app_key, "name": "HTX Mật ong U Minh"}
        )
        self._seller_id = int(shop["seller_id"])
        spec = registry.get(self.platform)
        options = self.options()
        credentials = spec.authorize(
            {
                "app_key": self.app_key,
                "host": self.base_url,
                "auth_host": self.base_url,
                **settings,
            },
            {"app_secret": self.app_secret},
            str(shop["code"]),
            options,
        )
        assert credentials.shop_id == str(self._seller_id)
        return spec.connect(credentials, self.store, options)

    # -- the marketplace side ---------------------------------------------------------------

    @property
    def seller_id(self) -> int:
        return self._seller_id

    def remote_items(self) -> list[dict[str, Any]]:
        return list(self.control("GET", f"/_control/shops/{self._seller_id}/items")["items"])

    def skus_on_platform(self) -> list[str]:
        """Every SellerSku the platform holds (duplicates included)."""
        return [sku["seller_sku"] for item in self.remote_items() for sku in item["skus"]]

    def place_order(self, sku: str, qty: int, create_time: datetime | None = None) -> str:
        body: dict[str, Any] = {"lines": [{"seller_sku": sku, "qty": qty}], "status": "pending"}
        if create_time is not None:
            body["created_at"] = int(create_time.timestamp())
        path = f"/_control/shops/{self._seller_id}/orders"
        return str(self.control("POST", path, body)["order_id"])

    def bulk_orders(self, count: int, skus: Sequence[str], since: datetime, until: datetime) -> int:
        """`count` one-line orders with create/update times spread over [since, until]."""
        body = {
            "count": count,
            "skus": list(skus),
            "time_from": int(since.timestamp()),
            "time_to": int(until.timestamp()),
            "status": "pending",
        }
        path = f"/_control/shops/{self._seller_id}/orders/bulk"
        return int(self.control("POST", path, body)["created"])
