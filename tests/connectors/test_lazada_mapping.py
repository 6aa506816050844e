"""Lazada mapping tables: our drafts ↔ product/SKU payloads, listings, orders, pushes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from typing import Any

import pytest

from connectors.base import (
    ContentUpdate,
    ListingDraft,
    ListingRef,
    ListingStatus,
    OrderStatus,
    VariantDraft,
)
from connectors.errors import ProtocolError, RecordError
from connectors.lazada import mapping
from connectors.lazada.mapping import SkuWrite, SpecialPrice


def _draft(name: str = "Mật ong rừng U Minh", variants: int = 1) -> ListingDraft:
    return ListingDraft(
        product_code="MO",
        name=name,
        description="Mật ong nguyên chất",
        category="Mật ong",
        brand=None,
        variants=tuple(
            VariantDraft(
                sku=f"MO-{v}",
                option=f"Chai {250 * (v + 1)}ml",
                price=250_000 + 10_000 * v,
                stock=10,
                weight_g=600,
                length_cm=10,
                width_cm=10,
                height_cm=15,
            )
            for v in range(variants)
        ),
    )


def _product(xml: str) -> ET.Element:
    root = ET.fromstring(xml)  # noqa: S314 (our own payload)
    assert root.tag == "Request"
    product = root.find("Product")
    assert product is not None
    return product


def test_a_single_variant_product_payload() -> None:
    xml = mapping.to_lazada_product(_draft(), category_id=10000211, image_urls=["https://img/1"])
    product = _product(xml)
    assert product.findtext("PrimaryCategory") == "10000211"
    assert [i.text for i in product.iter("Image")] == ["https://img/1"]
    assert product.findtext("Attributes/name") == "Mật ong rừng U Minh"
    assert product.findtext("Attributes/brand") == "No Brand"
    [sku] = product.iter("Sku")
    assert {child.tag: child.text for child in sku} == {
        "SellerSku": "MO-0",
        "quantity": "10",
        "price": "250000",  # whole đồng, no decimals (§8)
        "package_weight": "0.6",  # kg
        "package_length": "10",
        "package_width": "10",
        "package_height": "15",
    }


def test_variants_are_skus_of_one_product_with_their_sale_property() -> None:
    product = _product(mapping.to_lazada_product(_draft(variants=3), category_id=1, image_urls=[]))
    skus = list(product.iter("Sku"))
    assert [s.findtext("SellerSku") for s in skus] == ["MO-0", "MO-1", "MO-2"]
    assert [s.findtext("saleProp/size") for s in skus] == ["Chai 250ml", "Chai 500ml", "Chai 750ml"]
    assert product.find("Images") is None  # no empty element: an empty node is not "none"


def test_joining_an_existing_product_names_the_associated_sku() -> None:
    draft = _draft(variants=3)
    part = ListingDraft(**{**draft.__dict__, "variants": draft.variants[1:]})
    xml = mapping.to_lazada_product(
        part, category_id=1, image_urls=[], associated_sku="MO-0", grouped=True
    )
    product = _product(xml)
    assert product.findtext("AssociatedSku") == "MO-0"
    assert [s.findtext("saleProp/size") for s in product.iter("Sku")] == [
        "Chai 500ml",
        "Chai 750ml",
    ]


def test_a_vietnamese_name_with_an_ampersand_is_escaped() -> None:
    name = 'Mật ong & Phấn hoa <Tây Nguyên> "OCOP"'
    xml = mapping.to_lazada_product(_draft(name), category_id=1, image_urls=[])
    assert '<name>Mật ong &amp; Phấn hoa &lt;Tây Nguyên&gt; "OCOP"</name>' in xml
    assert _product(xml).findtext("Attributes/name") == name  # round-trips exactly
    assert "<?xml" not in xml  # the exact string signed is the one sent


def test_a_product_without_weight_is_refused_before_any_call() -> None:
    draft = _draft()
    light = ListingDraft(
        **{**draft.__dict__, "variants": (VariantDraft("X", "", 1000, 1, weight_g=None),)}
    )
    with pytest.raises(RecordError, match="weight"):
        mapping.to_lazada_product(light, category_id=1, image_urls=[])


def test_price_quantity_payload_leaves_out_what_does_not_change() -> None:
    xml = mapping.price_quantity_payload([SkuWrite("1", "2", "MO-0", price=150_000)])
    assert xml == (
        "<Request><Product><Skus><Sku><ItemId>1</ItemId><SkuId>2</SkuId>"
        "<SellerSku>MO-0</SellerSku><Price>150000</Price></Sku></Skus></Product></Request>"
    )


def test_a_special_price_travels_only_with_its_window() -> None:
    special = SpecialPrice(129_000, date(2026, 12, 1), date(2026, 12, 31))
    xml = mapping.price_quantity_payload(
        [SkuWrite("100200300", "400500600", "OCOP-TRA-01", 150_000, 25, special)]
    )
    sku = ET.fromstring(xml).find("Product/Skus/Sku")  # noqa: S314 (our own payload)
    assert sku is not None
    assert [(c.tag, c.text) for c in sku][3:] == [
        ("Price", "150000"),
        ("SalePrice", "129000"),
        ("SaleStartDate", "2026-12-01"),
        ("SaleEndDate", "2026-12-31"),
        ("Quantity", "25"),
    ]


@pytest.mark.parametrize(
    ("special", "code"),
    [
        (SpecialPrice(150_000, date(2026, 12, 1), date(2026, 12, 31)), "4157"),  # not below
        (SpecialPrice(120_000, date(2026, 12, 31), date(2026, 12, 1)), "4117"),  # from > to
    ],
)
def test_a_special_price_that_lazada_would_refuse_is_refused_here(
    special: SpecialPrice, code: str
) -> None:
    with pytest.raises(RecordError) as refused:
        mapping.price_quantity_payload([SkuWrite("1", "2", "S", 150_000, None, special)])
    assert refused.value.code == code


def test_sellable_payload() -> None:
    xml = mapping.sellable_payload([SkuWrite("1", "2", "S", quantity=-3)])
    assert "<SellableQuantity>0</SellableQuantity>" in xml  # never negative


def test_content_and_status_payloads() -> None:
    update = ContentUpdate(ListingRef("S", "11", "22"), "Trà & bánh", "Mô tả", weight_g=1250)
    product = _product(mapping.content_payload(update))
    assert product.findtext("ItemId") == "11"
    assert product.findtext("Attributes/name") == "Trà & bánh"
    assert product.findtext("Skus/Sku/package_weight") == "1.25"
    off = _product(mapping.status_payload("11", ["22", "23"], active=False))
    assert [s.findtext("SkuId") for s in off.iter("Sku")] == ["22", "23"]
    assert off.find("Skus/Sku/Status") is None
    on = _product(mapping.status_payload("11", ["22"], active=True))
    assert on.findtext("Skus/Sku/Status") == "active"


PRODUCT: dict[str, Any] = {
    "item_id": 2100000001,
    "status": "Active",
    "updated_time": "1700000000000",
    "attributes": {"name": "Mật ong"},
    "skus": [
        {"SkuId": 11, "SellerSku": "A", "price": "150000.00", "quantity": 9, "Available": 7},
        {"SkuId": "12", "SellerSku": "B", "price": 90000, "quantity": "5", "Status": "inactive"},
        {"SkuId": 13, "SellerSku": "", "price": 1, "quantity": 1},
    ],
}


def test_listings_from_a_product() -> None:
    a, b = mapping.from_lazada_product(PRODUCT)
    assert (a.sku, a.listing_id, a.variant_id, a.price, a.stock) == (
        "A",
        "2100000001",
        "11",
        150_000,
        7,  # sellable, not the total quantity
    )
    assert (a.status, a.raw_status, a.name) == (ListingStatus.LIVE, "Active", "Mật ong")
    assert a.updated_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert (b.variant_id, b.stock, b.status, b.raw_status) == (
        "12",
        5,
        ListingStatus.INACTIVE,
        "inactive",
    )


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("Active", ListingStatus.LIVE),
        ("live", ListingStatus.LIVE),
        ("InActive", ListingStatus.INACTIVE),
        ("Pending QC", ListingStatus.PENDING),
        ("rejected", ListingStatus.BANNED),
        ("Deleted", ListingStatus.DELETED),
        ("something new", ListingStatus.INACTIVE),
    ],
)
def test_product_statuses_keep_the_raw_one(raw: str, status: ListingStatus) -> None:
    [listing] = mapping.from_lazada_product({**PRODUCT, "status": raw, "skus": PRODUCT["skus"][:1]})
    assert (listing.status, listing.raw_status) == (status, raw)


@pytest.mark.parametrize(
    ("statuses", "status", "raw"),
    [
        (["unpaid"], OrderStatus.PENDING_PAYMENT, "unpaid"),
        (["pending"], OrderStatus.TO_SHIP, "pending"),
        (["ready_to_ship", "packed"], OrderStatus.TO_SHIP, "packed,ready_to_ship"),
        (["shipped"], OrderStatus.SHIPPING, "shipped"),
        (["delivered"], OrderStatus.DELIVERED, "delivered"),
        (["canceled"], OrderStatus.CANCELLED, "canceled"),
        (["canceled", "pending"], OrderStatus.TO_SHIP, "canceled,pending"),
        (["returned"], OrderStatus.RETURNED, "returned"),
        (["failed_delivery"], OrderStatus.RETURNED, "failed_delivery"),
        (["lost_by_3pl"], OrderStatus.COMPLETED, "lost_by_3pl"),
        (["brand_new_status"], OrderStatus.TO_SHIP, "brand_new_status"),  # stays reserved
    ],
)
def test_order_statuses_map_to_ours_with_the_raw_kept(
    statuses: list[str], status: OrderStatus, raw: str
) -> None:
    assert mapping.order_status(statuses) == (status, raw)


def test_an_order_with_its_item_rows() -> None:
    raw = {
        "order_id": 360000000000001,
        "created_at": "2026-12-01T09:30:00+07:00",
        "updated_at": "2026-12-01T10:00:00+07:00",
        "price": "500000.00",
        "shipping_fee": "30000",
        "voucher": "20000",
        "statuses": ["pending"],
        "customer_first_name": "Nguyễn Văn A",
    }
    row = {"sku": "MO-0", "item_price": "250000.00", "paid_price": "240000.00", "status": "pending"}
    rows = [{**row, "order_item_id": 1, "sku_id": 11, "product_id": 2}, {**row, "order_item_id": 2}]
    order = mapping.from_lazada_order(raw, rows)
    assert order.order_id == "360000000000001"
    assert (order.status, order.raw_status, order.total, order.buyer) == (
        OrderStatus.TO_SHIP,
        "pending",
        510_000,
        "Nguyễn Văn A",
    )
    assert order.created_at == datetime(2026, 12, 1, 2, 30, tzinfo=UTC)
    [line] = order.lines
    assert (line.sku, line.qty, line.unit_price, line.paid_price) == ("MO-0", 2, 250_000, 240_000)
    assert (line.listing_id, line.variant_id) == ("2", "11")


@pytest.mark.parametrize("value", ["2026-12-01T09:30:00+0700", "1796092200000", 1796092200000])
def test_times_parse_from_iso_or_epoch_ms(value: object) -> None:
    assert mapping.parse_time(value) == datetime(2026, 12, 1, 2, 30, tzinfo=UTC)


def test_a_time_without_offset_is_unreadable() -> None:
    with pytest.raises(ProtocolError):
        mapping.parse_time("2026-12-01T09:30:00")


def test_category_pick() -> None:
    tree = [
        {
            "category_id": 1,
            "name": "Thực phẩm",
            "leaf": False,
            "children": [
                {"category_id": 11, "name": "Trà", "leaf": True},
                {"category_id": 12, "name": "Mật Ong", "leaf": True},
            ],
        }
    ]
    assert mapping.pick_category(tree, "mật ong") == "12"
    assert mapping.pick_category(tree, "Cà phê", default="99") == "99"
    assert mapping.pick_category(tree, "Cà phê") == "11"


def test_failures_from_detail() -> None:
    detail = [
        {"field": "Price", "message": "E4119 out of range", "seller_sku": "A"},
        {"message": "bad"},
    ]
    assert mapping.failures(detail) == {"A": "Price: E4119 out of range", "": "bad"}


@pytest.mark.parametrize(
    ("message_type", "data", "kind", "remote"),
    [
        (0, {"trade_order_id": "260422900198363"}, "order", "260422900198363"),
        (1, {"itemId": 5, "status": "APPROVED"}, "listing", "5"),
        (3, {"item_id": 6}, "listing", "6"),
        (8, {"app_key": "123456"}, "auth", ""),
        (99, {}, "other", ""),
    ],
)
def test_push_events(message_type: int, data: dict[str, Any], kind: str, remote: str) -> None:
    payload = {"seller_id": "1234567", "message_type": message_type, "data": data}
    event = mapping.from_lazada_push(payload)
    assert (event.kind, event.shop_id, event.remote_id) == (kind, "1234567", remote)


@pytest.mark.parametrize(
    ("brand", "registered", "sent"),
    [
        (None, (), "No Brand"),
        ("Trà Vinh FARM", (), "No Brand"),  # not on Lazada's list: refused there as 4157
        ("Trà Vinh FARM", ("tra vinh farm",), "No Brand"),  # diacritics matter in a brand name
        ("Trà Vinh FARM", ("Trà Vinh FARM ",), "Trà Vinh FARM"),
        ("Tra\u0300 Vinh FARM", ("Trà Vinh FARM",), "Trà Vinh FARM"),  # NFD in the sheet
        ("khải hoàn", ("Khải Hoàn",), "Khải Hoàn"),
    ],
)
def test_only_brands_registered_on_the_channel_are_sent(
    brand: str | None, registered: tuple[str, ...], sent: str
) -> None:
    assert mapping.lazada_brand(brand, registered) == sent
