"""Shopee field names and units ↔ our types. Pure functions, no I/O.

Units (platform notes §4, §8): prices are whole VND sent as JSON numbers; weight is kg (we keep
grams); dimensions are whole cm; stock is `seller_stock[]` (`normal_stock` went offline in 2022).
One Shopee item holds all the variants of one of our products as models under a single tier
named "Quy cách"; a single-variant product is an item without models.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from connectors.base import (
    ContentUpdate,
    ListingDraft,
    ListingStatus,
    OrderLine,
    OrderStatus,
    RemoteListing,
    RemoteOrder,
    VariantDraft,
    WebhookEvent,
)
from connectors.errors import ProtocolError, RecordError

VARIATION_NAME = "Quy cách"  # "specification": the one tier our variants hang under
PRICE_SPREAD_MAX = 5  # VN: an item's dearest model may cost at most 5x its cheapest (§8)

ITEM_STATUS: Mapping[str, ListingStatus] = {
    "NORMAL": ListingStatus.LIVE,
    "UNLIST": ListingStatus.INACTIVE,
    "REVIEWING": ListingStatus.PENDING,
    "BANNED": ListingStatus.BANNED,
    "SHOPEE_DELETE": ListingStatus.BANNED,
    "SELLER_DELETE": ListingStatus.DELETED,
}
LISTED_STATUSES = ("NORMAL", "UNLIST", "REVIEWING", "BANNED")  # what iter_listings asks for

ORDER_STATUS: Mapping[str, OrderStatus] = {
    "UNPAID": OrderStatus.PENDING_PAYMENT,
    "PENDING": OrderStatus.PENDING_PAYMENT,
    "INVOICE_PENDING": OrderStatus.PENDING_PAYMENT,
    "READY_TO_SHIP": OrderStatus.TO_SHIP,
    "PROCESSED": OrderStatus.TO_SHIP,
    "RETRY_SHIP": OrderStatus.TO_SHIP,
    "IN_CANCEL": OrderStatus.CANCEL_REQUESTED,
    "SHIPPED": OrderStatus.SHIPPING,
    "TO_CONFIRM_RECEIVE": OrderStatus.DELIVERED,
    "COMPLETED": OrderStatus.COMPLETED,
    "CANCELLED": OrderStatus.CANCELLED,
    "TO_RETURN": OrderStatus.RETURNED,
}
# What an order detail must carry for us (§5: none of these come by default).
ORDER_FIELDS = ("buyer_username", "item_list", "total_amount", "pay_time")


def _utc(epoch: object) -> datetime:
    if not isinstance(epoch, int | float) or isinstance(epoch, bool):
        raise ProtocolError(f"expected unix seconds, got {type(epoch).__name__}", platform="shopee")
    return datetime.fromtimestamp(epoch, UTC)


def _vnd(value: object) -> int:
    """Whole VND from a JSON number (Shopee sends floats such as 150000.0)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ProtocolError(f"expected an amount, got {type(value).__name__}", platform="shopee")
    return round(value)


# -- create -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemPayload:
    item: dict[str, Any]  # the add_item body
    tiers: dict[str, Any] | None  # the init_tier_variation body, less item_id; None: no models


def split_by_price_spread(draft: ListingDraft) -> list[ListingDraft]:
    """The draft as one or more Shopee items, each within the VN price spread (§8).

    A bottle and a carton of six cannot be models of one item when the carton costs more than
    5x the bottle: the dearer variants go to an item of their own, named after their option."""
    groups: list[list[VariantDraft]] = []
    for variant in sorted(draft.variants, key=lambda v: v.price):
        if groups and variant.price <= groups[-1][0].price * PRICE_SPREAD_MAX:
            groups[-1].append(variant)
        else:
            groups.append([variant])
    if len(groups) <= 1:
        return [draft]
    parts = []
    for group in groups:
        skus = {v.sku for v in group}
        members = tuple(v for v in draft.variants if v.sku in skus)  # the draft's order
        alone = members[0].option.strip() if len(members) == 1 else ""
        name = f"{draft.name} - {alone}" if alone else draft.name
        parts.append(replace(draft, name=name, variants=members))
    return parts


def to_shopee_item(
    draft: ListingDraft,
    *,
    category_id: int,
    logistics: Sequence[int],
    image_ids: Sequence[str],
) -> ItemPayload:
    """The add_item body, and for several variants the init_tier_variation body that follows.

    Until the models exist the item stands for the first variant alone (its SKU, price and
    stock), so a create cut short between the two calls leaves a correct single-SKU listing
    that the next pull binds, rather than a stray item under no SKU of ours."""
    variants = draft.variants
    if not variants:
        raise RecordError(f"{draft.product_code}: no variants to list", code="no_variants")
    first = variants[0]
    item: dict[str, Any] = {
        "item_name": draft.name,
        "description": draft.description,
        "category_id": int(category_id),
        "original_price": first.price,
        "seller_stock": [{"stock": first.stock}],
        "weight": _weight_kg(draft),
        "image": {"image_id_list": list(image_ids)},
        "logistic_info": [{"logistic_id": int(i), "enabled": True} for i in logistics],
        "item_status": "NORMAL",
        "condition": "NEW",
        "brand": {"brand_id": 0, "original_brand_name": draft.brand or "No brand"},
        "item_sku": first.sku,
    }
    dimension = _dimension(variants)
    if dimension is not None:
        item["dimension"] = dimension
    return ItemPayload(item, to_shopee_tiers(variants) if len(variants) > 1 else None)


def to_shopee_tiers(variants: Sequence[VariantDraft]) -> dict[str, Any]:
    """One tier, one option per variant, one model per option (init_tier_variation)."""
    options = _option_labels(variants)
    return {
        "tier_variation": [
            {"name": VARIATION_NAME, "option_list": [{"option": o} for o in options]}
        ],
        "model": [
            {
                "tier_index": [index],
                "model_sku": v.sku,
                "original_price": v.price,
                "seller_stock": [{"stock": v.stock}],
            }
            for index, v in enumerate(variants)
        ],
    }


def _option_labels(variants: Sequence[VariantDraft]) -> list[str]:
    """Each variant's label, unique (Shopee refuses duplicate option names)."""
    labels: list[str] = []
    for v in variants:
        label = v.option.strip() or v.sku
        labels.append(label if label not in labels else f"{label} ({v.sku})")
    return labels


def _weight_kg(draft: ListingDraft) -> float:
    weights = [v.weight_g for v in draft.variants if v.weight_g]
    if not weights:
        raise RecordError(f"{draft.product_code}: Shopee needs a weight", code="missing_weight")
    return max(weights) / 1000  # the parcel must fit the heaviest variant


def _dimension(variants: Sequence[VariantDraft]) -> dict[str, int] | None:
    sizes = [
        (v.length_cm, v.width_cm, v.height_cm)
        for v in variants
        if v.length_cm and v.width_cm and v.height_cm
    ]
    if not sizes:
        return None
    length, width, height = (max(axis) for axis in zip(*sizes, strict=True))
    return {"package_length": length, "package_width": width, "package_height": height}


def model_ids_by_sku(models: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    return {str(m.get("model_sku") or ""): str(m["model_id"]) for m in models if "model_id" in m}


def _norm(text: object) -> str:
    return unicodedata.normalize("NFC", str(text or "")).casefold().strip()


def pick_category(
    categories: Sequence[Mapping[str, Any]], name: str, *, default: str | int | None = None
) -> int:
    """Our category name matched (NFC, casefold) against get_category's names, leaves first;
    else the configured default; else the first leaf."""
    wanted = _norm(name)
    keys = ("display_category_name", "original_category_name")
    matches = [c for c in categories if wanted and wanted in {_norm(c.get(k)) for k in keys}]
    matches.sort(key=lambda c: bool(c.get("has_children")))
    if matches:
        return int(matches[0]["category_id"])
    if default:
        return int(default)
    leaves = [c for c in categories if not c.get("has_children")]
    if leaves:
        return int(leaves[0]["category_id"])
    raise RecordError(f"no Shopee category for {name!r}", code="no_category", platform="shopee")


# -- read listings --------------------------------------------------------------------------


def _price(raw: Mapping[str, Any]) -> int | None:
    infos = raw.get("price_info") or []
    if not infos:
        return None
    return _vnd(infos[0].get("original_price"))


def _stock(raw: Mapping[str, Any]) -> int | None:
    info = raw.get("stock_info_v2")
    if not isinstance(info, Mapping):
        return None
    entries = info.get("seller_stock") or []
    return sum(int(e.get("stock") or 0) for e in entries if e.get("if_saleable", True) is not False)


def from_shopee_item(
    raw_item: Mapping[str, Any], models: Sequence[Mapping[str, Any]] = ()
) -> list[RemoteListing]:
    """One RemoteListing per seller SKU: the item itself, or each of its models.

    Entries without a seller SKU are left out: we can bind nothing to them."""
    raw_status = str(raw_item.get("item_status") or "")
    status = ITEM_STATUS.get(raw_status, ListingStatus.INACTIVE)
    if not models:
        listing = _listing(raw_item, raw_item, "item_sku", status, raw_status)
        return [listing] if listing.sku else []
    listings = []
    for model in models:
        if model.get("model_status") == "MODEL_UNAVAILABLE":
            off = ListingStatus.INACTIVE if status is ListingStatus.LIVE else status
            listings.append(_listing(raw_item, model, "model_sku", off, "MODEL_UNAVAILABLE"))
        else:
            listings.append(_listing(raw_item, model, "model_sku", status, raw_status))
    return [listing for listing in listings if listing.sku]


def _listing(
    item: Mapping[str, Any],
    entry: Mapping[str, Any],
    sku_key: str,
    status: ListingStatus,
    raw_status: str,
) -> RemoteListing:
    return RemoteListing(
        sku=str(entry.get(sku_key) or ""),
        listing_id=str(item["item_id"]),
        variant_id=str(entry["model_id"]) if entry is not item else "",
        price=_price(entry),
        stock=_stock(entry),
        status=status,
        raw_status=raw_status,
        updated_at=_utc(item.get("update_time")),
        name=item.get("item_name"),
    )


# -- read orders ----------------------------------------------------------------------------


def from_shopee_order(raw: Mapping[str, Any]) -> RemoteOrder:
    raw_status = str(raw.get("order_status") or "")
    lines = tuple(_order_line(line) for line in raw.get("item_list") or [])
    return RemoteOrder(
        order_id=str(raw["order_sn"]),
        # An unknown status keeps the goods reserved until we learn what it means.
        status=ORDER_STATUS.get(raw_status, OrderStatus.PENDING_PAYMENT),
        raw_status=raw_status,
        created_at=_utc(raw.get("create_time")),
        updated_at=_utc(raw.get("update_time")),
        lines=lines,
        total=_vnd(raw.get("total_amount", 0)),
        currency=str(raw.get("currency") or "VND"),
        buyer=str(raw.get("buyer_username") or ""),
    )


def _order_line(line: Mapping[str, Any]) -> OrderLine:
    unit = _vnd(line.get("model_original_price", 0))
    paid = line.get("model_discounted_price")
    model_id = line.get("model_id") or 0
    return OrderLine(
        sku=str(line.get("model_sku") or line.get("item_sku") or ""),
        qty=int(line.get("model_quantity_purchased") or 0),
        unit_price=unit,
        paid_price=unit if paid is None else _vnd(paid),
        listing_id=str(line.get("item_id") or ""),
        variant_id=str(model_id) if model_id else "",
        name=str(line.get("item_name") or ""),
    )


# -- push ---------------------------------------------------------------------------------

PUSH_KINDS: Mapping[int, str] = {3: "order", 8: "listing", 1: "auth", 2: "auth", 12: "auth"}


def from_shopee_push(payload: Mapping[str, Any]) -> WebhookEvent:
    """A verified push (§7) as an event; it only says what changed: re-fetch to learn more."""
    data = payload.get("data")
    data = data if isinstance(data, Mapping) else {}
    code = payload.get("code")
    kind = PUSH_KINDS.get(code, "other") if isinstance(code, int) else "other"
    # Order pushes spell the id `ordersn`, the API `order_sn`.
    remote = data.get("ordersn") or data.get("order_sn") if kind == "order" else data.get("item_id")
    return WebhookEvent(
        kind=kind,
        shop_id=str(payload.get("shop_id") or ""),
        remote_id=str(remote or ""),
        raw=dict(payload),
    )


# -- updates --------------------------------------------------------------------------------


def _model_id(variant_id: str) -> int:
    return int(variant_id) if variant_id else 0  # 0: an item without models (§4 update_price)


def price_payload(item_id: str, entries: Sequence[tuple[str, int]]) -> dict[str, Any]:
    """update_price body for one item: (variant_id, price) pairs."""
    return {
        "item_id": int(item_id),
        "price_list": [{"model_id": _model_id(v), "original_price": p} for v, p in entries],
    }


def stock_payload(item_id: str, entries: Sequence[tuple[str, int]]) -> dict[str, Any]:
    """update_stock body for one item: (variant_id, stock) pairs; no location_id (§4)."""
    return {
        "item_id": int(item_id),
        "stock_list": [
            {"model_id": _model_id(v), "seller_stock": [{"stock": s}]} for v, s in entries
        ],
    }


def content_payload(update: ContentUpdate) -> dict[str, Any]:
    """update_item body: only what changes (§4)."""
    body: dict[str, Any] = {
        "item_id": int(update.ref.listing_id),
        "item_name": update.name,
        "description": update.description,
    }
    if update.weight_g:
        body["weight"] = update.weight_g / 1000
    return body


def unlist_payload(entries: Sequence[tuple[str, bool]]) -> dict[str, Any]:
    """unlist_item body: (item_id, active) pairs."""
    return {"item_list": [{"item_id": int(i), "unlist": not active} for i, active in entries]}


def failures(data: Mapping[str, Any], key: str) -> dict[str, str]:
    """failure_list entries as {id: reason}; `key` is "model_id" or "item_id"."""
    found: dict[str, str] = {}
    for entry in data.get("failure_list") or []:
        ident = entry.get(key)
        ident = "0" if ident is None and key == "model_id" else str(ident)
        found[ident] = str(entry.get("failed_reason") or entry.get("message") or "rejected")
    return found
