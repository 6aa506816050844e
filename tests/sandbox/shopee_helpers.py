"""A tiny Shopee v2 client for the sandbox tests, with the signing written here from the notes.

Deliberately independent of connectors/: a sandbox test that reused the connector's signing could
not catch a bug shared by both.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

import requests

from tests.sandbox.helpers import TIMEOUT, control

__all__ = ["PNG", "TIMEOUT", "Client", "authorized_shop", "control", "new_shop", "shopee_sign"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def shopee_sign(partner_key: str, base_string: str) -> str:
    return hmac.new(partner_key.encode(), base_string.encode(), hashlib.sha256).hexdigest()


@dataclass
class Client:
    base: str
    partner_id: int
    partner_key: str
    shop_id: int = 0
    access_token: str = ""
    refresh_token: str = ""

    def now(self) -> int:
        return int(requests.get(f"{self.base}/_control/clock", timeout=TIMEOUT).json()["now"])

    def params(self, path: str, *, shop: bool, timestamp: int | None = None) -> dict[str, Any]:
        ts = self.now() if timestamp is None else timestamp
        base = f"{self.partner_id}{path}{ts}"
        query: dict[str, Any] = {"partner_id": self.partner_id, "timestamp": ts}
        if shop:
            base += f"{self.access_token}{self.shop_id}"
            query.update(access_token=self.access_token, shop_id=self.shop_id)
        query["sign"] = shopee_sign(self.partner_key, base)
        return query

    def request(
        self,
        method: str,
        path: str,
        *,
        shop: bool = True,
        query: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        timestamp: int | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        params = {**self.params(path, shop=shop, timestamp=timestamp), **(query or {})}
        return requests.request(
            method, f"{self.base}{path}", params=params, json=body, timeout=TIMEOUT, **kwargs
        )

    def get(self, path: str, **query: Any) -> dict[str, Any]:
        reply: dict[str, Any] = self.request("GET", path, query=query).json()
        return reply

    def get_public(self, path: str, **query: Any) -> dict[str, Any]:
        reply: dict[str, Any] = self.request("GET", path, shop=False, query=query).json()
        return reply

    def post(self, path: str, body: dict[str, Any], *, shop: bool = True) -> dict[str, Any]:
        reply: dict[str, Any] = self.request("POST", path, body=body, shop=shop).json()
        return reply

    def take_tokens(self, reply: dict[str, Any]) -> None:
        assert reply["error"] == "", reply
        self.access_token, self.refresh_token = reply["access_token"], reply["refresh_token"]

    def authorize(self, code: str) -> dict[str, Any]:
        body = {"code": code, "partner_id": self.partner_id, "shop_id": self.shop_id}
        return self.post("/api/v2/auth/token/get", body, shop=False)

    def refresh(self, refresh_token: str | None = None) -> dict[str, Any]:
        body = {
            "refresh_token": refresh_token or self.refresh_token,
            "partner_id": self.partner_id,
            "shop_id": self.shop_id,
        }
        return self.post("/api/v2/auth/access_token/get", body, shop=False)

    def upload_image(self) -> str:
        reply = self.request(
            "POST",
            "/api/v2/media_space/upload_image",
            shop=False,
            files={"image": ("p.png", PNG, "image/png")},
            data={"scene": "normal"},
        ).json()
        assert reply["error"] == "", reply
        return str(reply["response"]["image_info"]["image_id"])

    def add_item(self, image_id: str, **overrides: Any) -> dict[str, Any]:
        body = {
            "item_name": "Mật ong rừng U Minh 500ml",
            "description": "Mật ong rừng nguyên chất, sản phẩm OCOP 4 sao.",
            "original_price": 185000,
            "weight": 0.7,
            "category_id": 100631,
            "image": {"image_id_list": [image_id]},
            "logistic_info": [{"logistic_id": 50021, "enabled": True}],
            "seller_stock": [{"stock": 40}],
            "item_sku": "MO-UMINH-500",
            **overrides,
        }
        return self.post("/api/v2/product/add_item", body)


def new_shop(
    base: str, *, partner_id: int | None = None, key: str | None = None, shop_id: int | None = None
) -> tuple[Client, str]:
    """A fresh partner and shop via the control API; returns the client and the shop's code."""
    partner = control(base, "POST", "/partners", {"partner_id": partner_id, "partner_key": key})
    partner_body = {k: v for k, v in partner.json().items() if v is not None}
    shop_body: dict[str, Any] = {"partner_id": partner_body["partner_id"]}
    if shop_id is not None:
        shop_body["shop_id"] = shop_id
    shop = control(base, "POST", "/shops", shop_body).json()
    client = Client(base, partner_body["partner_id"], partner_body["partner_key"], shop["shop_id"])
    return client, str(shop["code"])


def authorized_shop(base: str) -> Client:
    client, code = new_shop(base)
    client.take_tokens(client.authorize(code))
    return client
