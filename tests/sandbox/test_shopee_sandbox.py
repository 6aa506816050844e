"""Shopee sandbox over real HTTP: signing, tokens, envelope, faults, stats and persistence."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from sandbox.testing import running
from tests.sandbox.shopee_helpers import (
    TIMEOUT,
    Client,
    authorized_shop,
    control,
    new_shop,
    shopee_sign,
)

VECTOR_KEY = "test_partner_key_0123456789abcdef"
VECTOR_TS = 1655714431
VECTOR_TOKEN = "59777174636562737266615546704c6d"
SHOP_SIGN = "fae2453506d0e74461bff5acf9985e736a81491c37c1c77537598bc991c034fc"
PUBLIC_SIGN = "8d0b8105220f3a6129ce1147cf82f1a00c6fe57966b2f04e7426734fb219e01a"
AUTH_SIGN = "bef10fe18a2ec6e9d5d68cebd255bc5394835300a97f99336cd7e3679949ebb9"
SHOP_INFO = "/api/v2/shop/get_shop_info"


def _vector_sandbox(base: str) -> None:
    new_shop(base, partner_id=2001887, key=VECTOR_KEY, shop_id=14701711)
    assert control(base, "POST", "/clock", {"set": VECTOR_TS}).json()["now"] >= VECTOR_TS


def test_the_notes_vectors_match_our_inline_signing() -> None:
    base_string = f"2001887{SHOP_INFO}{VECTOR_TS}{VECTOR_TOKEN}14701711"
    assert shopee_sign(VECTOR_KEY, base_string) == SHOP_SIGN
    assert shopee_sign(VECTOR_KEY, f"2001887/api/v2/public/get_shops_by_partner{VECTOR_TS}") == (
        PUBLIC_SIGN
    )
    assert shopee_sign(VECTOR_KEY, f"2001887/api/v2/shop/auth_partner{VECTOR_TS}") == AUTH_SIGN


def test_public_vector_is_accepted(base: str) -> None:
    _vector_sandbox(base)
    query: dict[str, Any] = {"partner_id": 2001887, "timestamp": VECTOR_TS, "sign": PUBLIC_SIGN}
    reply = requests.get(
        f"{base}/api/v2/public/get_shops_by_partner", params=query, timeout=TIMEOUT
    ).json()
    assert reply["error"] == ""
    assert [s["shop_id"] for s in reply["authed_shop_list"]] == [14701711]
    assert "response" not in reply  # this API answers flat


def test_auth_link_vector_redirects_with_a_code(base: str) -> None:
    _vector_sandbox(base)
    query: dict[str, Any] = {
        "partner_id": 2001887,
        "timestamp": VECTOR_TS,
        "sign": AUTH_SIGN,
        "redirect": "https://example.com/callback",
    }
    reply = requests.get(
        f"{base}/api/v2/shop/auth_partner", params=query, timeout=TIMEOUT, allow_redirects=False
    )
    assert reply.status_code == 302
    location = urlsplit(reply.headers["location"])
    assert location.netloc == "example.com"
    assert parse_qs(location.query)["shop_id"] == ["14701711"]
    client = Client(base, 2001887, VECTOR_KEY, 14701711)
    client.take_tokens(client.authorize(parse_qs(location.query)["code"][0]))


def test_shop_vector_passes_the_signature_check(base: str) -> None:
    _vector_sandbox(base)
    query: dict[str, Any] = {
        "partner_id": 2001887,
        "timestamp": VECTOR_TS,
        "access_token": VECTOR_TOKEN,
        "shop_id": 14701711,
        "sign": SHOP_SIGN,
    }
    reply = requests.get(f"{base}{SHOP_INFO}", params=query, timeout=TIMEOUT).json()
    # The sign is right; the made-up token was never issued, so the token check is what fails.
    assert reply["error"] == "invalid_acceess_token"
    query["sign"] = SHOP_SIGN[:-1] + "0"
    wrong = requests.get(f"{base}{SHOP_INFO}", params=query, timeout=TIMEOUT).json()
    assert (wrong["error"], wrong["message"]) == ("error_sign", "Wrong sign.")


def test_wrong_sign_is_rejected_with_http_200(shop: Client) -> None:
    query = shop.params(SHOP_INFO, shop=True)
    query["sign"] = shopee_sign("not-the-key", "x")
    reply = requests.get(f"{shop.base}{SHOP_INFO}", params=query, timeout=TIMEOUT)
    assert reply.status_code == 200
    body = reply.json()
    assert (body["error"], body["message"]) == ("error_sign", "Wrong sign.")
    assert set(body) == {"request_id", "error", "message"}
    assert len(body["request_id"]) == 32 and int(body["request_id"], 16) >= 0


def test_sign_over_the_body_or_with_shop_fields_on_a_public_api_is_wrong(shop: Client) -> None:
    query = shop.params("/api/v2/public/get_shops_by_partner", shop=True)  # shop fields signed
    reply = requests.get(
        f"{shop.base}/api/v2/public/get_shops_by_partner", params=query, timeout=TIMEOUT
    ).json()
    assert reply["error"] == "error_sign"


def test_timestamps(shop: Client) -> None:
    now = shop.now()
    for stamp, message in (
        (now - 310, "Timestamp is expired."),
        (now + 310, "Timestamp is expired."),
        (now * 1000, "Invalid timestamp"),
    ):
        reply = shop.request("GET", SHOP_INFO, timestamp=stamp).json()
        assert (reply["error"], reply["message"]) == ("error_param", message)
    assert shop.request("GET", SHOP_INFO, timestamp=now - 290).json()["error"] == ""


def test_missing_common_parameters_in_shopee_order(shop: Client) -> None:
    full = shop.params(SHOP_INFO, shop=True)
    expected = [
        ("partner_id", "There is no partner_id in query."),
        ("timestamp", "no timestamp"),
        ("sign", "There is no sign in query."),
        ("access_token", "There is no access_token in query."),
        ("shop_id", "There is no shop_id in query."),
    ]
    for name, message in expected:
        query = {k: v for k, v in full.items() if k != name}
        reply = requests.get(f"{shop.base}{SHOP_INFO}", params=query, timeout=TIMEOUT).json()
        assert (reply["error"], reply["message"]) == ("error_param", message)


def test_unknown_path_and_wrong_method(shop: Client) -> None:
    for path in ("/api/v2/product/no_such_api", "/api/v1/shop/get"):
        reply = shop.get(path)
        assert reply["error"] == "error_param"
        assert reply["message"].startswith("Permission denied. This API is currently offline")
    wrong = shop.request("GET", "/api/v2/product/update_price").json()
    assert wrong["error"] == "error_param" and "POST" in wrong["message"]


def test_success_envelope(shop: Client) -> None:
    reply = shop.get("/api/v2/product/get_item_limit")
    assert set(reply) == {"request_id", "error", "message", "warning", "response"}
    assert (reply["error"], reply["message"], reply["warning"]) == ("", "", "")
    info = shop.get(SHOP_INFO)
    assert info["error"] == "" and info["region"] == "VN" and "response" not in info


def test_code_is_single_use_and_expires(base: str) -> None:
    client, code = new_shop(base)
    first = client.authorize(code)
    assert first["error"] == "" and first["expire_in"] == 14400
    assert "response" not in first
    assert client.authorize(code)["error"] == "invalid_code"
    late = control(base, "POST", f"/shops/{client.shop_id}/code").json()["code"]
    control(base, "POST", "/clock", {"advance": 610})
    assert client.authorize(late)["error"] == "invalid_code"


def test_access_token_expires_after_four_hours(shop: Client) -> None:
    # The fake clock keeps ticking with real time: leave a few seconds either side of the edge.
    control(shop.base, "POST", "/clock", {"advance": 14_390})
    assert shop.get(SHOP_INFO)["error"] == ""
    control(shop.base, "POST", "/clock", {"advance": 15})
    reply = shop.get(SHOP_INFO)
    assert (reply["error"], reply["message"]) == (
        "invalid_acceess_token",
        "Invalid access_token, please have a check.",
    )


def test_refresh_rotates_and_the_old_refresh_token_is_dead(shop: Client) -> None:
    old_access, old_refresh = shop.access_token, shop.refresh_token
    reply = shop.refresh()
    assert reply["error"] == "" and reply["shop_id"] == shop.shop_id and "response" not in reply
    shop.take_tokens(reply)
    assert (shop.access_token, shop.refresh_token) != (old_access, old_refresh)
    again = shop.refresh(old_refresh)
    assert (again["error"], again["message"]) == ("error_auth", "Invalid refresh_token.")
    assert shop.get(SHOP_INFO)["error"] == ""


def test_old_access_token_has_a_300_second_grace(shop: Client) -> None:
    old = Client(shop.base, shop.partner_id, shop.partner_key, shop.shop_id, shop.access_token)
    shop.take_tokens(shop.refresh())
    control(shop.base, "POST", "/clock", {"advance": 290})
    assert old.get(SHOP_INFO)["error"] == ""
    control(shop.base, "POST", "/clock", {"advance": 15})
    assert old.get(SHOP_INFO)["error"] == "invalid_acceess_token"
    assert shop.get(SHOP_INFO)["error"] == ""


def test_token_of_another_shop_is_refused(base: str) -> None:
    one, other = authorized_shop(base), authorized_shop(base)
    one.access_token = other.access_token
    reply = one.get(SHOP_INFO)
    assert (reply["error"], reply["message"]) == ("error_auth", "Invalid access_token.")


def test_unsigned_auth_page_redirects_with_state(base: str) -> None:
    client, _ = new_shop(base)
    query: dict[str, Any] = {
        "auth_type": "seller",
        "partner_id": client.partner_id,
        "response_type": "code",
        "redirect_uri": "https://seller.example/cb?x=1",
        "state": "abc",
    }
    reply = requests.get(f"{base}/auth", params=query, timeout=TIMEOUT, allow_redirects=False)
    assert reply.status_code == 302
    found = parse_qs(urlsplit(reply.headers["location"]).query)
    assert found["x"] == ["1"] and found["state"] == ["abc"]
    assert found["shop_id"] == [str(client.shop_id)]
    client.take_tokens(client.authorize(found["code"][0]))


def test_rate_limit_burst_then_recovery(shop: Client) -> None:
    control(shop.base, "POST", "/faults", {"rate_limit_burst": 2})
    errors = [shop.get(SHOP_INFO)["error"] for _ in range(3)]
    assert errors == ["error_rate_limit", "error_rate_limit", ""]


def test_garbage_burst_is_a_502_html_page(shop: Client) -> None:
    control(shop.base, "POST", "/faults", {"garbage_burst": 1})
    reply = shop.request("GET", SHOP_INFO)
    assert reply.status_code == 502
    assert reply.headers["content-type"].startswith("text/html")
    assert reply.text.lstrip().startswith("<html>")
    assert shop.get(SHOP_INFO)["error"] == ""


def test_faults_apply_only_to_their_paths(shop: Client) -> None:
    faults = {"busy_burst": 1, "paths": ["/api/v2/product/get_item_limit"]}
    active = control(shop.base, "POST", "/faults", faults).json()
    assert active["busy_burst"] == 1
    assert shop.get(SHOP_INFO)["error"] == ""
    assert shop.get("/api/v2/product/get_item_limit")["error"] == "error_system_busy"
    assert shop.get("/api/v2/product/get_item_limit")["error"] == ""


def test_http_status_fault_changes_error_status_only(shop: Client) -> None:
    control(shop.base, "POST", "/faults", {"http_status": 429, "rate_limit_burst": 1})
    limited = shop.request("GET", SHOP_INFO)
    assert limited.status_code == 429 and limited.json()["error"] == "error_rate_limit"
    assert shop.request("GET", SHOP_INFO).status_code == 200
    assert control(shop.base, "DELETE", "/faults").json() == {}


def test_expire_tokens_then_refresh(shop: Client) -> None:
    control(shop.base, "POST", "/faults", {"expire_tokens": True})
    assert shop.get(SHOP_INFO)["error"] == "invalid_acceess_token"
    shop.take_tokens(shop.refresh())
    assert shop.get(SHOP_INFO)["error"] == ""


def test_qps_limit_and_error_rate(shop: Client) -> None:
    control(shop.base, "POST", "/clock", {"set": 1_900_000_000})
    control(shop.base, "POST", "/faults", {"error_rate": 1.0})
    assert shop.get(SHOP_INFO)["error"] == "error_server"
    control(shop.base, "POST", "/faults", {"qps_limit": 1})
    errors = {shop.get(SHOP_INFO)["error"] for _ in range(3)}
    assert "error_rate_limit" in errors  # 3 calls cannot all fall in different seconds


def test_bad_fault_keys_are_refused(base: str) -> None:
    reply = control(base, "POST", "/faults", {"error_rate": 2})
    assert reply.status_code == 422
    assert control(base, "POST", "/faults", {"nope": 1}).status_code == 422


def test_stats_count_marketplace_calls_by_path(shop: Client) -> None:
    control(shop.base, "POST", "/stats/reset")
    shop.get(SHOP_INFO)
    bad = shop.params(SHOP_INFO, shop=True) | {"sign": "0" * 64}
    requests.get(f"{shop.base}{SHOP_INFO}", params=bad, timeout=TIMEOUT)
    shop.get("/api/v2/product/get_item_limit")
    stats = control(shop.base, "GET", "/stats").json()
    assert stats["calls"] == {SHOP_INFO: 2, "/api/v2/product/get_item_limit": 1}
    assert stats["errors"] == {"error_sign": 1}
    assert control(shop.base, "POST", "/stats/reset").json() == {}
    assert control(shop.base, "GET", "/stats").json() == {"calls": {}, "errors": {}}


def test_state_survives_a_restart(tmp_path: Path) -> None:
    with running("shopee", tmp_path) as base:
        client = authorized_shop(base)
        image = client.upload_image()
        item_id = client.add_item(image)["response"]["item_id"]
        order = control(
            base,
            "POST",
            f"/shops/{client.shop_id}/orders",
            {"lines": [{"sku": "MO-UMINH-500", "qty": 2}]},
        ).json()
    with running("shopee", tmp_path) as base:
        client.base = base
        assert client.get(SHOP_INFO)["error"] == ""
        info = client.get("/api/v2/product/get_item_base_info", item_id_list=str(item_id))
        assert info["response"]["item_list"][0]["stock_info_v2"]["summary_info"] == {
            "total_reserved_stock": 2,
            "total_available_stock": 38,
        }
        shown = control(base, "GET", f"/orders/{order['order_sn']}").json()
        assert shown["order_status"] == "READY_TO_SHIP"
        assert client.add_item(image, item_sku="second")["error"] == ""
        client.take_tokens(client.refresh())
    assert (tmp_path / "shopee.db").exists()
