"""Lazada signing against the vectors of platform notes lazada.md §2.3 and §7, exactly."""

from __future__ import annotations

import pytest

from connectors.http import HttpClient, HttpRequest
from connectors.lazada.client import (
    LazadaClient,
    push_signature,
    sign,
    string_to_sign,
)

T4_PARAMS = {
    "access_token": "test",
    "app_key": "123456",
    "created_after": "2024-01-01T00:00:00+07:00",
    "limit": "100",
    "offset": "0",
    "partner_id": "lazop-sdk-python-20181207",
    "sign_method": "sha256",
    "sort_by": "created_at",
    "sort_direction": "DESC",
    "status": "pending",
    "timestamp": "1700000000000",
}
T5_PAYLOAD = (
    '{"Request":{"Product":{"PrimaryCategory":"10000211","Attributes":'
    '{"name":"Mật ong rừng U Minh","brand":"No Brand"},"Skus":{"Sku":'
    '[{"SellerSku":"OCOP-MO-500","quantity":"10","price":"250000",'
    '"package_weight":"0.6","package_length":"10","package_width":"10","package_height":"15"}]}}}}'
)
T6_PAYLOAD = (
    "<Request><Product><Skus><Sku><ItemId>100200300</ItemId><SkuId>400500600</SkuId>"
    "<SellerSku>OCOP-TRA-01</SellerSku><Price>150000</Price><SalePrice>129000</SalePrice>"
    "<Quantity>25</Quantity></Sku></Skus></Product></Request>"
)
SYSTEM = {
    "access_token": "test",
    "app_key": "123456",
    "sign_method": "sha256",
    "timestamp": "1700000000000",
}

# (id, secret, path, params, expected sign): every vector of §2.3.
VECTORS = [
    (
        "T1",
        "helloworld",
        "/order/get",
        {
            "access_token": "test",
            "app_key": "123456",
            "order_id": "1234",
            "sign_method": "sha256",
            "timestamp": "1517820392000",
        },
        "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A",
    ),
    (
        "T2",
        "1234",
        "/test/api",
        {"foo": "1", "bar": "2", "foo_bar": "3", "foobar": "4"},
        "988085883BF9D32D251478D23122C7ECC91518CDF63BA22F792000A378F52409",
    ),
    (
        "T3",
        "helloworld",
        "/auth/token/create",
        {
            "app_key": "123456",
            "code": "0_123456_AbCdEf",
            "sign_method": "sha256",
            "timestamp": "1700000000000",
        },
        "10171EFFC357782DC35D20113AA4FD088E2F30ED365864ADAB2BB55CDE03CA0C",
    ),
    (
        "T4",
        "helloworld",
        "/orders/get",
        T4_PARAMS,
        "34D40AB5E0A2A9E270B1D5AF02C389A436A716B9C8C26D146E09CA3A63FCBC3E",
    ),
    (
        "T5",
        "helloworld",
        "/product/create",
        {**SYSTEM, "payload": T5_PAYLOAD},
        "A8260EC3140745DF6FC097DB0CDCE453527C20F2AA6C4864588633596AD6A165",
    ),
    (
        "T6",
        "helloworld",
        "/product/price_quantity/update",
        {**SYSTEM, "payload": T6_PAYLOAD},
        "9D052692005FB5373E16C10BDCC4443BB1C339B68A3CFBEE295D03EFE99D6923",
    ),
]


@pytest.mark.parametrize(
    ("secret", "path", "params", "expected"), [v[1:] for v in VECTORS], ids=[v[0] for v in VECTORS]
)
def test_sign_vectors(secret: str, path: str, params: dict[str, str], expected: str) -> None:
    assert sign(secret, path, params) == expected


def test_string_to_sign_is_the_notes_text() -> None:
    t1 = VECTORS[0][3]
    assert string_to_sign("/order/get", t1) == (
        "/order/getaccess_tokentestapp_key123456order_id1234sign_methodsha256timestamp1517820392000"
    )
    # Byte order, not "natural" order: `Skus` before `a1`, `a_b` before `ab`; `sign` is left out.
    assert string_to_sign("/x", {"ab": "1", "a_b": "2", "a1": "3", "Skus": "4", "sign": "S"}) == (
        "/xSkus4a13a_b2ab1"
    )


def _client(timestamp_ms: int, method: str = "GET") -> LazadaClient:
    http = HttpClient(platform="lazada", base_url="http://127.0.0.1:9/rest")
    return LazadaClient(
        http, http, app_key="123456", app_secret="helloworld", clock=lambda: timestamp_ms / 1000
    )


def test_the_client_signs_t1_as_a_get_query() -> None:
    client = _client(1517820392000)
    wire = client.signed(HttpRequest("GET", "/order/get", params=(("order_id", 1234),)), "test")
    params = dict(wire.params)
    assert params["sign"] == VECTORS[0][4]
    assert params["timestamp"] == "1517820392000"  # milliseconds, 13 digits
    assert wire.data is None


def test_the_client_signs_t4_with_the_sdk_partner_id() -> None:
    business = {k: v for k, v in T4_PARAMS.items() if k not in SYSTEM}
    request = HttpRequest("GET", "/orders/get", params=tuple(business.items()))
    wire = _client(1700000000000).signed(request, "test")
    assert dict(wire.params)["sign"] == VECTORS[3][4]


@pytest.mark.parametrize(("path", "params", "expected"), [v[2:] for v in VECTORS[4:]])
def test_the_client_signs_payloads_as_the_exact_form_fields_sent(
    path: str, params: dict[str, str], expected: str
) -> None:
    request = HttpRequest("POST", path, params=(("payload", params["payload"]),))
    wire = _client(1700000000000).signed(request, "test")
    assert wire.params == ()  # POST: everything goes in the form body (§2.4)
    assert wire.data is not None
    assert wire.data["payload"] == params["payload"]
    assert wire.data["sign"] == expected


def test_the_client_signs_t3_on_the_auth_host_without_a_token() -> None:
    request = HttpRequest("POST", "/auth/token/create", params=(("code", "0_123456_AbCdEf"),))
    wire = _client(1700000000000).signed(request)
    assert wire.data is not None
    assert "access_token" not in wire.data
    assert wire.data["sign"] == VECTORS[2][4]


def test_empty_values_are_never_sent_nor_signed() -> None:
    request = HttpRequest("GET", "/order/get", params=(("order_id", 1234), ("status", "")))
    wire = _client(1517820392000).signed(request, "test")
    params = dict(wire.params)
    assert "status" not in params
    assert params["sign"] == VECTORS[0][4]


def test_push_signature_vector() -> None:
    body = (
        b'{"seller_id":"1234567","message_type":0,"data":{"order_status":"pending",'
        b'"trade_order_id":"260422900198363","trade_order_line_id":"260422900298363",'
        b'"status_update_time":1603698638},"timestamp":1603766859530,"site":"lazada_vn"}'
    )
    assert push_signature("123456", "helloworld", body) == (
        "3cb11a521d7196a3475339c411178f258bea8da744c84d497633759ce3572c0d"
    )
