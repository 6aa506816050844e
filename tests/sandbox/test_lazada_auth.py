"""Lazada sandbox authorization over real HTTP: codes, token create/refresh, expiry, consent."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests

from tests.sandbox.helpers import TIMEOUT, control
from tests.sandbox.lazada_helpers import Lazada, authorized_seller, new_seller

WEEK, FORTNIGHT = 604_800, 1_209_600


def test_token_create_reply_is_flat_with_country_user_info(lazada: str) -> None:
    client, code = new_seller(lazada)
    assert code.startswith(f"0_{client.app_key}_")
    reply = client.authorize(code)
    assert reply["code"] == "0" and "data" not in reply
    assert (reply["expires_in"], reply["refresh_expires_in"]) == (WEEK, FORTNIGHT)
    assert (reply["country"], reply["account_platform"]) == ("vn", "seller_center")
    [info] = reply["country_user_info"]
    assert info["seller_id"] == str(client.seller_id) and info["country"] == "vn"
    assert "country_user_info_list" not in reply


def test_code_is_single_use_and_lives_30_minutes(lazada: str) -> None:
    client, code = new_seller(lazada)
    assert client.authorize(code)["code"] == "0"
    assert client.authorize(code)["code"] == "InvalidCode"
    late = control(lazada, "POST", f"/shops/{client.seller_id}/code").json()["code"]
    control(lazada, "POST", "/clock", {"advance": 1_810})
    assert client.authorize(late)["code"] == "InvalidCode"


def test_code_of_another_app_is_invalid(lazada: str) -> None:
    one, code = new_seller(lazada)
    other, _ = new_seller(lazada)
    assert other.authorize(code)["code"] == "InvalidCode"
    assert one.authorize(code)["code"] == "0"


def test_access_token_expires_and_refresh_brings_it_back(seller: Lazada) -> None:
    control(seller.base, "POST", "/clock", {"advance": WEEK - 10})
    assert seller.get("/seller/get")["code"] == "0"
    control(seller.base, "POST", "/clock", {"advance": 15})
    expired = seller.get("/seller/get")
    assert (expired["type"], expired["code"]) == ("ISV", "IllegalAccessToken")
    reply = seller.refresh()
    assert reply["code"] == "0" and "country_user_info" not in reply
    assert reply["country_user_info_list"][0]["seller_id"] == str(seller.seller_id)
    assert reply["refresh_token"] == seller.refresh_token  # not rotated, not extended
    assert FORTNIGHT - WEEK - 20 <= reply["refresh_expires_in"] <= FORTNIGHT - WEEK
    seller.take_tokens(reply)
    assert seller.get("/seller/get")["code"] == "0"


def test_refresh_token_expires(seller: Lazada) -> None:
    control(seller.base, "POST", "/clock", {"advance": FORTNIGHT + 5})
    reply = seller.refresh()
    assert reply["code"] == "IllegalRefreshToken"
    assert seller.refresh("50001nonsense")["code"] == "IllegalRefreshToken"


def test_tokens_are_bound_to_their_app(lazada: str) -> None:
    one, other = authorized_seller(lazada), authorized_seller(lazada)
    one.access_token = other.access_token
    assert one.get("/seller/get")["code"] == "IllegalAccessToken"
    assert one.refresh(other.refresh_token)["code"] == "IllegalRefreshToken"


def test_expire_tokens_fault(seller: Lazada) -> None:
    control(seller.base, "POST", "/faults", {"expire_tokens": True})
    assert seller.get("/seller/get")["code"] == "IllegalAccessToken"
    seller.take_tokens(seller.refresh())
    assert seller.get("/seller/get")["code"] == "0"


def test_public_apis_need_no_token(seller: Lazada) -> None:
    tree = seller.call("/category/tree/get", token=False, language_code="vi_VN")
    assert tree["code"] == "0" and tree["data"][0]["children"]
    brands = seller.call("/category/brands/query", token=False, startRow=0, pageSize=2)
    assert brands["success"] is True and len(brands["data"]["module"]) == 2
    attributes = seller.call("/category/attributes/get", token=False, primary_category_id=10000211)
    assert {"name", "SellerSku"} <= {a["name"] for a in attributes["data"]}
    parent = seller.call("/category/attributes/get", token=False, primary_category_id=10000200)
    assert parent["code"] == "57"


def test_consent_page_redirects_with_a_code(lazada: str) -> None:
    client, _ = new_seller(lazada)
    query = {
        "response_type": "code",
        "force_auth": "true",
        "client_id": client.app_key,
        "redirect_uri": "https://ocop.example/lazada/callback",
        "state": "xyz",
        "country": "vn",
    }
    reply = requests.get(
        f"{lazada}/oauth/authorize", params=query, timeout=TIMEOUT, allow_redirects=False
    )
    assert reply.status_code == 302
    found = parse_qs(urlsplit(reply.headers["location"]).query)
    assert found["state"] == ["xyz"]
    client.take_tokens(client.authorize(found["code"][0]))
    assert client.get("/seller/get")["data"]["seller_id"] == client.seller_id
    with_uuid = requests.get(
        f"{lazada}/oauth/authorize", params={**query, "uuid": "x"}, timeout=TIMEOUT
    )
    assert with_uuid.json()["code"] == "InvalidParameter"


def test_an_app_may_have_its_own_token_lifetimes(lazada: str) -> None:
    online = {"expires_in": 2_592_000, "refresh_expires_in": 15_552_000}
    app = control(lazada, "POST", "/partners", online).json()
    client, code = new_seller(lazada, app["app_key"], app["app_secret"])
    reply = client.authorize(code)
    assert (reply["expires_in"], reply["refresh_expires_in"]) == (2_592_000, 15_552_000)
    client.take_tokens(reply)
    control(lazada, "POST", "/clock", {"advance": WEEK + 60})
    assert client.get("/seller/get")["code"] == "0"
    bad = control(lazada, "POST", "/partners", {"expires_in": 0})
    assert bad.status_code == 422
