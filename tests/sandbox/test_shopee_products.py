"""Shopee sandbox listings over real HTTP: images, add/update, pages, price and stock batches."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox.shopee_helpers import Client, control

ITEMS = "/api/v2/product"


@pytest.fixture
def image(shop: Client) -> str:
    return shop.upload_image()


def _item(shop: Client, image: str, **overrides: Any) -> int:
    reply = shop.add_item(image, **overrides)
    assert reply["error"] == "", reply
    return int(reply["response"]["item_id"])


def _with_models(shop: Client, image: str) -> tuple[int, list[int]]:
    item_id = _item(shop, image, item_sku="TRA-SHAN")
    body = {
        "item_id": item_id,
        "tier_variation": [
            {"name": "Gói", "option_list": [{"option": "100g"}, {"option": "200g"}]}
        ],
        "model": [
            {
                "tier_index": [0],
                "original_price": 90000,
                "model_sku": "TRA-100",
                "seller_stock": [{"stock": 10}],
            },
            {
                "tier_index": [1],
                "original_price": 170000,
                "model_sku": "TRA-200",
                "seller_stock": [{"stock": 5}],
            },
        ],
    }
    reply = shop.post(f"{ITEMS}/init_tier_variation", body)
    assert reply["error"] == "", reply
    return item_id, [m["model_id"] for m in reply["response"]["model"]]


def test_upload_image_checks_the_bytes(shop: Client) -> None:
    assert shop.upload_image().startswith("vn-")
    reply = shop.request(
        "POST",
        "/api/v2/media_space/upload_image",
        shop=False,
        files={"image": ("x.gif", b"GIF89a....", "image/gif")},
    ).json()
    assert reply["error"] == "error_param"


@pytest.mark.parametrize(
    ("overrides", "error", "message"),
    [
        ({"description": None}, "product.error_param", None),
        ({"description": ""}, "error_desc_length_min_limit", None),
        ({"image": {"image_id_list": ["vn-nope"]}}, "error_param", "Image not exist."),
        ({"category_id": 100629}, "error_invalid_category", None),  # not a leaf
        ({"category_id": 999}, "error_invalid_category", None),
        ({"original_price": 185000.5}, "error_invalid_price", None),
        ({"original_price": 999}, "error_price_exceed_min_limitt", None),
        ({"original_price": 120_000_001}, "error_price_exceed_max_limitt", None),
        ({"item_name": "x" * 121}, "error_title_exceeds_max_length", None),
        (
            {"logistic_info": [{"logistic_id": 1, "enabled": True}]},
            "error_invalid_logistic_info",
            None,
        ),
        ({"weight": 0}, "error_param", "Invalid Weight."),
        ({"brand": {"brand_id": 42}}, "error_invalid_brand", None),
    ],
)
def test_add_item_validation(
    shop: Client, image: str, overrides: dict[str, Any], error: str, message: str | None
) -> None:
    reply = shop.add_item(image, **overrides)
    assert reply["error"] == error, reply
    assert "response" not in reply
    if message is not None:
        assert reply["message"] == message


def test_add_item_accepts_the_edge_of_the_rules(shop: Client, image: str) -> None:
    reply = shop.add_item(image, item_name="x" * 120, original_price=1000.0)
    assert reply["error"] == ""
    assert reply["response"]["price_info"]["original_price"] == 1000


def test_item_list_pages_by_offset(shop: Client, image: str) -> None:
    made = {_item(shop, image, item_sku=f"SKU-{n}") for n in range(23)}
    seen: list[int] = []
    offset, pages = 0, 0
    while True:
        reply = shop.get(
            f"{ITEMS}/get_item_list", offset=offset, page_size=10, item_status="NORMAL"
        )
        page = reply["response"]
        assert page["total_count"] == 23
        seen += [entry["item_id"] for entry in page["item"]]
        pages += 1
        if not page["has_next_page"]:
            break
        offset = page["next_offset"]
    assert pages == 3 and len(seen) == 23 and set(seen) == made


@pytest.mark.parametrize("page_size", [0, 101])
def test_item_list_page_size_bounds(shop: Client, page_size: int) -> None:
    reply = shop.get(f"{ITEMS}/get_item_list", offset=0, page_size=page_size, item_status="NORMAL")
    assert reply["error"] == "error_param"


def test_item_list_offset_cap_status_and_time_filters(shop: Client, image: str) -> None:
    deep = shop.get(f"{ITEMS}/get_item_list", offset=10_001, page_size=10, item_status="NORMAL")
    assert deep["message"] == "get items offset over limit, please use the next field"
    assert shop.get(f"{ITEMS}/get_item_list", offset=0, page_size=10)["error"] == (
        "error_param_item_status"
    )
    old = _item(shop, image, item_sku="OLD")
    control(shop.base, "POST", "/clock", {"advance": 100})
    since = shop.now()
    new = _item(shop, image, item_sku="NEW", item_status="UNLIST")
    query = {"offset": 0, "page_size": 50, "item_status": ["NORMAL", "UNLIST"]}
    everything = shop.get(f"{ITEMS}/get_item_list", **query)["response"]["item"]
    assert [e["item_id"] for e in everything] == [new, old]  # newest change first
    recent = shop.get(f"{ITEMS}/get_item_list", **query, update_time_from=since)["response"]
    assert [e["item_id"] for e in recent["item"]] == [new]
    bad = shop.get(f"{ITEMS}/get_item_list", **query, update_time_from=10, update_time_to=5)
    assert bad["error"] == "error_update_time_range"


def test_base_info_omits_price_info_for_items_with_models(shop: Client, image: str) -> None:
    plain = _item(shop, image, item_sku="PLAIN")
    modelled, _ = _with_models(shop, image)
    reply = shop.get(f"{ITEMS}/get_item_base_info", item_id_list=f"{plain},{modelled}")
    plain_view, modelled_view = reply["response"]["item_list"]
    assert plain_view["price_info"][0]["original_price"] == 185000
    assert plain_view["price_info"][0]["currency"] == "VND"
    assert modelled_view["has_model"] is True and "price_info" not in modelled_view
    fifty_one = ",".join(str(plain + n) for n in range(51))
    assert shop.get(f"{ITEMS}/get_item_base_info", item_id_list=fifty_one)["error"] == "error_param"
    fifty = ",".join(str(plain + n) for n in range(50))
    assert (
        len(shop.get(f"{ITEMS}/get_item_base_info", item_id_list=fifty)["response"]["item_list"])
        == 2
    )


def test_model_list(shop: Client, image: str) -> None:
    item_id, model_ids = _with_models(shop, image)
    reply = shop.get(f"{ITEMS}/get_model_list", item_id=item_id)["response"]
    assert [m["model_id"] for m in reply["model"]] == model_ids
    assert reply["tier_variation"][0]["option_list"][1]["option"] == "200g"
    stock = reply["model"][0]["stock_info_v2"]
    assert stock["summary_info"]["total_available_stock"] == 10
    assert stock["seller_stock"] == [{"stock": 10, "if_saleable": True}]


def test_update_price_batch_rules(shop: Client, image: str) -> None:
    item_id, (small, _) = _with_models(shop, image)
    many = [{"model_id": small + n, "original_price": 50000} for n in range(51)]
    reply = shop.post(f"{ITEMS}/update_price", {"item_id": item_id, "price_list": many})
    assert reply["error"] == "error_param"
    twice = [{"model_id": small, "original_price": 1000}] * 2
    reply = shop.post(f"{ITEMS}/update_price", {"item_id": item_id, "price_list": twice})
    assert (reply["error"], reply["message"]) == ("error_param", "Repeat model_id.")
    item_level = [{"model_id": 0, "original_price": 50000}]
    reply = shop.post(f"{ITEMS}/update_price", {"item_id": item_id, "price_list": item_level})
    assert reply["error"] == "error_edit_item_price_for_item_has_model"


def test_update_price_partial_success(shop: Client, image: str) -> None:
    item_id, (small, large) = _with_models(shop, image)
    prices = [
        {"model_id": small, "original_price": 95000},
        {"model_id": large, "original_price": 175000.5},
        {"model_id": 1, "original_price": 50000},
    ]
    reply = shop.post(f"{ITEMS}/update_price", {"item_id": item_id, "price_list": prices})
    assert reply["error"] == ""
    assert reply["response"]["success_list"] == [{"model_id": small, "original_price": 95000}]
    failures = {f["model_id"]: f["failed_reason"] for f in reply["response"]["failure_list"]}
    assert set(failures) == {large, 1} and failures[1] == "Wrong model_id."
    models = shop.get(f"{ITEMS}/get_model_list", item_id=item_id)["response"]["model"]
    assert [m["price_info"][0]["original_price"] for m in models] == [95000, 170000]


def test_update_stock_partial_success_on_a_plain_item(shop: Client, image: str) -> None:
    item_id = _item(shop, image)
    stock = [{"model_id": 0, "seller_stock": [{"stock": 7}]}, {"model_id": 5, "seller_stock": []}]
    reply = shop.post(f"{ITEMS}/update_stock", {"item_id": item_id, "stock_list": stock})
    assert reply["response"]["success_list"] == [{"model_id": 0, "stock": 7}]
    assert reply["response"]["failure_list"][0]["model_id"] == 5
    negative = [{"model_id": 0, "seller_stock": [{"stock": -1}]}]
    reply = shop.post(f"{ITEMS}/update_stock", {"item_id": item_id, "stock_list": negative})
    assert reply["response"]["success_list"] == [] and len(reply["response"]["failure_list"]) == 1
    assert shop.post(f"{ITEMS}/update_stock", {"item_id": item_id, "stock_list": []})["error"] == (
        "error_param"
    )


def test_update_item_is_partial_and_bumps_update_time(shop: Client, image: str) -> None:
    item_id = _item(shop, image)
    before = shop.get(f"{ITEMS}/get_item_base_info", item_id_list=item_id)["response"]
    control(shop.base, "POST", "/clock", {"advance": 60})
    reply = shop.post(f"{ITEMS}/update_item", {"item_id": item_id, "item_name": "Mật ong 1 lít"})
    assert reply["error"] == ""
    after = shop.get(f"{ITEMS}/get_item_base_info", item_id_list=item_id)["response"]
    old, new = before["item_list"][0], after["item_list"][0]
    assert new["item_name"] == "Mật ong 1 lít" and new["description"] == old["description"]
    assert new["price_info"] == old["price_info"] and new["update_time"] >= old["update_time"] + 60
    missing = shop.post(f"{ITEMS}/update_item", {"item_id": 1, "item_name": "x"})
    assert missing["error"] == "error_item_not_found"


def test_unlist_and_delete(shop: Client, image: str) -> None:
    item_id = _item(shop, image)
    entries = [{"item_id": item_id, "unlist": True}, {"item_id": 1, "unlist": True}]
    reply = shop.post(f"{ITEMS}/unlist_item", {"item_list": entries})["response"]
    assert reply["success_list"] == [{"item_id": item_id, "unlist": True}]
    assert reply["failure_list"][0]["item_id"] == 1
    too_many = [{"item_id": n, "unlist": True} for n in range(51)]
    assert shop.post(f"{ITEMS}/unlist_item", {"item_list": too_many})["error"] == "error_param"
    assert shop.post(f"{ITEMS}/delete_item", {"item_id": item_id})["error"] == ""
    query = {"offset": 0, "page_size": 10, "item_status": "SELLER_DELETE"}
    deleted = shop.get(f"{ITEMS}/get_item_list", **query)["response"]["item"]
    assert [(e["item_id"], e["item_status"]) for e in deleted] == [(item_id, "SELLER_DELETE")]


def test_seller_centre_edit_is_visible_as_drift(shop: Client, image: str) -> None:
    item_id = _item(shop, image)
    edited = control(
        shop.base,
        "POST",
        f"/shops/{shop.shop_id}/items/{item_id}/edit",
        {"price": 199000, "stock": 3},
    ).json()
    assert (edited["price"], edited["stock"]) == (199000, 3)
    view = shop.get(f"{ITEMS}/get_item_base_info", item_id_list=item_id)["response"]["item_list"][0]
    assert view["price_info"][0]["current_price"] == 199000
    assert view["stock_info_v2"]["summary_info"]["total_available_stock"] == 3
    listed = control(shop.base, "GET", f"/shops/{shop.shop_id}/items").json()["items"]
    assert [i["item_id"] for i in listed] == [item_id]


def test_reference_data(shop: Client) -> None:
    categories = shop.get(f"{ITEMS}/get_category")["response"]["category_list"]
    leaf = [c for c in categories if not c["has_children"]]
    assert any(c["display_category_name"] == "Thực phẩm và đồ uống khác" for c in leaf)
    channels = shop.get("/api/v2/logistics/get_channel_list")["response"]
    names = {c["logistics_channel_name"] for c in channels["logistics_channel_list"]}
    assert {"SPX Express", "Giao Hàng Nhanh"} <= names
    limits = shop.get(f"{ITEMS}/get_item_limit")["response"]
    assert limits["price_limit"] == {"min_limit": 1000, "max_limit": 120_000_000}
