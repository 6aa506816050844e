"""Contract-test harness for Shopee: our sandbox on loopback, driven through its control API.

Only `sandbox.testing` is imported from the sandbox; everything else goes over HTTP
(`/_control`, CONTROL.md), so the connector and the simulator stay independent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from connectors import registry
from connectors.base import Connector
from tests.connectors.harness_base import SandboxHarness

# Operation names the contract test speaks, and the API paths behind them.
OPS: dict[str, tuple[str, ...]] = {
    "check": ("/api/v2/shop/get_shop_info",),
    "create": ("/api/v2/product/add_item",),
    "create_variants": ("/api/v2/product/init_tier_variation",),
    "list": ("/api/v2/product/get_item_list",),
    "listing_detail": ("/api/v2/product/get_item_base_info", "/api/v2/product/get_model_list"),
    "update_price": ("/api/v2/product/update_price",),
    "update_stock": ("/api/v2/product/update_stock",),
    "orders": ("/api/v2/order/get_order_list",),
    "order_detail": ("/api/v2/order/get_order_detail",),
    "refresh": ("/api/v2/auth/access_token/get",),
}


class Harness(SandboxHarness):
    platform = "shopee"
    page_size = 100
    operations = OPS

    def __init__(self, state_dir: Path) -> None:
        super().__init__(state_dir)
        self._shop_id = 0

    def connect(self) -> Connector:
        """A fresh partner and shop, authorized by code, and a connector for it."""
        partner = self.control("POST", "/_control/partners", {})
        shop = self.control(
            "POST",
            "/_control/shops",
            {"partner_id": partner["partner_id"], "name": "HTX Mật ong U Minh"},
        )
        self._shop_id = int(shop["shop_id"])
        spec = registry.get(self.platform)
        options = self.options()
        credentials = spec.authorize(
            {
                "partner_id": str(partner["partner_id"]),
                "shop_id": str(shop["shop_id"]),
                "host": self.base_url,
            },
            {"partner_key": partner["partner_key"]},
            shop["code"],
            options,
        )
        return spec.connect(credentials, self.store, options)

    # -- the marketplace side ---------------------------------------------------------------

    def remote_items(self) -> list[dict[str, Any]]:
        return list(self.control("GET", f"/_control/shops/{self._shop_id}/items")["items"])

    def skus_on_platform(self) -> list[str]:
        """Every seller SKU the platform holds (duplicates included)."""
        skus: list[str] = []
        for item in self.remote_items():
            models = item.get("models") or []
            skus += [m["model_sku"] for m in models] if models else [item["item_sku"]]
        return skus

    def place_order(self, sku: str, qty: int, create_time: datetime | None = None) -> str:
        body: dict[str, Any] = {"lines": [{"sku": sku, "qty": qty}], "status": "READY_TO_SHIP"}
        if create_time is not None:
            body["create_time"] = int(create_time.timestamp())
        return str(
            self.control("POST", f"/_control/shops/{self._shop_id}/orders", body)["order_sn"]
        )

    def bulk_orders(self, count: int, skus: Sequence[str], since: datetime, until: datetime) -> int:
        """`count` one-line orders with create/update times spread over [since, until]."""
        body = {
            "count": count,
            "skus": list(skus),
            "time_from": int(since.timestamp()),
            "time_to": int(until.timestamp()),
            "status": "READY_TO_SHIP",
        }
        return int(
            self.control("POST", f"/_control/shops/{self._shop_id}/orders/bulk", body)["created"]
        )
