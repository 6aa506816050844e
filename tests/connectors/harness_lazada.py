"""Contract-test harness for Lazada: our sandbox on loopback, driven through its control API.

Everything goes over HTTP (`/_control`, CONTROL.md). The contract test lets five hours pass and
expects the access token to have died, and lets forty days of trade pass on one authorization;
Lazada's "test app" defaults (7 d / 14 d) allow neither, so the app is registered with its own
token lifetimes, as Lazada's online apps have them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from connectors import registry
from connectors.base import Connector, Credentials, ListingDraft, VariantDraft
from connectors.http import CallRecord
from connectors.ratelimit import BucketRegistry
from connectors.registry import ConnectorOptions
from sandbox.testing import running

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

# A real (tiny) PNG: images are uploaded before the product names them.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


class MemoryStore:
    def __init__(self) -> None:
        self.saved: list[Credentials] = []

    def save(self, credentials: Credentials) -> None:
        self.saved.append(credentials)


class Harness:
    platform = "lazada"
    page_size = 50  # the listing page size, so tests know how many SKUs make two pages

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.base_url = ""
        self.store = MemoryStore()
        self.records: list[CallRecord] = []
        self.slept: list[float] = []
        self._stack = ExitStack()
        self._offset = 0.0  # sandbox clock minus ours
        self._http: httpx.Client | None = None
        self._seller_id = 0
        self.app_key = ""
        self.app_secret = ""

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> str:
        self.base_url = self._stack.enter_context(running("lazada", self.state_dir))
        self._http = self._stack.enter_context(httpx.Client(base_url=self.base_url, timeout=10))
        self.reset()
        return self.base_url

    def stop(self) -> None:
        self._stack.close()

    def reset(self) -> None:
        self.control("POST", "/_control/reset")
        self.store.saved.clear()
        self.records.clear()
        self._sync_clock()

    def control(self, method: str, path: str, body: Any = None) -> Any:
        assert self._http is not None, "start() first"
        reply = self._http.request(method, path, json=body)
        assert reply.status_code < 300, f"{method} {path}: {reply.status_code} {reply.text}"
        return reply.json()

    # -- time -------------------------------------------------------------------------------

    def _sync_clock(self) -> None:
        self._offset = self.control("GET", "/_control/clock")["now"] - time.time()

    def clock(self) -> float:
        """The connector's clock: follows the sandbox's fake clock."""
        return time.time() + self._offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(int(self.clock()), UTC)

    def advance_clock(self, seconds: float) -> None:
        self.control("POST", "/_control/clock", {"advance": int(seconds)})
        self._sync_clock()

    # -- the connector ----------------------------------------------------------------------

    def options(self) -> ConnectorOptions:
        return ConnectorOptions(
            base_url=self.base_url,
            sleep=self.slept.append,  # backoff waits are recorded, never slept
            clock=self.clock,
            observer=self.records.append,
            limiters=BucketRegistry(sleep=self.slept.append),
            timeout=(5.0, 10.0),
        )

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

    def drafts(self, count: int, *, prefix: str = "SP", variants: int = 1) -> list[ListingDraft]:
        """`count` products of `variants` SKUs each, ready for `Connector.create`."""
        out = []
        for n in range(count):
            code = f"{prefix}{n:04d}"
            out.append(
                ListingDraft(
                    product_code=code,
                    name=f"Mật ong rừng U Minh {code}",
                    description="Mật ong nguyên chất từ rừng tràm U Minh, sản phẩm OCOP 4 sao.",
                    category="Mật ong",
                    brand=None,
                    variants=tuple(
                        VariantDraft(
                            sku=f"{code}-{v}" if variants > 1 else code,
                            option=f"Chai {250 * (v + 1)}ml" if variants > 1 else "",
                            price=100_000 + 10_000 * v,
                            stock=50,
                            weight_g=300 + 250 * v,
                            length_cm=8,
                            width_cm=8,
                            height_cm=20,
                        )
                        for v in range(variants)
                    ),
                    images=(PNG,),
                    image_names=("honey.png",),
                )
            )
        return out

    def seed_listings(self, connector: Connector, count: int) -> list[str]:
        """`count` single-SKU listings created through the connector; their SKUs."""
        results = connector.create(self.drafts(count, prefix="SEED"))
        failed = [r for r in results if not r.ok]
        assert not failed, failed[:3]
        return [r.sku for r in results]

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

    def set_faults(self, *, ops: Iterable[str] = (), **faults: Any) -> None:
        """Control-API fault keys (CONTROL.md), limited to the paths behind `ops` if given."""
        paths = [p for op in ops for p in OPS[op]]
        self.control("POST", "/_control/faults", {**faults, **({"paths": paths} if paths else {})})

    def clear_faults(self) -> None:
        self.control("DELETE", "/_control/faults")

    def stats(self) -> dict[str, Any]:
        return dict(self.control("GET", "/_control/stats"))

    def reset_stats(self) -> None:
        self.control("POST", "/_control/stats/reset")

    def calls(self, op: str, stats: dict[str, Any] | None = None) -> int:
        counts = (stats or self.stats())["calls"]
        return sum(int(counts.get(path, 0)) for path in OPS[op])

    def expire_tokens(self) -> None:
        self.set_faults(expire_tokens=True)

    def ops(self) -> Sequence[str]:
        return list(OPS)
