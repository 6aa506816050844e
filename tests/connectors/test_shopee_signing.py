"""Shopee signing against the vectors of platform notes shopee.md §2.3, exactly."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from connectors.http import HttpClient, HttpRequest
from connectors.shopee.client import Api, ShopeeClient, base_string, push_signature, sign

KEY = "test_partner_key_0123456789abcdef"
PARTNER = 2001887
TS = 1655714431
TOKEN = "59777174636562737266615546704c6d"


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        (  # shop
            base_string(PARTNER, "/api/v2/shop/get_shop_info", TS, TOKEN, "14701711"),
            "fae2453506d0e74461bff5acf9985e736a81491c37c1c77537598bc991c034fc",
        ),
        (  # merchant
            base_string(
                PARTNER,
                "/api/v2/global_product/get_category",
                TS,
                "09777174636962737266615546704c6d",
                "1000000",
            ),
            "0c04e500e19baefae45c64a967c05b5a93cb88b106801c7412402943b0011a19",
        ),
        (  # public
            base_string(PARTNER, "/api/v2/public/get_shops_by_partner", TS),
            "8d0b8105220f3a6129ce1147cf82f1a00c6fe57966b2f04e7426734fb219e01a",
        ),
        (  # auth link
            base_string(PARTNER, "/api/v2/shop/auth_partner", TS),
            "bef10fe18a2ec6e9d5d68cebd255bc5394835300a97f99336cd7e3679949ebb9",
        ),
    ],
    ids=["shop", "merchant", "public", "auth_link"],
)
def test_sign_vectors(base: str, expected: str) -> None:
    assert sign(KEY, base) == expected


def test_shop_base_string_is_plain_concatenation() -> None:
    assert base_string(PARTNER, "/api/v2/shop/get_shop_info", TS, TOKEN, "14701711") == (
        "2001887/api/v2/shop/get_shop_info165571443159777174636562737266615546704c6d14701711"
    )


def test_push_vector() -> None:
    body = (
        b'{"shop_id":123,"code":3,"timestamp":1660123127,"data":{"ordersn":"220810QSK8S7BX",'
        b'"status":"PROCESSED","update_time":1660123127}}'
    )
    assert push_signature(KEY, "https://example.com/shopee/push", body) == (
        "6f1fbaf47cecc3627ac46ba906bb37b90fe995b99923536176baf525085eac6f"
    )


def _client() -> ShopeeClient:
    http = HttpClient(platform="shopee", base_url="http://127.0.0.1:9")
    return ShopeeClient(http, partner_id=PARTNER, partner_key=KEY, clock=lambda: TS + 0.9)


def test_shop_call_puts_common_params_and_the_sign_in_the_query() -> None:
    request = HttpRequest("GET", "/api/v2/shop/get_shop_info", params=(("x", 1),))
    signed = dict(_client().signed(request, TOKEN, "14701711").params)
    assert signed == {
        "partner_id": PARTNER,
        "timestamp": TS,  # whole seconds from the injected clock
        "access_token": TOKEN,
        "shop_id": "14701711",
        "sign": "fae2453506d0e74461bff5acf9985e736a81491c37c1c77537598bc991c034fc",
        "x": 1,
    }


def test_public_call_signs_without_token_or_shop() -> None:
    signed = dict(
        _client().signed(HttpRequest("POST", "/api/v2/public/get_shops_by_partner")).params
    )
    assert set(signed) == {"partner_id", "timestamp", "sign"}
    assert signed["sign"] == "8d0b8105220f3a6129ce1147cf82f1a00c6fe57966b2f04e7426734fb219e01a"


def test_auth_partner_link() -> None:
    url = _client().auth_partner_url("https://ocop.example/cb")
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    assert parts.path == Api.AUTH_PARTNER
    assert query["redirect"] == "https://ocop.example/cb"
    assert query["sign"] == "bef10fe18a2ec6e9d5d68cebd255bc5394835300a97f99336cd7e3679949ebb9"
