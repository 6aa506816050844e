"""The demo's marketplaces: our sandboxes, driven through their control API (sandbox/CONTROL.md).

Each platform names things its own way (Shopee: items, models, order_sn; Lazada: products, SKUs,
order_id); `SandboxShop` gives the demo one vocabulary over both.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from connectors import registry


def control(
    base_url: str, path: str, body: dict[str, Any] | None = None, method: str = "POST"
) -> Any:
    reply = requests.request(method, base_url + path, json=body, timeout=30)
    reply.raise_for_status()
    return reply.json()


def _answers(url: str) -> bool:
    try:
        requests.get(url + "/_control/clock", timeout=2).raise_for_status()
    except requests.RequestException:
        return False
    return True


@contextlib.contextmanager
def sandbox(platform: str, state_dir: Path) -> Iterator[tuple[str, bool]]:
    """(base URL, started here): the platform's sandbox on its own port, started in this process
    unless one already answers there (then it is reset, and left running afterwards)."""
    from sandbox.testing import running

    url = f"http://127.0.0.1:{registry.get(platform).sandbox_port}"
    if _answers(url):
        control(url, "/_control/reset", {})
        yield url, False
        return
    with running(platform, state_dir, port=registry.get(platform).sandbox_port) as base_url:
        control(base_url, "/_control/reset", {})
        yield base_url, True


@dataclass(frozen=True)
class SandboxShop:
    platform: str
    base_url: str
    shop_id: str

    def order(self, lines: list[tuple[str, int]]) -> str:
        body: dict[str, Any] = {
            "lines": [{"sku": s, "qty": q} for s, q in lines],
            "buyer": "khach_demo",
        }
        if self.platform == "shopee":
            body["status"] = "READY_TO_SHIP"
        placed = control(self.base_url, f"/_control/shops/{self.shop_id}/orders", body)
        return str(placed.get("order_sn") or placed.get("order_id"))

    def move(self, order_id: str, *statuses: str) -> None:
        for status in statuses:
            control(self.base_url, f"/_control/orders/{order_id}/status", {"status": status})

    def listings(self) -> dict[str, dict[str, Any]]:
        """SKU -> {"item_id", "variant_id", "price", "stock"} as the shop shows it to buyers."""
        items = control(self.base_url, f"/_control/shops/{self.shop_id}/items", method="GET")
        found: dict[str, dict[str, Any]] = {}
        for item in items["items"]:
            found.update(_lazada(item) if self.platform == "lazada" else _shopee(item))
        return found

    def edit_price(self, sku: str, price: int) -> None:
        """A seller-centre edit, as a shop assistant would make it by hand."""
        where = self.listings()[sku]
        body: dict[str, Any] = {"price": price}
        if where["variant_id"]:
            body["model_id" if self.platform == "shopee" else "sku_id"] = where["variant_id"]
        path = f"/_control/shops/{self.shop_id}/items/{where['item_id']}/edit"
        control(self.base_url, path, body)


def _shopee(item: dict[str, Any]) -> dict[str, dict[str, Any]]:
    models = item.get("models") or []
    if not models:
        return {
            item["item_sku"]: {
                "item_id": item["item_id"],
                "variant_id": 0,
                "price": item["price"],
                "stock": item["stock"],
            }
        }
    return {
        m["model_sku"]: {
            "item_id": item["item_id"],
            "variant_id": m["model_id"],
            "price": m["price"],
            "stock": m["stock"],
        }
        for m in models
    }


def _lazada(item: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        s["seller_sku"]: {
            "item_id": item["item_id"],
            "variant_id": s["sku_id"],
            "price": s["price"],
            "stock": s["sellable"],
        }
        for s in item.get("skus") or []
        if item.get("status") != "deleted"
    }
