"""Lazada field names and units ↔ our types. Pure functions, no I/O.

Units (platform notes §5, §8): prices are whole đồng sent as integer strings; a special price
travels only with its window; weight is kg (we keep grams); dimensions are cm. Payloads are XML
built by ElementTree, so `&`, `<` and `>` in Vietnamese names are escaped (E005 otherwise).
One Lazada product holds all the variants of one of our products as SKUs.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from connectors.base import (
    ContentUpdate,
    ListingDraft,
    ListingStatus,
    OrderLine,
    OrderStatus,
    RemoteListing,
    RemoteOrder,
    WebhookEvent,
)
from connectors.errors import ProtocolError, RecordError

PLATFORM = "lazada"
NO_BRAND = "No Brand"
SALE_PROP = "size"  # the sale property our variant labels go under ("Chai 250ml")

PRODUCT_STATUS: Mapping[str, ListingStatus] = {
    "active": ListingStatus.LIVE,
    "live": ListingStatus.LIVE,
    "inactive": ListingStatus.INACTIVE,
    "pending": ListingStatus.PENDING,
    "pending qc": ListingStatus.PENDING,
    "rejected": ListingStatus.BANNED,
    "suspended": ListingStatus.BANNED,
    "locked": ListingStatus.BANNED,
    "deleted": ListingStatus.DELETED,
}

# Item statuses (§6) in the order an order moves through them: an order's status is the least
# advanced of its items' (a cancelled line beside a pending one leaves the order to ship).
ORDER_STATUS: Mapping[str, OrderStatus] = {
    "unpaid": OrderStatus.PENDING_PAYMENT,
    "pending": OrderStatus.TO_SHIP,
    "repacked": OrderStatus.TO_SHIP,
    "topack": OrderStatus.TO_SHIP,
    "packed": OrderStatus.TO_SHIP,
    "toship": OrderStatus.TO_SHIP,
    "ready_to_ship": OrderStatus.TO_SHIP,
    "shipping": OrderStatus.SHIPPING,
    "shipped": OrderStatus.SHIPPING,
    "delivered": OrderStatus.DELIVERED,
    "failed": OrderStatus.RETURNED,
    "failed_delivery": OrderStatus.RETURNED,
    "returned": OrderStatus.RETURNED,
    "shipped_back": OrderStatus.RETURNED,
    "shipped_back_success": OrderStatus.RETURNED,
    "shipped_back_failed": OrderStatus.RETURNED,
    "lost": OrderStatus.COMPLETED,
    "lost_by_3pl": OrderStatus.COMPLETED,
    "damaged_by_3pl": OrderStatus.COMPLETED,
    "package_scrapped": OrderStatus.COMPLETED,
    "canceled": OrderStatus.CANCELLED,
}
_STATUS_RANK = list(ORDER_STATUS)


# -- wire values ------------------------------------------------------------------------------


def _vnd(value: object) -> int:
    """Whole đồng from a number or a numeric string ("250000", "250000.00")."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ProtocolError("expected an amount, got a boolean", platform=PLATFORM)
    try:
        return round(float(str(value)))
    except ValueError:
        raise ProtocolError(f"expected an amount, got {value!r}", platform=PLATFORM) from None


def _int(value: object) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(float(str(value)))
    except ValueError:
        return None


def parse_time(value: object) -> datetime:
    """Epoch milliseconds (as number or string) or ISO 8601 with offset, as aware UTC (§4.1)."""
    text = str(value or "").strip()
    if text.isdigit():
        number = int(text)
        return datetime.fromtimestamp(number / 1000 if number > 10**11 else number, UTC)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ProtocolError(f"unreadable time {text!r}", platform=PLATFORM) from None
    if parsed.tzinfo is None:
        raise ProtocolError(f"time without offset {text!r}", platform=PLATFORM)
    return parsed.astimezone(UTC)


# -- XML ----------------------------------------------------------------------------------------

Tree = Mapping[str, Any]  # element name -> text, subtree, or list (repeated element)


def _fill(parent: ET.Element, tree: Tree) -> None:
    for name, value in tree.items():
        for one in value if isinstance(value, list) else [value]:
            child = ET.SubElement(parent, name)
            if isinstance(one, Mapping):
                _fill(child, one)
            elif one is not None:
                child.text = str(one)


def to_xml(tree: Tree) -> str:
    """`{"Request": {...}}` as an XML string, text escaped; the exact string to sign and send."""
    [(name, body)] = tree.items()
    root = ET.Element(name)
    _fill(root, body)
    return ET.tostring(root, encoding="unicode")


def _request(product: Tree) -> str:
    return to_xml({"Request": {"Product": product}})


# -- create and update ----------------------------------------------------------------------


def _kg(grams: int) -> str:
    return f"{grams / 1000:.3f}".rstrip("0").rstrip(".")


def _sku_tree(draft: ListingDraft, index: int, grouped: bool) -> dict[str, Any]:
    variant = draft.variants[index]
    if not variant.weight_g:
        raise RecordError(f"{variant.sku}: Lazada needs a package weight", code="missing_weight")
    sku: dict[str, Any] = {
        "SellerSku": variant.sku,
        "quantity": variant.stock,
        "price": int(variant.price),
        "package_weight": _kg(variant.weight_g),
        "package_length": variant.length_cm or 10,
        "package_width": variant.width_cm or 10,
        "package_height": variant.height_cm or 10,
    }
    if grouped:
        sku["saleProp"] = {SALE_PROP: variant.option.strip() or variant.sku}
    return sku


def to_lazada_product(
    draft: ListingDraft,
    *,
    category_id: str | int,
    image_urls: Sequence[str],
    associated_sku: str = "",
    grouped: bool | None = None,
    brands: Collection[str] = (),
) -> str:
    """The /product/create payload (XML) with every SKU. With `associated_sku` the SKUs join
    the product that holds that SKU (§5 AssociatedSku) instead of making a new one; `grouped`
    (default: more than one variant) gives each SKU its sale property."""
    if not draft.variants:
        raise RecordError(f"{draft.product_code}: no variants to list", code="no_variants")
    grouped = len(draft.variants) > 1 if grouped is None else grouped
    skus = [_sku_tree(draft, i, grouped) for i in range(len(draft.variants))]
    product: dict[str, Any] = {"PrimaryCategory": str(category_id)}
    if associated_sku:
        product["AssociatedSku"] = associated_sku
    if image_urls:
        product["Images"] = {"Image": list(image_urls[:8])}  # at most 8 (4169)
    product["Attributes"] = {
        "name": draft.name,
        "description": draft.description,
        "brand": lazada_brand(draft.brand, brands),
        **dict(draft.attributes),
    }
    product["Skus"] = {"Sku": skus}
    return _request(product)


def lazada_brand(brand: str | None, registered: Collection[str]) -> str:
    """Lazada refuses a brand missing from its brand list (4157 'unknown brand'), and most OCOP
    producers' brands are not on it: they sell as "No Brand" unless the channel's settings name
    the brand as registered (`brands`, comma-separated)."""
    known = {unicodedata.normalize("NFC", b).strip().casefold(): b.strip() for b in registered}
    key = unicodedata.normalize("NFC", brand or "").strip().casefold()
    return known.get(key, NO_BRAND) if key else NO_BRAND


def content_payload(update: ContentUpdate) -> str:
    """/product/update: only what changes; SKUs keyed by SkuId (§5)."""
    product: dict[str, Any] = {
        "ItemId": update.ref.listing_id,
        "Attributes": {"name": update.name, "description": update.description},
    }
    if update.weight_g and update.ref.variant_id:
        sku = {"SkuId": update.ref.variant_id, "package_weight": _kg(update.weight_g)}
        product["Skus"] = {"Sku": [sku]}
    return _request(product)


def status_payload(item_id: str, sku_ids: Sequence[str], active: bool) -> str:
    """/product/deactivate `apiRequestBody` (inactive) or /product/update (active again)."""
    skus = [{"SkuId": s, **({"Status": "active"} if active else {})} for s in sku_ids if s]
    product: dict[str, Any] = {"ItemId": item_id}
    if skus:
        product["Skus"] = {"Sku": skus}
    return _request(product)


# -- price and stock ------------------------------------------------------------------------


@dataclass(frozen=True)
class SpecialPrice:
    """A sale price with its window; without both dates Lazada would keep it forever (§8)."""

    price: int
    start: date
    end: date


@dataclass(frozen=True)
class SkuWrite:
    item_id: str
    sku_id: str
    seller_sku: str
    price: int | None = None
    quantity: int | None = None
    special: SpecialPrice | None = None


def _price_fields(write: SkuWrite) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if write.price is not None:
        fields["Price"] = int(write.price)
    special = write.special
    if special is not None:
        if write.price is not None and special.price >= write.price:
            raise RecordError(
                f"{write.seller_sku}: special price must be below the price", code="4157"
            )
        if special.start > special.end:
            raise RecordError(f"{write.seller_sku}: special window ends first", code="4117")
        fields["SalePrice"] = int(special.price)
        fields["SaleStartDate"] = special.start.isoformat()
        fields["SaleEndDate"] = special.end.isoformat()
    if write.quantity is not None:
        fields["Quantity"] = max(0, int(write.quantity))
    return fields


def _ids(write: SkuWrite) -> dict[str, Any]:
    return {"ItemId": write.item_id, "SkuId": write.sku_id, "SellerSku": write.seller_sku}


def price_quantity_payload(writes: Sequence[SkuWrite]) -> str:
    """/product/price_quantity/update: empty elements mean "no change", so absent ones are
    left out."""
    return _request({"Skus": {"Sku": [{**_ids(w), **_price_fields(w)} for w in writes]}})


def sellable_payload(writes: Sequence[SkuWrite]) -> str:
    """/product/stock/sellable/update: the units buyers can still buy."""
    skus = [{**_ids(w), "SellableQuantity": max(0, int(w.quantity or 0))} for w in writes]
    return _request({"Skus": {"Sku": skus}})


def failures(detail: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """A 500/501 `detail` list as {seller_sku: reason}; "" keys a reason naming no SKU."""
    found: dict[str, str] = {}
    for entry in detail:
        sku = str(entry.get("seller_sku") or entry.get("SellerSku") or "")
        reason = str(entry.get("message") or entry.get("msg") or "rejected")
        field = entry.get("field")
        found[sku] = f"{field}: {reason}" if field else reason
    return found


def sku_ids_by_seller_sku(sku_list: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """/product/create `sku_list` (or a product's `skus`) as {SellerSku: SkuId}."""
    ids: dict[str, str] = {}
    for entry in sku_list:
        sku = entry.get("seller_sku") or entry.get("SellerSku")
        sku_id = entry.get("sku_id") or entry.get("SkuId")
        if sku and sku_id is not None:
            ids[str(sku)] = str(sku_id)
    return ids


# -- categories -----------------------------------------------------------------------------


def _norm(text: object) -> str:
    return unicodedata.normalize("NFC", str(text or "")).casefold().strip()


def _leaves(tree: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    for node in tree:
        children = node.get("children") or []
        if node.get("leaf") or not children:
            yield node
        yield from _leaves(children)


def pick_category(
    tree: Sequence[Mapping[str, Any]], name: str, *, default: str | int | None = None
) -> str:
    """A leaf whose name matches ours (NFC, casefold); else the default; else the first leaf.
    Only leaves can hold products (§5)."""
    leaves = list(_leaves(tree))
    wanted = _norm(name)
    for leaf in leaves:
        if wanted and _norm(leaf.get("name")) == wanted:
            return str(leaf["category_id"])
    if default:
        return str(default)
    if leaves:
        return str(leaves[0]["category_id"])
    raise RecordError(f"no Lazada category for {name!r}", code="no_category", platform=PLATFORM)


# -- read listings --------------------------------------------------------------------------


def _stock(sku: Mapping[str, Any]) -> int | None:
    """Sellable units: `Available`, else the warehouses' sellable sum, else `quantity`."""
    available = _int(sku.get("Available"))
    if available is not None:
        return available
    warehouses = sku.get("multiWarehouseInventories") or []
    sellable = [_int(w.get("sellableQuantity")) for w in warehouses if isinstance(w, Mapping)]
    if sellable and all(s is not None for s in sellable):
        return sum(s for s in sellable if s is not None)
    return _int(sku.get("quantity"))


def from_lazada_product(raw: Mapping[str, Any]) -> list[RemoteListing]:
    """One RemoteListing per SKU with a SellerSku (we can bind nothing to the others)."""
    raw_status = str(raw.get("status") or "")
    status = PRODUCT_STATUS.get(raw_status.lower(), ListingStatus.INACTIVE)
    attributes = raw.get("attributes") or {}
    updated = parse_time(raw.get("updated_time") or raw.get("created_time"))
    listings = []
    for sku in raw.get("skus") or []:
        sku_status = str(sku.get("Status") or "")
        off = status is ListingStatus.LIVE and sku_status.lower() == "inactive"
        listings.append(
            RemoteListing(
                sku=str(sku.get("SellerSku") or ""),
                listing_id=str(raw["item_id"]),
                variant_id=str(sku.get("SkuId") or ""),
                price=_vnd(sku["price"]) if sku.get("price") not in (None, "") else None,
                stock=_stock(sku),
                status=ListingStatus.INACTIVE if off else status,
                raw_status=sku_status if off else raw_status,
                updated_at=updated,
                name=attributes.get("name") if isinstance(attributes, Mapping) else None,
            )
        )
    return [listing for listing in listings if listing.sku]


# -- read orders ----------------------------------------------------------------------------


def order_status(statuses: Iterable[str]) -> tuple[OrderStatus, str]:
    """The order's status from its items' (§6), and the raw set joined by ","."""
    raw = sorted({str(s).lower() for s in statuses if s})
    known = [s for s in raw if s in ORDER_STATUS]
    live = [s for s in known if s != "canceled"] or known
    if not live:
        # Unknown: keep the goods reserved until we learn what it means.
        return OrderStatus.TO_SHIP, ",".join(raw)
    first = min(live, key=_STATUS_RANK.index)
    return ORDER_STATUS[first], ",".join(raw)


def _lines(items: Sequence[Mapping[str, Any]]) -> tuple[OrderLine, ...]:
    """Item rows grouped by SKU and price: an order of N units may come as N rows (§6)."""
    grouped: dict[tuple[str, int, int], dict[str, Any]] = {}
    for row in items:
        if str(row.get("status") or "").lower() == "canceled" and len(items) > 1:
            continue
        sku = str(row.get("sku") or row.get("seller_sku") or "")
        unit, paid = _vnd(row.get("item_price")), _vnd(row.get("paid_price", row.get("item_price")))
        entry = grouped.setdefault((sku, unit, paid), {"qty": 0, "row": row})
        entry["qty"] += _int(row.get("quantity")) or 1
    return tuple(
        OrderLine(
            sku=sku,
            qty=entry["qty"],
            unit_price=unit,
            paid_price=paid,
            listing_id=str(entry["row"].get("product_id") or ""),
            variant_id=str(entry["row"].get("sku_id") or ""),
            name=str(entry["row"].get("name") or ""),
        )
        for (sku, unit, paid), entry in grouped.items()
    )


def from_lazada_order(raw: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> RemoteOrder:
    statuses = raw.get("statuses") or [i.get("status") for i in items]
    status, raw_status = order_status(statuses)
    total = _vnd(raw.get("price")) + _vnd(raw.get("shipping_fee")) - _vnd(raw.get("voucher"))
    return RemoteOrder(
        order_id=str(raw["order_id"]),
        status=status,
        raw_status=raw_status,
        created_at=parse_time(raw.get("created_at")),
        updated_at=parse_time(raw.get("updated_at") or raw.get("created_at")),
        lines=_lines(items),
        total=max(0, total),
        currency=str(raw.get("currency") or "VND"),
        buyer=str(raw.get("customer_first_name") or ""),
    )


# -- push (§7) ------------------------------------------------------------------------------

PUSH_KINDS: Mapping[int, str] = {
    0: "order",
    10: "order",
    1: "listing",
    3: "listing",
    4: "listing",
    5: "listing",
    6: "listing",
    8: "auth",
    13: "auth",
}


def from_lazada_push(payload: Mapping[str, Any]) -> WebhookEvent:
    """A verified push as an event; it only says what changed: re-fetch to learn more."""
    data = payload.get("data")
    data = data if isinstance(data, Mapping) else {}
    kind_code = payload.get("message_type")
    kind = PUSH_KINDS.get(int(kind_code), "other") if isinstance(kind_code, int) else "other"
    if kind == "order":
        remote = data.get("trade_order_id")
    else:
        remote = data.get("item_id") or data.get("itemId")
    return WebhookEvent(
        kind=kind,
        shop_id=str(payload.get("seller_id") or ""),
        remote_id=str(remote or ""),
        raw=dict(payload),
    )
