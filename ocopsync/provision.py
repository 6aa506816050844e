"""Connect a shop on one of our sandboxes: the control API plays the seller who authorizes us.

Each platform's sandbox hands out its own kind of app credentials; this table says which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import requests

from connectors import registry
from connectors.base import Credentials
from connectors.registry import ConnectorOptions


@dataclass(frozen=True)
class SandboxShop:
    credentials: Credentials
    shop_name: str


def _shopee(base_url: str, shop_name: str) -> tuple[dict[str, str], dict[str, str], str, str]:
    partner = _post(base_url, "/_control/partners", {})
    shop = _post(
        base_url, "/_control/shops", {"partner_id": partner["partner_id"], "name": shop_name}
    )
    settings = {"partner_id": str(partner["partner_id"]), "host": base_url, "sandbox": "true"}
    secrets = {"partner_key": str(partner["partner_key"])}
    return settings, secrets, str(shop["code"]), str(shop["shop_id"])


def _lazada(base_url: str, shop_name: str) -> tuple[dict[str, str], dict[str, str], str, str]:
    app = _post(base_url, "/_control/partners", {})
    shop = _post(base_url, "/_control/shops", {"app_key": app["app_key"], "name": shop_name})
    # The sandbox serves the API and the auth endpoints on one host (auth.lazada.com in life).
    settings = {
        "app_key": str(app["app_key"]),
        "host": base_url,
        "auth_host": base_url,
        "sandbox": "true",
    }
    secrets = {"app_secret": str(app["app_secret"])}
    return settings, secrets, str(shop["code"]), str(shop["seller_id"])


PROVISIONERS: dict[str, Callable[[str, str], tuple[dict[str, str], dict[str, str], str, str]]] = {
    "shopee": _shopee,
    "lazada": _lazada,
}


def _post(base_url: str, path: str, body: dict[str, object]) -> dict[str, object]:
    reply = requests.post(base_url + path, json=body, timeout=10)
    reply.raise_for_status()
    data: dict[str, object] = reply.json()
    return data


def connect_sandbox_shop(
    platform: str, base_url: str, *, shop_name: str, options: ConnectorOptions | None = None
) -> SandboxShop:
    """Create a shop on the sandbox, authorize it and exchange the code for tokens."""
    provision = PROVISIONERS.get(platform)
    if provision is None:
        raise SystemExit(f"no sandbox for {platform} yet")
    settings, secrets, code, shop_id = provision(base_url, shop_name)
    settings["shop_id"] = shop_id
    spec = registry.get(platform)
    opts = options or ConnectorOptions(base_url=base_url)
    credentials = spec.authorize(settings, secrets, code, opts)
    return SandboxShop(credentials, shop_name)
