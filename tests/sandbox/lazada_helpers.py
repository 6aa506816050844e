"""A tiny Lazada (LazOP) client for the sandbox tests, with the signing written here from the notes.

Deliberately independent of connectors/: a sandbox test that reused the connector's signing could
not catch a bug shared by both. lazada.md §2.2: API path (no `/rest`) + sorted name/value pairs,
HMAC-SHA256 keyed with the app secret, uppercase hex.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import requests

from tests.sandbox.helpers import TIMEOUT, control

NOTES_KEY, NOTES_SECRET = "123456", "helloworld"
VN = timezone(timedelta(hours=7))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def iso_at(unix_seconds: int) -> str:
    """Seller-local ISO 8601 with the offset, as Lazada's time filters want it."""
    return datetime.fromtimestamp(unix_seconds, tz=VN).isoformat()


def lazada_sign(secret: str, api_path: str, params: dict[str, str]) -> str:
    text = api_path + "".join(f"{name}{value}" for name, value in sorted(params.items()))
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest().upper()


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Tokens:
    """The pair the token APIs hand out."""

    access_token: str = ""
    refresh_token: str = ""


@dataclass(kw_only=True)
class Lazada(Tokens):
    """One app acting for one seller against a sandbox at `base`."""

    base: str
    app_key: str
    app_secret: str
    seller_id: int = 0

    def now_ms(self) -> int:
        return int(control(self.base, "GET", "/clock").json()["now"]) * 1000

    def signed(
        self, api_path: str, business: dict[str, Any], *, token: bool, timestamp: int | None
    ) -> dict[str, str]:
        params = {k: _text(v) for k, v in business.items()}
        params.update(app_key=self.app_key, sign_method="sha256")
        params["timestamp"] = str(self.now_ms() if timestamp is None else timestamp)
        if token:
            params["access_token"] = self.access_token
        params["sign"] = lazada_sign(self.app_secret, api_path, params)
        return params

    def send(
        self, api_path: str, params: dict[str, Any], *, how: str = "form", files: Any = None
    ) -> requests.Response:
        """`query` (GET), `form` (the SDKs' POST), `multipart`, or `json` (system parameters in
        the query, business ones in a JSON body, EcomPHP style)."""
        url = f"{self.base}/rest{api_path}"
        if how == "query":
            return requests.get(url, params=params, timeout=TIMEOUT)
        if how == "json":
            system = ("app_key", "timestamp", "sign_method", "sign", "access_token")
            query = {k: v for k, v in params.items() if k in system}
            body = {k: v for k, v in params.items() if k not in system}
            return requests.post(url, params=query, json=body, timeout=TIMEOUT)
        if how == "multipart":
            fields = {k: (None, v) for k, v in params.items()}
            return requests.post(url, files={**fields, **(files or {})}, timeout=TIMEOUT)
        return requests.post(url, data=params, timeout=TIMEOUT)

    def call(
        self,
        api_path: str,
        *,
        how: str = "form",
        token: bool = True,
        timestamp: int | None = None,
        files: Any = None,
        **business: Any,
    ) -> dict[str, Any]:
        params = self.signed(api_path, business, token=token, timestamp=timestamp)
        reply: dict[str, Any] = self.send(api_path, params, how=how, files=files).json()
        return reply

    def get(self, api_path: str, **business: Any) -> dict[str, Any]:
        return self.call(api_path, how="query", **business)

    def authorize(self, code: str) -> dict[str, Any]:
        return self.call("/auth/token/create", token=False, code=code)

    def refresh(self, refresh_token: str | None = None) -> dict[str, Any]:
        token = refresh_token or self.refresh_token
        return self.call("/auth/token/refresh", token=False, refresh_token=token)

    def take_tokens(self, reply: dict[str, Any]) -> None:
        assert reply["code"] == "0", reply
        self.access_token, self.refresh_token = reply["access_token"], reply["refresh_token"]

    def items(self) -> list[dict[str, Any]]:
        reply = control(self.base, "GET", f"/shops/{self.seller_id}/items").json()
        items: list[dict[str, Any]] = reply["items"]
        return items

    def sku(self, seller_sku: str) -> dict[str, Any]:
        found = [s for item in self.items() for s in item["skus"] if s["seller_sku"] == seller_sku]
        assert len(found) == 1, found
        return found[0]

    def order(self, lines: list[tuple[str, int]], **extra: Any) -> requests.Response:
        body = {"lines": [{"seller_sku": sku, "qty": qty} for sku, qty in lines], **extra}
        return control(self.base, "POST", f"/shops/{self.seller_id}/orders", body)

    def move(self, order_id: int, status: str) -> requests.Response:
        return control(self.base, "POST", f"/orders/{order_id}/status", {"status": status})


def new_seller(
    base: str, app_key: str | None = None, secret: str | None = None
) -> tuple[Lazada, str]:
    """A fresh app (or the given one) and seller via the control API; the client and a code."""
    app = control(base, "POST", "/partners", {"app_key": app_key, "app_secret": secret}).json()
    shop = control(base, "POST", "/shops", {"app_key": app["app_key"]}).json()
    assert shop["shop_id"] == shop["seller_id"]
    client = Lazada(
        base=base, app_key=app["app_key"], app_secret=app["app_secret"], seller_id=shop["seller_id"]
    )
    return client, str(shop["code"])


def authorized_seller(base: str) -> Lazada:
    client, code = new_seller(base)
    client.take_tokens(client.authorize(code))
    return client


def sku_xml(seller_sku: str, *, price: int = 185_000, quantity: int = 10, extra: str = "") -> str:
    return (
        f"<Sku><SellerSku>{seller_sku}</SellerSku><quantity>{quantity}</quantity>"
        f"<price>{price}</price><package_weight>0.7</package_weight>"
        "<package_length>10</package_length><package_width>10</package_width>"
        f"<package_height>15</package_height>{extra}</Sku>"
    )


def product_xml(name: str, *skus: str, category: int = 10000211) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Request><Product>'
        f"<PrimaryCategory>{category}</PrimaryCategory>"
        f"<Attributes><name>{name}</name><brand>No Brand</brand></Attributes>"
        f"<Skus>{''.join(skus)}</Skus></Product></Request>"
    )


def create(client: Lazada, seller_sku: str = "MO-UMINH-500", quantity: int = 10) -> dict[str, Any]:
    """A one-SKU honey product; returns the create reply's data."""
    payload = product_xml("Mật ong rừng U Minh 500ml", sku_xml(seller_sku, quantity=quantity))
    reply = client.call("/product/create", payload=payload)
    assert reply["code"] == "0", reply
    data: dict[str, Any] = reply["data"]
    return data
