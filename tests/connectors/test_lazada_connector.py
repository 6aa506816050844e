"""The Lazada platform entry and connector wiring, without the network."""

from __future__ import annotations

import pytest

from connectors import registry
from connectors.base import Connector, CreateMode, Credentials, OpKind
from connectors.errors import AuthError, FatalError
from connectors.lazada.client import push_signature
from connectors.lazada.connector import LazadaConnector
from connectors.registry import ConnectorOptions


class _Store:
    def save(self, credentials: Credentials) -> None:
        pass


def _connector(**settings: str) -> LazadaConnector:
    credentials = Credentials(
        shop_id="1000123",
        secrets={"app_secret": "helloworld", "access_token": "a", "refresh_token": "r"},
        settings={"app_key": "123456", **settings},
    )
    connector = registry.get("lazada").connect(credentials, _Store(), ConnectorOptions())
    assert isinstance(connector, LazadaConnector)
    return connector


def test_lazada_is_registered() -> None:
    spec = registry.get("lazada")
    assert (spec.display_name, spec.default_host, spec.sandbox_port) == (
        "Lazada",
        "https://api.lazada.vn/rest",
        8702,
    )
    caps = spec.capabilities
    assert caps.create_mode is CreateMode.SYNC and caps.groups_variants and caps.webhooks
    assert [caps.batch_size(k) for k in (OpKind.UPDATE_PRICE, OpKind.UPDATE_STOCK)] == [20, 20]


def test_connect_builds_a_connector_without_touching_the_network() -> None:
    assert isinstance(_connector(), Connector)


@pytest.mark.parametrize(("setting", "size"), [("50", 50), ("80", 50), ("5", 5), ("x", 20)])
def test_the_batch_size_setting_is_capped_at_50(setting: str, size: int) -> None:
    caps = _connector(batch_size=setting).capabilities
    assert caps.batch_size(OpKind.UPDATE_PRICE) == caps.batch_size(OpKind.UPDATE_STOCK) == size


def test_missing_app_credentials_are_a_setup_error() -> None:
    credentials = Credentials(shop_id="1", secrets={}, settings={})
    with pytest.raises(FatalError, match="app_key"):
        registry.get("lazada").connect(credentials, _Store(), ConnectorOptions())


BODY = (
    b'{"seller_id":"1234567","message_type":0,"data":{"order_status":"pending",'
    b'"trade_order_id":"260422900198363","trade_order_line_id":"260422900298363",'
    b'"status_update_time":1603698638},"timestamp":1603766859530,"site":"lazada_vn"}'
)


def test_the_notes_push_vector_is_accepted_and_a_forgery_refused() -> None:
    connector = _connector()
    header = {"authorization": "3cb11a521d7196a3475339c411178f258bea8da744c84d497633759ce3572c0d"}
    [event] = connector.parse_webhook("https://x/hook", header, BODY)
    assert (event.kind, event.remote_id, event.shop_id) == ("order", "260422900198363", "1234567")
    assert push_signature("123456", "helloworld", BODY) == header["authorization"]
    upper = {"Authorization": header["authorization"].upper()}
    assert connector.parse_webhook("https://x/hook", upper, BODY) == [event]
    with pytest.raises(AuthError):
        connector.parse_webhook("https://x/hook", header, BODY.replace(b"pending", b"packed!"))
