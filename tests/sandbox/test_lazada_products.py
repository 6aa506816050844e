"""Lazada sandbox products over real HTTP: XML/JSON payloads, limits, partial failures, reads."""

from __future__ import annotations

import json
from typing import Any

from tests.sandbox.helpers import control
from tests.sandbox.lazada_helpers import PNG, Lazada, create, iso_at, product_xml, sku_xml

NAME = "Mật ong & phấn hoa U Minh"


def _price_payload(*skus: str) -> str:
    return f"<Request><Product><Skus>{''.join(skus)}</Skus></Product></Request>"


def _entry(sku_id: int | str, *, price: str = "", sale: str = "", quantity: str = "") -> str:
    parts = f"<SkuId>{sku_id}</SkuId><Price>{price}</Price><SalePrice>{sale}</SalePrice>"
    return f"<Sku>{parts}<Quantity>{quantity}</Quantity></Sku>"


def test_xml_ampersand_must_be_escaped(seller: Lazada) -> None:
    raw = seller.call("/product/create", payload=product_xml(NAME, sku_xml("MO-1")))
    assert (raw["code"], raw["message"]) == ("5", "E005: Invalid Request Format")
    escaped = product_xml(NAME.replace("&", "&amp;"), sku_xml("MO-1"))
    assert seller.call("/product/create", payload=escaped)["code"] == "0"
    cdata = product_xml(f"<![CDATA[{NAME}]]>", sku_xml("MO-2"))
    assert seller.call("/product/create", payload=cdata)["code"] == "0"
    names = [p["attributes"]["name"] for p in seller.get("/products/get")["data"]["products"]]
    assert names == [NAME, NAME]


def test_json_payload_and_its_arrays(seller: Lazada) -> None:
    sku = {"SellerSku": "TRA-1", "price": 90000, "quantity": 3, "package_weight": "0.2"}
    sku |= {"package_length": 10, "package_width": 5, "package_height": 5}
    product: dict[str, Any] = {
        "PrimaryCategory": "10000212",
        "Attributes": {"name": "Trà & mứt", "brand": "No Brand"},
        "Skus": {"Sku": [sku]},
    }
    ok = seller.call("/product/create", payload=json.dumps({"Request": {"Product": product}}))
    assert ok["code"] == "0" and ok["data"]["item_status"] == "Active"
    product["Skus"] = {"Sku": {**sku, "SellerSku": "TRA-2"}}
    single = seller.call("/product/create", payload=json.dumps({"Request": {"Product": product}}))
    assert single["code"] == "1001"
    assert seller.call("/product/create", payload='{"Request": {')["code"] == "5"
    assert seller.call("/product/create")["code"] == "30"


def test_create_lists_every_content_problem(seller: Lazada) -> None:
    create(seller, "MO-TAKEN")
    skus = (
        sku_xml("MO-TAKEN"),
        sku_xml("MO-SPECIAL", extra="<special_price>190000</special_price>"),
        sku_xml("MO-HEAVY").replace("<package_weight>0.7", "<package_weight>41"),
        sku_xml("MO-DECIMAL", price=0).replace("<price>0", "<price>99.5"),
    )
    reply = seller.call("/product/create", payload=product_xml("Mật ong", *skus))
    assert (reply["code"], reply["message"]) == ("500", "E500: Create product failed")
    codes = {(d["seller_sku"], d.get("code")) for d in reply["detail"]}
    assert {("MO-TAKEN", "4105"), ("MO-SPECIAL", "4157"), ("MO-HEAVY", "4164")} <= codes
    assert ("MO-DECIMAL", "4104") in codes
    assert len(seller.items()) == 1  # all or nothing
    other = seller.call(
        "/product/create", payload=product_xml("X", sku_xml("Y"), category=10000200)
    )
    assert other["code"] == "201"


def test_images_only_from_lazada(seller: Lazada) -> None:
    upload = seller.call("/image/upload", how="multipart", files={"image": ("a.png", PNG)})
    assert upload["code"] == "0", upload
    url = upload["data"]["image"]["url"]
    migrated = seller.call(
        "/image/migrate",
        payload="<Request><Image><Url>https://ocop.vn/a.jpg</Url></Image></Request>",
    )
    assert migrated["data"]["image"]["url"].endswith(".jpg")
    foreign = sku_xml("IMG-1", extra="<Images><Image>https://ocop.vn/a.jpg</Image></Images>")
    refused = seller.call("/product/create", payload=product_xml("Ảnh", foreign))
    assert refused["code"] == "500" and refused["detail"][0]["field"] == "Images"
    ours = sku_xml("IMG-1", extra=f"<Images><Image>{url}</Image></Images>")
    assert seller.call("/product/create", payload=product_xml("Ảnh", ours))["code"] == "0"


def test_images_migrate_batch(seller: Lazada) -> None:
    urls = "".join(f"<Url>https://ocop.vn/{n}.jpg</Url>" for n in range(9))
    too_many = seller.call("/images/migrate", payload=f"<Request><Images>{urls}</Images></Request>")
    assert too_many["code"] == "300"
    urls = "<Url>https://ocop.vn/1.jpg</Url><Url>https://ocop.vn:8080/2.jpg</Url>"
    batch = seller.call("/images/migrate", payload=f"<Request><Images>{urls}</Images></Request>")
    assert batch["code"] == "0" and "data" not in batch and batch["batch_id"]
    result = seller.get("/image/response/get", batch_id=batch["batch_id"])["data"]
    assert len(result["images"]) == 1 and result["errors"][0]["original_url"].endswith("2.jpg")


def test_price_quantity_partial_failure_has_detail(seller: Lazada) -> None:
    good, cheap = create(seller, "MO-GOOD"), create(seller, "MO-CHEAP")
    good_id, cheap_id = good["sku_list"][0]["sku_id"], cheap["sku_list"][0]["sku_id"]
    payload = _price_payload(
        _entry(good_id, price="200000", quantity="7"),
        _entry(999, price="1"),
        _entry(cheap_id, sale="185000"),
    )
    reply = seller.call("/product/price_quantity/update", payload=payload)
    assert (reply["type"], reply["code"]) == ("ISV", "501")
    assert [d["seller_sku"] for d in reply["detail"]] == ["999", "MO-CHEAP"]
    assert reply["detail"][1]["code"] == "4157"
    assert (seller.sku("MO-GOOD")["price"], seller.sku("MO-GOOD")["quantity"]) == (200000, 7)
    assert "special_price" not in seller.sku("MO-CHEAP")


def test_batch_of_51_is_refused_and_50_goes_through(seller: Lazada) -> None:
    skus = [{"seller_sku": f"S{n:02d}", "price": 20000, "quantity": 1} for n in range(51)]
    seeded = control(seller.base, "POST", f"/shops/{seller.seller_id}/items", {"skus": skus})
    ids = [s["sku_id"] for s in seeded.json()["skus"]]
    entries = [_entry(sku_id, quantity="5") for sku_id in ids]
    too_many = seller.call("/product/price_quantity/update", payload=_price_payload(*entries))
    assert (too_many["code"], too_many["message"]) == (
        "4171",
        "E4171: Too many SKUs in one request, at most 50",
    )
    assert seller.sku("S00")["quantity"] == 1
    fifty = seller.call("/product/price_quantity/update", payload=_price_payload(*entries[:50]))
    assert fifty["code"] == "0"
    assert [seller.sku(f"S{n:02d}")["quantity"] for n in (0, 49, 50)] == [5, 5, 1]


def test_products_get_limits_and_windows(seller: Lazada) -> None:
    assert seller.get("/products/get", limit=51)["code"] == "19"
    assert seller.get("/products/get", offset=10_001)["code"] == "14"
    assert seller.get("/products/get", filter="bogus")["code"] == "36"
    assert seller.get("/products/get", update_after="2024-01-01")["code"] == "17"
    first = create(seller, "W-1")
    control(seller.base, "POST", "/clock", {"advance": 3600})
    create(seller, "W-2")
    later = seller.get("/products/get", update_after=_iso_now(seller, -1800))["data"]
    assert [p["skus"][0]["SellerSku"] for p in later["products"]] == ["W-2"]
    entry = _entry(first["sku_list"][0]["sku_id"], quantity="9")
    control(seller.base, "POST", "/clock", {"advance": 1})
    seller.call("/product/price_quantity/update", payload=_price_payload(entry))
    later = seller.get("/products/get", update_after=_iso_now(seller, -1800))["data"]
    assert [p["skus"][0]["SellerSku"] for p in later["products"]] == ["W-2", "W-1"]
    found = seller.get("/products/get", sku_seller_list='["W-1"]', options=1)["data"]
    assert found["total_products"] == 1
    product = found["products"][0]
    assert isinstance(product["item_id"], str) and product["created_time"].isdigit()
    assert product["skus"][0]["multiWarehouseInventories"][0]["sellableQuantity"] == 9
    assert seller.get("/products/get", sku_seller_list="W-1")["code"] == "70"


def _iso_now(seller: Lazada, shift: int) -> str:
    return iso_at(seller.now_ms() // 1000 + shift)


def test_update_deactivate_remove(seller: Lazada) -> None:
    data = create(seller, "U-1")
    item_id, sku_id = data["item_id"], data["sku_list"][0]["sku_id"]
    payload = (
        f"<Request><Product><ItemId>{item_id}</ItemId><Attributes><name>Mật ong mới</name>"
        f"</Attributes><Skus><Sku><SkuId>{sku_id}</SkuId><price>199000</price></Sku></Skus>"
        "</Product></Request>"
    )
    assert seller.call("/product/update", payload=payload)["code"] == "0"
    item = seller.get("/product/item/get", item_id=item_id)["data"]
    assert item["attributes"]["name"] == "Mật ong mới" and item["skus"][0]["price"] == "199000"
    bad = payload.replace(str(sku_id), "1")
    assert seller.call("/product/update", payload=bad)["code"] == "501"
    body = f"<Request><Product><ItemId>{item_id}</ItemId></Product></Request>"
    assert seller.call("/product/deactivate", apiRequestBody=body)["code"] == "0"
    assert seller.get("/products/get", filter="inactive")["data"]["total_products"] == 1
    removal = json.dumps([f"SkuId_{item_id}_{sku_id}", "SkuId_1_2"])
    partial = seller.call("/product/remove", sku_id_list=removal)
    assert partial["code"] == "503" and partial["detail"][0]["seller_sku"] == "SkuId_1_2"
    assert seller.get("/products/get", filter="deleted")["data"]["total_products"] == 1
    assert seller.get("/products/get")["data"]["total_products"] == 0


def test_seller_centre_edit_is_drift(seller: Lazada) -> None:
    data = create(seller, "D-1")
    before = seller.items()[0]["updated_time"]
    control(seller.base, "POST", "/clock", {"advance": 5})
    edit = {"price": 170000, "quantity": 4, "name": "Mật ong (sửa tay)"}
    path = f"/shops/{seller.seller_id}/items/{data['item_id']}/edit"
    item = control(seller.base, "POST", path, edit).json()
    assert item["skus"][0]["price"] == 170000 and item["updated_time"] > before
    assert (
        seller.get("/product/item/get", item_id=data["item_id"])["data"]["skus"][0]["Available"]
        == 4
    )


def test_a_new_price_stays_above_the_special_price(seller: Lazada) -> None:
    sku_id = create(seller, "SP-1")["sku_list"][0]["sku_id"]
    update = seller.call(
        "/product/price_quantity/update", payload=_price_payload(_entry(sku_id, sale="150000"))
    )
    assert update["code"] == "0" and seller.sku("SP-1")["special_price"] == 150000
    lower = seller.call(
        "/product/price_quantity/update", payload=_price_payload(_entry(sku_id, price="140000"))
    )
    assert lower["code"] == "501" and lower["detail"][0]["code"] == "4157"
    both = _entry(sku_id, price="140000", sale="120000")
    assert (
        seller.call("/product/price_quantity/update", payload=_price_payload(both))["code"] == "0"
    )
    assert (seller.sku("SP-1")["price"], seller.sku("SP-1")["special_price"]) == (140000, 120000)
