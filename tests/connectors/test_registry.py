"""The platform registry and the boundaries of the connectors package."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors import registry
from connectors.base import Connector, CreateMode, Credentials, OpKind
from connectors.registry import ConnectorOptions, PlatformSpec, Registry
from tests.test_boundaries import imported_names

ROOT = Path(__file__).resolve().parents[2] / "connectors"


class _Store:
    def save(self, credentials: Credentials) -> None:
        pass


def test_shopee_is_registered() -> None:
    assert "shopee" in registry.platforms()
    spec = registry.get("shopee")
    assert (spec.display_name, spec.default_host, spec.sandbox_port) == (
        "Shopee",
        "https://partner.shopeemobile.com",
        8701,
    )
    caps = spec.capabilities
    assert caps.create_mode is CreateMode.SYNC and caps.groups_variants
    assert caps.order_window_days == 15
    assert [
        caps.batch_size(k)
        for k in (
            OpKind.UPDATE_PRICE,
            OpKind.UPDATE_STOCK,
            OpKind.DEACTIVATE,
            OpKind.CREATE,
            OpKind.UPDATE_CONTENT,
        )
    ] == [50, 50, 50, 1, 1]


def test_connect_builds_a_connector_without_touching_the_network() -> None:
    credentials = Credentials(
        shop_id="1",
        secrets={"partner_key": "k", "access_token": "a", "refresh_token": "r"},
        settings={"partner_id": "7"},
    )
    connector = registry.get("shopee").connect(credentials, _Store(), ConnectorOptions())
    assert isinstance(connector, Connector)


def test_unknown_platform() -> None:
    with pytest.raises(KeyError, match="unknown platform"):
        registry.get("nowhere")


def test_a_registry_loads_its_packages_lazily_and_refuses_a_second_spec() -> None:
    mine = Registry(("connectors.shopee",))
    shopee = registry.get("shopee")
    assert mine.platforms() == []  # the package was imported before: nothing registers again
    mine.register(shopee)
    assert mine.get("shopee") is shopee
    mine.register(shopee)  # the same spec twice is harmless
    other = PlatformSpec(
        "shopee", "X", shopee.capabilities, shopee.connect, shopee.authorize, "http://x", 1
    )
    with pytest.raises(ValueError):
        mine.register(other)


@pytest.mark.parametrize("path", sorted(ROOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_connectors_import_only_what_they_may(path: Path) -> None:
    imported = imported_names(path)
    assert not imported & {"sync", "web", "sandbox", "scheduler", "ocopsync"}
    if path.name != "http.py" or path.parent != ROOT:
        assert "requests" not in imported, "only connectors/http.py talks to requests"
