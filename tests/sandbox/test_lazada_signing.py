"""Lazada sandbox gateway over real HTTP: the notes' vectors T1-T6, signing rules, envelope."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import requests

from tests.sandbox.helpers import TIMEOUT, control
from tests.sandbox.lazada_helpers import (
    NOTES_KEY,
    NOTES_SECRET,
    Lazada,
    lazada_sign,
    new_seller,
)

T1 = "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A"
T2 = "988085883BF9D32D251478D23122C7ECC91518CDF63BA22F792000A378F52409"
T3 = "10171EFFC357782DC35D20113AA4FD088E2F30ED365864ADAB2BB55CDE03CA0C"
T4 = "34D40AB5E0A2A9E270B1D5AF02C389A436A716B9C8C26D146E09CA3A63FCBC3E"
T5 = "A8260EC3140745DF6FC097DB0CDCE453527C20F2AA6C4864588633596AD6A165"
T6 = "9D052692005FB5373E16C10BDCC4443BB1C339B68A3CFBEE295D03EFE99D6923"
SYSTEM = {"access_token": "test", "app_key": NOTES_KEY, "sign_method": "sha256"}
T5_PAYLOAD = (
    '{"Request":{"Product":{"PrimaryCategory":"10000211","Attributes":{"name":"Mật ong rừng '
    'U Minh","brand":"No Brand"},"Skus":{"Sku":[{"SellerSku":"OCOP-MO-500","quantity":"10",'
    '"price":"250000","package_weight":"0.6","package_length":"10","package_width":"10",'
    '"package_height":"15"}]}}}}'
)
T6_PAYLOAD = (
    "<Request><Product><Skus><Sku><ItemId>100200300</ItemId><SkuId>400500600</SkuId>"
    "<SellerSku>OCOP-TRA-01</SellerSku><Price>150000</Price><SalePrice>129000</SalePrice>"
    "<Quantity>25</Quantity></Sku></Skus></Product></Request>"
)


def _notes_seller(base: str, clock: int) -> Lazada:
    """The notes' app (123456 / helloworld), its seller, and the access token "test"."""
    client, _ = new_seller(base, NOTES_KEY, NOTES_SECRET)
    control(base, "POST", "/clock", {"set": clock})
    token = control(base, "POST", f"/shops/{client.seller_id}/token", {"access_token": "test"})
    client.access_token = token.json()["access_token"]
    assert client.access_token == "test"
    return client


def _send(client: Lazada, path: str, params: dict[str, str], how: str = "form") -> dict[str, Any]:
    reply: dict[str, Any] = client.send(path, params, how=how).json()
    return reply


def _tampered(params: dict[str, str], name: str, old: str, new: str) -> dict[str, str]:
    assert old in params[name]
    return {**params, name: params[name].replace(old, new, 1)}


def test_the_notes_vectors_match_our_inline_signing() -> None:
    t1 = {**SYSTEM, "order_id": "1234", "timestamp": "1517820392000"}
    assert lazada_sign(NOTES_SECRET, "/order/get", t1) == T1
    t2 = {"foo": "1", "bar": "2", "foo_bar": "3", "foobar": "4"}
    assert lazada_sign("1234", "/test/api", t2) == T2


def test_t2_through_the_sign_helper(lazada: str) -> None:
    params = {"foo": "1", "bar": "2", "foo_bar": "3", "foobar": "4"}
    body = {"path": "/test/api", "params": params, "app_secret": "1234"}
    reply = control(lazada, "POST", "/sign", body).json()
    assert reply == {"string_to_sign": "/test/apibar2foo1foo_bar3foobar4", "sign": T2}


def test_t1_get_order_is_accepted_and_a_changed_byte_is_not(lazada: str) -> None:
    client = _notes_seller(lazada, 1517820392)
    seeded = {"name": "Trà", "skus": [{"seller_sku": "TRA-1", "price": 50000, "quantity": 5}]}
    control(lazada, "POST", f"/shops/{client.seller_id}/items", seeded)
    assert client.order([("TRA-1", 1)], order_id=1234).status_code == 200
    params = {**SYSTEM, "order_id": "1234", "timestamp": "1517820392000", "sign": T1}
    reply = _send(client, "/order/get", params, how="query")
    assert reply["code"] == "0" and reply["data"]["order_id"] == 1234, reply
    wrong = _send(client, "/order/get", {**params, "order_id": "1235"}, how="query")
    assert (wrong["type"], wrong["code"]) == ("ISV", "IncompleteSignature")


def test_t3_token_create_is_accepted_once(lazada: str) -> None:
    client = _notes_seller(lazada, 1700000000)
    code = "0_123456_AbCdEf"
    control(lazada, "POST", f"/shops/{client.seller_id}/code", {"code": code})
    params = {
        "app_key": NOTES_KEY,
        "code": code,
        "sign_method": "sha256",
        "timestamp": "1700000000000",
        "sign": T3,
    }
    wrong = _send(client, "/auth/token/create", _tampered(params, "code", "Ef", "Eg"))
    assert wrong["code"] == "IncompleteSignature"
    reply = _send(client, "/auth/token/create", params)
    assert reply["code"] == "0" and "access_token" in reply and "data" not in reply
    again = _send(client, "/auth/token/create", params)
    assert (again["code"], again["message"]) == ("InvalidCode", "Invalid authorization code")


def test_t4_sdk_style_orders_get_is_accepted(lazada: str) -> None:
    client = _notes_seller(lazada, 1700000000)
    params = {
        **SYSTEM,
        "created_after": "2024-01-01T00:00:00+07:00",
        "limit": "100",
        "offset": "0",
        "partner_id": "lazop-sdk-python-20181207",
        "sort_by": "created_at",
        "sort_direction": "DESC",
        "status": "pending",
        "timestamp": "1700000000000",
        "sign": T4,
    }
    reply = _send(client, "/orders/get", params)
    assert reply["code"] == "0" and reply["data"]["countTotal"] == 0, reply
    wrong = _send(client, "/orders/get", _tampered(params, "partner_id", "python", "pythom"))
    assert wrong["code"] == "IncompleteSignature"


def test_t5_vietnamese_json_payload_is_accepted_byte_for_byte(lazada: str) -> None:
    client = _notes_seller(lazada, 1700000000)
    params = {**SYSTEM, "timestamp": "1700000000000", "payload": T5_PAYLOAD, "sign": T5}
    wrong = _send(client, "/product/create", _tampered(params, "payload", "rừng", "rung"))
    assert wrong["code"] == "IncompleteSignature"
    spaced = _send(client, "/product/create", _tampered(params, "payload", '":"', '": "'))
    assert spaced["code"] == "IncompleteSignature"  # re-serialised JSON is another string
    reply = _send(client, "/product/create", params)
    assert reply["code"] == "0", reply
    assert [s["seller_sku"] for s in reply["data"]["sku_list"]] == ["OCOP-MO-500"]
    assert client.items()[0]["name"] == "Mật ong rừng U Minh"


def test_t6_xml_price_quantity_is_accepted(lazada: str) -> None:
    client = _notes_seller(lazada, 1700000000)
    seeded = {
        "item_id": 100200300,
        "name": "Trà Shan tuyết",
        "skus": [{"sku_id": 400500600, "seller_sku": "OCOP-TRA-01", "price": 160000}],
    }
    control(lazada, "POST", f"/shops/{client.seller_id}/items", seeded)
    params = {**SYSTEM, "timestamp": "1700000000000", "payload": T6_PAYLOAD, "sign": T6}
    wrong = _send(
        client, "/product/price_quantity/update", _tampered(params, "payload", "25", "26")
    )
    assert wrong["code"] == "IncompleteSignature"
    reply = _send(client, "/product/price_quantity/update", params)
    assert reply == {"code": "0", "data": {}, "request_id": reply["request_id"]}
    sku = client.sku("OCOP-TRA-01")
    assert (sku["price"], sku["special_price"], sku["quantity"]) == (150000, 129000, 25)


def test_every_transport_signs_the_merged_parameters(seller: Lazada) -> None:
    for how in ("query", "form", "json", "multipart"):
        reply = seller.call("/seller/get", how=how)
        assert reply["code"] == "0", (how, reply)
    nested = seller.call("/products/get", how="json", sku_seller_list=["A", "B"])
    assert nested["code"] == "0", nested  # a nested JSON value is signed as its compact text


def test_empty_values_signed_either_way(seller: Lazada) -> None:
    params = seller.signed(
        "/products/get", {"filter": "all", "options": ""}, token=True, timestamp=None
    )
    assert seller.send("/products/get", params, how="query").json()["code"] == "0"
    skipped = {k: v for k, v in params.items() if k not in ("sign", "options")}
    params["sign"] = lazada_sign(seller.app_secret, "/products/get", skipped)
    assert seller.send("/products/get", params, how="query").json()["code"] == "0"


def test_signature_rules(seller: Lazada) -> None:
    params = seller.signed("/seller/get", {}, token=True, timestamp=None)
    lower = {**params, "sign": params["sign"].lower()}
    assert seller.send("/seller/get", lower).json()["code"] == "IncompleteSignature"
    wrong_key = {**params, "sign": lazada_sign("not-the-secret", "/seller/get", params)}
    assert seller.send("/seller/get", wrong_key).json()["code"] == "IncompleteSignature"
    with_rest = {**params, "sign": lazada_sign(seller.app_secret, "/rest/seller/get", params)}
    assert seller.send("/seller/get", with_rest).json()["code"] == "IncompleteSignature"
    md5 = seller.signed("/seller/get", {"sign_method": "hmac"}, token=True, timestamp=None)
    assert seller.send("/seller/get", {**md5, "sign_method": "hmac"}).json()["code"] == (
        "IncompleteSignature"
    )


def test_missing_system_parameters(seller: Lazada) -> None:
    params = seller.signed("/seller/get", {}, token=True, timestamp=None)
    for name in ("app_key", "timestamp", "sign_method", "sign"):
        reply = seller.send("/seller/get", {k: v for k, v in params.items() if k != name}).json()
        assert reply["code"] == "MissingParameter", (name, reply)
        assert f'"{name}"' in reply["message"]
    unsigned_token = seller.call("/seller/get", token=False)  # signed right, but no token
    assert (
        unsigned_token["code"] == "MissingParameter" and "access_token" in unsigned_token["message"]
    )


def test_timestamps(seller: Lazada) -> None:
    now = seller.now_ms()
    for stamp in (now - 7_300_000, now + 7_300_000, now // 1000):
        reply = seller.call("/seller/get", timestamp=stamp)
        assert reply["code"] == "IllegalTimestamp", reply
    assert seller.call("/seller/get", timestamp=now - 7_000_000)["code"] == "0"


def test_unknown_app_path_and_method(seller: Lazada) -> None:
    stranger = Lazada(base=seller.base, app_key="999999", app_secret="x")
    stranger.access_token = seller.access_token
    assert stranger.call("/seller/get")["code"] == "InvalidAppKey"
    assert seller.call("/no/such/api")["code"] == "InvalidApiPath"
    params = seller.signed("/seller/get", {}, token=True, timestamp=None)
    put = requests.put(f"{seller.base}/rest/seller/get", data=params, timeout=TIMEOUT)
    assert put.status_code == 200 and put.json()["code"] == "InvalidHttpMethod"


def test_envelopes(seller: Lazada) -> None:
    ok = seller.get("/seller/get")
    assert set(ok) == {"code", "data", "request_id"} and ok["code"] == "0"
    assert len(ok["request_id"]) == 25
    reply = requests.post(f"{seller.base}/rest/seller/get", data={}, timeout=TIMEOUT)
    assert reply.status_code == 200
    assert set(reply.json()) == {"type", "code", "message", "request_id"}


def test_push_vector_of_the_notes() -> None:
    body = (
        b'{"seller_id":"1234567","message_type":0,"data":{"order_status":"pending",'
        b'"trade_order_id":"260422900198363","trade_order_line_id":"260422900298363",'
        b'"status_update_time":1603698638},"timestamp":1603766859530,"site":"lazada_vn"}'
    )
    digest = hmac.new(b"helloworld", b"123456" + body, hashlib.sha256).hexdigest()
    assert digest == "3cb11a521d7196a3475339c411178f258bea8da744c84d497633759ce3572c0d"
