"""Shopee mapping: pure functions, table-tested."""

from __future__ import annotations

from datetime import UTC, datetime
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
from connectors.errors import RecordError
from connectors.shopee import mapping

HONEY = VariantDraft(
    sku="MO-500",
    option="",
    price=250000,
    stock=12,
    weight_g=600,
    length_cm=10,
    width_cm=10,
    height_cm=15,
)


def draft(*variants: VariantDraft, name: str = "Mật ong rừng U Minh") -> ListingDraft:
    return ListingDraft(
        product_code="MO",
        name=name,
        description="Mật ong nguyên chất",
        category="Mật ong",
        brand=None,
        variants=variants,
    )


def test_single_variant_item() -> None:
    payload = mapping.to_shopee_item(
        draft(HONEY), category_id=100, logistics=[5, 7], image_ids=["img1"]
    )
    assert payload.tiers is None
    assert payload.item == {
        "item_name": "Mật ong rừng U Minh",
        "description": "Mật ong nguyên chất",
        "category_id": 100,
        "original_price": 250000,
        "seller_stock": [{"stock": 12}],
        "weight": 0.6,
        "image": {"image_id_list": ["img1"]},
        "logistic_info": [{"logistic_id": 5, "enabled": True}, {"logistic_id": 7, "enabled": True}],
        "item_status": "NORMAL",
        "condition": "NEW",
        "brand": {"brand_id": 0, "original_brand_name": "No brand"},
        "item_sku": "MO-500",
        "dimension": {"package_length": 10, "package_width": 10, "package_height": 15},
    }
    assert isinstance(payload.item["original_price"], int)  # integral VND (§8)


def test_multi_variant_item_has_one_tier_and_a_model_per_sku() -> None:
    small = VariantDraft(sku="TRA-100", option="Hộp 100g", price=80000, stock=5, weight_g=150)
    big = VariantDraft(
        sku="TRA-500",
        option="Hộp 500g",
        price=350000,
        stock=2,
        weight_g=550,
        length_cm=20,
        width_cm=10,
        height_cm=8,
    )
    payload = mapping.to_shopee_item(
        draft(small, big, name="Trà Shan Tuyết"), category_id=1, logistics=[5], image_ids=[]
    )
    # Until init_tier_variation runs, the item is the first variant alone: a create cut short
    # there leaves a listing the next pull can bind by SKU.
    assert payload.item["item_sku"] == "TRA-100"
    assert payload.item["original_price"] == 80000
    assert payload.item["seller_stock"] == [{"stock": 5}]
    assert payload.item["weight"] == 0.55
    assert payload.item["dimension"] == {
        "package_length": 20,
        "package_width": 10,
        "package_height": 8,
    }
    assert payload.tiers == {
        "tier_variation": [
            {"name": "Quy cách", "option_list": [{"option": "Hộp 100g"}, {"option": "Hộp 500g"}]}
        ],
        "model": [
            {
                "tier_index": [0],
                "model_sku": "TRA-100",
                "original_price": 80000,
                "seller_stock": [{"stock": 5}],
            },
            {
                "tier_index": [1],
                "model_sku": "TRA-500",
                "original_price": 350000,
                "seller_stock": [{"stock": 2}],
            },
        ],
    }


def test_option_labels_are_unique_and_never_empty() -> None:
    a = VariantDraft(sku="A", option="Túi", price=1000, stock=1, weight_g=1)
    b = VariantDraft(sku="B", option="Túi", price=1000, stock=1, weight_g=1)
    c = VariantDraft(sku="C", option=" ", price=1000, stock=1, weight_g=1)
    assert mapping._option_labels([a, b, c]) == ["Túi", "Túi (B)", "C"]


@pytest.mark.parametrize(
    ("variants", "code"),
    [
        ((), "no_variants"),
        ((VariantDraft(sku="X", option="", price=1000, stock=1),), "missing_weight"),
    ],
)
def test_drafts_shopee_cannot_take_are_record_errors(
    variants: tuple[VariantDraft, ...], code: str
) -> None:
    with pytest.raises(RecordError) as caught:
        mapping.to_shopee_item(draft(*variants), category_id=1, logistics=[1], image_ids=[])
    assert caught.value.code == code


def raw_item(status: str = "NORMAL", **extra: Any) -> dict[str, Any]:
    return {
        "item_id": 800,
        "item_name": "Mật ong",
        "item_sku": "MO-500",
        "item_status": status,
        "update_time": 1_700_000_000,
        "has_model": False,
        "price_info": [{"currency": "VND", "original_price": 250000.0, "current_price": 240000}],
        "stock_info_v2": {
            "summary_info": {"total_available_stock": 9},
            "seller_stock": [
                {"stock": 7},
                {"location_id": "W2", "stock": 5},
                {"stock": 100, "if_saleable": False},
            ],
        },
        **extra,
    }


@pytest.mark.parametrize(
    ("raw_status", "status"),
    [
        ("NORMAL", ListingStatus.LIVE),
        ("UNLIST", ListingStatus.INACTIVE),
        ("REVIEWING", ListingStatus.PENDING),
        ("BANNED", ListingStatus.BANNED),
        ("SHOPEE_DELETE", ListingStatus.BANNED),
        ("SELLER_DELETE", ListingStatus.DELETED),
    ],
)
def test_item_without_models(raw_status: str, status: ListingStatus) -> None:
    [listing] = mapping.from_shopee_item(raw_item(raw_status))
    assert (listing.sku, listing.listing_id, listing.variant_id) == ("MO-500", "800", "")
    assert listing.price == 250000 and isinstance(listing.price, int)
    assert listing.stock == 12  # saleable seller_stock summed over locations
    assert (listing.status, listing.raw_status) == (status, raw_status)
    assert listing.updated_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert listing.name == "Mật ong"


def test_item_with_models_gives_one_listing_per_model_sku() -> None:
    item = raw_item(has_model=True, item_sku="TRA")
    del item["price_info"]  # omitted when the item has models (§4)
    models = [
        {
            "model_id": 11,
            "model_sku": "TRA-100",
            "model_status": "MODEL_NORMAL",
            "price_info": [{"original_price": 80000}],
            "stock_info_v2": {"seller_stock": [{"stock": 5}]},
        },
        {
            "model_id": 12,
            "model_sku": "TRA-500",
            "model_status": "MODEL_UNAVAILABLE",
            "price_info": [{"original_price": 350000}],
            "stock_info_v2": {"seller_stock": [{"stock": 0}]},
        },
        {"model_id": 13, "model_sku": "", "price_info": [{"original_price": 1}]},
    ]
    listings = mapping.from_shopee_item(item, models)
    assert [(x.sku, x.listing_id, x.variant_id, x.price, x.stock, x.status) for x in listings] == [
        ("TRA-100", "800", "11", 80000, 5, ListingStatus.LIVE),
        ("TRA-500", "800", "12", 350000, 0, ListingStatus.INACTIVE),
    ]
    assert listings[1].raw_status == "MODEL_UNAVAILABLE"


def test_an_item_without_sku_is_left_out() -> None:
    assert mapping.from_shopee_item(raw_item(item_sku="")) == []


ORDER = {
    "order_sn": "220810QSK8S7BX",
    "order_status": "READY_TO_SHIP",
    "currency": "VND",
    "create_time": 1_700_000_000,
    "update_time": 1_700_000_600,
    "total_amount": 512000.0,
    "buyer_username": "hoa.nguyen",
    "item_list": [
        {
            "item_id": 800,
            "item_name": "Mật ong",
            "item_sku": "MO-500",
            "model_id": 0,
            "model_sku": "",
            "model_quantity_purchased": 2,
            "model_original_price": 250000,
            "model_discounted_price": 240000,
        },
        {
            "item_id": 801,
            "item_name": "Trà",
            "item_sku": "TRA",
            "model_id": 12,
            "model_sku": "TRA-100",
            "model_quantity_purchased": 1,
            "model_original_price": 80000.0,
        },
    ],
}


def test_order() -> None:
    order = mapping.from_shopee_order(ORDER)
    assert order.order_id == "220810QSK8S7BX"
    assert (order.status, order.raw_status) == (OrderStatus.TO_SHIP, "READY_TO_SHIP")
    assert order.created_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert order.updated_at == datetime(2023, 11, 14, 22, 23, 20, tzinfo=UTC)
    assert (order.total, order.currency, order.buyer) == (512000, "VND", "hoa.nguyen")
    first, second = order.lines
    assert (first.sku, first.qty, first.unit_price, first.paid_price) == (
        "MO-500",
        2,
        250000,
        240000,
    )
    assert (first.listing_id, first.variant_id) == ("800", "")
    assert (second.sku, second.variant_id, second.paid_price) == ("TRA-100", "12", 80000)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("UNPAID", OrderStatus.PENDING_PAYMENT),
        ("READY_TO_SHIP", OrderStatus.TO_SHIP),
        ("PROCESSED", OrderStatus.TO_SHIP),
        ("RETRY_SHIP", OrderStatus.TO_SHIP),
        ("SHIPPED", OrderStatus.SHIPPING),
        ("TO_CONFIRM_RECEIVE", OrderStatus.DELIVERED),
        ("IN_CANCEL", OrderStatus.CANCEL_REQUESTED),
        ("CANCELLED", OrderStatus.CANCELLED),
        ("TO_RETURN", OrderStatus.RETURNED),
        ("COMPLETED", OrderStatus.COMPLETED),
        ("INVOICE_PENDING", OrderStatus.PENDING_PAYMENT),
        ("SOMETHING_NEW", OrderStatus.PENDING_PAYMENT),
    ],
)
def test_order_status(raw: str, status: OrderStatus) -> None:
    order = mapping.from_shopee_order({**ORDER, "order_status": raw})
    assert (order.status, order.raw_status) == (status, raw)


def test_price_and_stock_payloads() -> None:
    assert mapping.price_payload("800", [("", 250000)]) == {
        "item_id": 800,
        "price_list": [{"model_id": 0, "original_price": 250000}],
    }
    assert mapping.stock_payload("801", [("11", 5), ("12", 0)]) == {
        "item_id": 801,
        "stock_list": [
            {"model_id": 11, "seller_stock": [{"stock": 5}]},
            {"model_id": 12, "seller_stock": [{"stock": 0}]},
        ],
    }


def test_content_and_unlist_payloads() -> None:
    update = ContentUpdate(
        ListingRef("MO-500", "800"), name="Mật ong", description="Ngon", weight_g=700
    )
    assert mapping.content_payload(update) == {
        "item_id": 800,
        "item_name": "Mật ong",
        "description": "Ngon",
        "weight": 0.7,
    }
    assert mapping.unlist_payload([("800", False), ("801", True)]) == {
        "item_list": [{"item_id": 800, "unlist": True}, {"item_id": 801, "unlist": False}]
    }


def test_failures_by_id() -> None:
    data = {
        "success_list": [{"model_id": 11}],
        "failure_list": [
            {"model_id": 12, "failed_reason": "price out of range"},
            {"failed_reason": "no model"},
        ],
    }
    assert mapping.failures(data, "model_id") == {"12": "price out of range", "0": "no model"}


CATEGORIES = [
    {
        "category_id": 1,
        "original_category_name": "Food",
        "display_category_name": "Thực phẩm",
        "has_children": True,
    },
    {
        "category_id": 2,
        "original_category_name": "Honey",
        "display_category_name": "Mật ong",
        "has_children": False,
    },
    {
        "category_id": 3,
        "original_category_name": "Tea",
        "display_category_name": "Trà",
        "has_children": False,
    },
]


@pytest.mark.parametrize(
    ("name", "default", "expected"),
    [
        ("Mật ong", None, 2),
        ("MẬT ONG", None, 2),
        ("Ma\u0302\u0323t ong", None, 2),  # decomposed (NFD) input
        ("honey", None, 2),
        ("Rượu", "3", 3),
        ("Rượu", None, 2),
    ],
)
def test_pick_category(name: str, default: str | None, expected: int) -> None:
    assert mapping.pick_category(CATEGORIES, name, default=default) == expected


def test_no_category_at_all() -> None:
    with pytest.raises(RecordError):
        mapping.pick_category([], "Mật ong")


@pytest.mark.parametrize(
    ("payload", "kind", "remote"),
    [
        (
            {"shop_id": 7, "code": 3, "data": {"ordersn": "SN1", "status": "PROCESSED"}},
            "order",
            "SN1",
        ),
        ({"shop_id": 7, "code": 8, "data": {"item_id": 800, "model_id": 11}}, "listing", "800"),
        ({"code": 12, "data": {}}, "auth", ""),
        ({"shop_id": 7, "code": 5, "data": {}}, "other", ""),
    ],
)
def test_push_events(payload: dict[str, Any], kind: str, remote: str) -> None:
    event = mapping.from_shopee_push(payload)
    assert (event.kind, event.remote_id) == (kind, remote)
    assert event.shop_id == ("7" if "shop_id" in payload else "")


def _v(sku: str, price: int, option: str = "") -> VariantDraft:
    return VariantDraft(sku=sku, option=option or sku, price=price, stock=1, weight_g=100)


@pytest.mark.parametrize(
    ("prices", "groups"),
    [
        ([85000, 480000], [["A"], ["B"]]),  # a bottle and a carton of six: 5.6x
        ([100000, 500000], [["A", "B"]]),  # exactly 5x is allowed
        ([300000, 100000, 900000], [["A", "B"], ["C"]]),  # 100k..500k, then 900k
        ([100000], [["A"]]),
    ],
)
def test_variants_split_to_keep_the_price_spread(
    prices: list[int], groups: list[list[str]]
) -> None:
    skus = "ABC"[: len(prices)]
    product = draft(*(_v(s, p) for s, p in zip(skus, prices, strict=True)))
    parts = mapping.split_by_price_spread(product)
    assert sorted([v.sku for v in part.variants] for part in parts) == sorted(groups)
    for part in parts:
        top = max(v.price for v in part.variants)
        assert top <= 5 * min(v.price for v in part.variants)


def test_a_split_off_single_variant_is_named_after_its_option() -> None:
    product = draft(_v("NM-500", 85000, "Chai 500ml"), _v("NM-6C", 480000, "Thùng 6 chai"))
    parts = mapping.split_by_price_spread(product)
    assert [p.name for p in parts] == [
        "Mật ong rừng U Minh - Chai 500ml",
        "Mật ong rừng U Minh - Thùng 6 chai",
    ]
