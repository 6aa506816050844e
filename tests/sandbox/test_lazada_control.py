"""Lazada sandbox control API over real HTTP: faults, throttling, stats, restart."""

from __future__ import annotations

from pathlib import Path

from sandbox.lazada.app import create_app
from sandbox.lazada.limits import Limits, Throttle
from sandbox.testing import running, serving
from tests.sandbox.helpers import control
from tests.sandbox.lazada_helpers import Lazada, authorized_seller, create, new_seller


def test_control_reply_shapes(lazada: str) -> None:
    app = control(lazada, "POST", "/partners", {"partner_id": 424242, "partner_key": "s3"}).json()
    assert app == {"app_key": "424242", "app_secret": "s3"}
    shop = control(lazada, "POST", "/shops", {"app_key": "424242", "name": "HTX Mật ong"}).json()
    assert set(shop) == {"seller_id", "shop_id", "name", "code"}
    assert shop["seller_id"] == shop["shop_id"] and shop["name"] == "HTX Mật ong"
    assert control(lazada, "POST", "/shops", {"app_key": "1"}).status_code == 404
    token = control(lazada, "POST", f"/shops/{shop['seller_id']}/token").json()
    assert set(token) == {"access_token", "refresh_token", "expires_in", "refresh_expires_in"}


def test_api_call_limit_burst(seller: Lazada) -> None:
    control(seller.base, "POST", "/faults", {"rate_limit_burst": 2})
    replies = [seller.get("/seller/get") for _ in range(3)]
    assert [r["code"] for r in replies] == ["ApiCallLimit", "ApiCallLimit", "0"]
    assert replies[0]["type"] == "ISV" and "ban will last 1 seconds" in replies[0]["message"]


def test_busy_server_and_garbage_faults(seller: Lazada) -> None:
    faults = {"busy_burst": 1, "garbage_burst": 1, "paths": ["/seller/get"]}
    assert control(seller.base, "POST", "/faults", faults).json()["busy_burst"] == 1
    assert seller.get("/products/get")["code"] == "0"  # another path: untouched
    params = seller.signed("/seller/get", {}, token=True, timestamp=None)
    garbage = seller.send("/seller/get", params, how="query")
    assert garbage.status_code == 502 and garbage.text.startswith("<html>")
    busy = seller.get("/seller/get")
    assert (busy["type"], busy["code"]) == ("ISP", "ServiceTimeout")
    control(seller.base, "POST", "/faults", {"error_rate": 1.0, "http_status": 500})
    params = seller.signed("/seller/get", {}, token=True, timestamp=None)
    failed = seller.send("/seller/get", params, how="query")
    assert failed.status_code == 500 and failed.json()["code"] == "6"
    assert control(seller.base, "DELETE", "/faults").json() == {}
    assert seller.get("/seller/get")["code"] == "0"


def test_qps_limit_fault(seller: Lazada) -> None:
    control(seller.base, "POST", "/faults", {"qps_limit": 1})
    codes = [seller.get("/seller/get")["code"] for _ in range(3)]
    assert codes[0] == "0" and set(codes) == {"0", "ApiCallLimit"}  # 3 calls, 2 seconds at most


def test_per_api_throttle_of_the_limits(tmp_path: Path) -> None:
    limits = Limits(throttle=Throttle(api_qps=2, seller_qps=1))
    app = create_app(tmp_path / "lazada.db", limits=limits)
    with serving(app, "lazada-throttled") as base:
        seller = authorized_seller(base)
        codes = [seller.get("/seller/get")["code"] for _ in range(6)]
        assert codes[0] == "0" and set(codes) == {"0", "ApiCallLimit"}  # 6 calls, 2 s at most
        control(base, "POST", "/clock", {"advance": 10})
        assert seller.get("/products/get")["code"] == "0"  # per API: another one is free
        payload = "<Request><Product><Skus><Sku><SkuId>1</SkuId></Sku></Skus></Product></Request>"
        stock = [seller.call("/product/price_quantity/update", payload=payload) for _ in range(2)]
        assert "ApiCallLimit" in [r["code"] for r in stock]


def test_stats_count_api_paths_and_error_codes(seller: Lazada) -> None:
    control(seller.base, "POST", "/stats/reset")
    seller.get("/seller/get")
    params = seller.signed("/seller/get", {}, token=True, timestamp=None)
    seller.send("/seller/get", {**params, "sign": "0" * 64})
    seller.get("/products/get", limit=99)
    stats = control(seller.base, "GET", "/stats").json()
    assert stats["calls"] == {"/seller/get": 2, "/products/get": 1}
    assert stats["errors"] == {"IncompleteSignature": 1, "19": 1}
    assert control(seller.base, "POST", "/stats/reset").json() == {}
    assert control(seller.base, "GET", "/stats").json() == {"calls": {}, "errors": {}}


def test_state_survives_a_restart(tmp_path: Path) -> None:
    with running("lazada", tmp_path) as base:
        seller = authorized_seller(base)
        data = create(seller, "MO-1", quantity=10)
        order = seller.order([("MO-1", 2)]).json()
        spare, code = new_seller(base)
    with running("lazada", tmp_path) as base:
        seller.base = spare.base = base
        assert seller.get("/seller/get")["code"] == "0"
        item = seller.get("/product/item/get", item_id=data["item_id"])["data"]
        assert (item["skus"][0]["quantity"], item["skus"][0]["Available"]) == (10, 8)
        assert control(base, "GET", f"/orders/{order['order_id']}").json()["status"] == "pending"
        assert spare.authorize(code)["code"] == "0"  # unused codes survive too
        seller.take_tokens(seller.refresh())
        assert create(seller, "MO-2")["item_status"] == "Active"
    assert (tmp_path / "lazada.db").exists()
