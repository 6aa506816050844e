"""Content checks of product payloads, one small function per field (lazada.md §5, §8, §10.8).

Each check reads one field of a `Product` or `Sku` node, records what to store, and adds a
`detail` entry {"field", "message", "seller_sku"?, "code"?} for each problem instead of stopping,
so one reply lists every reason (codes 500/501). `code` is the 41xx code where the notes give one.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from sandbox.lazada import payload, reference
from sandbox.lazada.limits import Limits
from sandbox.lazada.times import parse_local

_FORBIDDEN_SKU = re.compile(r'["*^~<>/|\\]')
_LAZADA_HOSTS = (".slatic.net", ".lazcdn.com")
PACKAGE = ("package_weight", "package_length", "package_width", "package_height")


@dataclass
class Checked:
    """What a node asks to store, and what is wrong with it."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)

    def problem(self, name: str, message: str, sku: str | None = None, code: str = "") -> None:
        entry: dict[str, Any] = {"field": name, "message": message}
        if sku is not None:
            entry["seller_sku"] = sku
        if code:
            entry["code"] = code
        self.problems.append(entry)


def number(raw: str | None) -> Decimal | None:
    if raw is None:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def whole(raw: str | None) -> int | None:
    """A whole number ("250000" or "250000.00"), else None."""
    value = number(raw)
    return int(value) if value is not None and value == value.to_integral_value() else None


def lazada_image(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and (parts.hostname or "").endswith(_LAZADA_HOSTS)


def check_images(node: Any, limits: Limits, out: Checked, sku: str | None = None) -> None:
    urls = [u for u in payload.items(node, "Images", "Image") if isinstance(u, str) and u]
    if payload.field(node, "Images") is None:
        return
    if len(urls) > limits.batches.images_max:
        out.problem("Images", f"no more than {limits.batches.images_max} images", sku, "4169")
    elif not all(lazada_image(u) for u in urls):
        out.problem("Images", "only Lazada image URLs are allowed; migrate the image first", sku)
    out.values["images"] = urls


def _name(node: Any, limits: Limits, out: Checked, creating: bool) -> None:
    name = payload.text(node, "name")
    if name is None:
        if creating:
            out.problem("name", "name is mandatory")
        return
    if len(name) > limits.content.name_max:
        out.problem("name", f"name should not exceed {limits.content.name_max} characters")
    elif limits.content.name_bytes_max and len(name.encode()) > limits.content.name_bytes_max:
        out.problem("name", f"name exceeds {limits.content.name_bytes_max} bytes", code="4160")
    out.values["name"] = name


def check_attributes(node: Any, limits: Limits, creating: bool) -> Checked:
    """`Attributes`: name, description, brand checked; any other attribute kept as sent."""
    attributes = payload.field(node, "Attributes")
    attributes = attributes if isinstance(attributes, dict) else {}
    out = Checked()
    _name(attributes, limits, out, creating)
    description = payload.text(attributes, "description")
    if description is not None and len(description) > limits.content.description_max:
        out.problem(
            "description", f"description exceeds {limits.content.description_max} characters"
        )
    brand = payload.text(attributes, "brand", "brand_id")
    if brand is not None and reference.brand_name(brand) is None:
        out.problem("brand", f"unknown brand {brand}; use No Brand")
    elif creating and brand is None:
        out.problem("brand", "brand is mandatory (No Brand is allowed)")
    for key, value in attributes.items():
        if isinstance(value, str) and payload.field(out.values, key) is None:
            out.values[key] = (reference.brand_name(value) or value) if key == "brand" else value
    return out


def _seller_sku(node: Any, out: Checked, creating: bool) -> str | None:
    sku = payload.text(node, "SellerSku")
    if sku is None:
        if creating:
            out.problem("SellerSku", "SellerSku is mandatory")
        return None
    if len(sku) > 200 or _FORBIDDEN_SKU.search(sku):
        out.problem("SellerSku", 'SellerSku may not hold "*^~<>/|\\ or exceed 200', sku)
    out.values["seller_sku"] = sku
    return sku


def _price(node: Any, limits: Limits, out: Checked, sku: str | None, creating: bool) -> None:
    raw = payload.text(node, "price", "Price")
    if raw is None:
        if creating:
            out.problem("price", "price is mandatory", sku)
        return
    price = whole(raw)
    if price is None or not limits.amounts.price_min <= price <= limits.amounts.price_max:
        out.problem("price", "price should be a whole VND amount in range", sku, "4104")
        return
    out.values["price"] = price


def _special(node: Any, out: Checked, sku: str | None, current: sqlite3.Row | None) -> None:
    """special_price (create/update) or SalePrice (price_quantity): below the price, which may
    be the new one; a new price must stay above a special price kept as it is."""
    raw = payload.text(node, "special_price", "SalePrice")
    price = out.values.get("price", current["price"] if current else None)
    special = whole(raw) if raw is not None else (current["special_price"] if current else None)
    if raw is None:
        if special is not None and price is not None and special >= price:
            out.problem("price", "price must stay above the special price", sku, "4157")
        return
    if special is None or special <= 0:
        out.problem("special_price", "special price should be a whole VND amount", sku, "4119")
    elif price is not None and special >= price:
        out.problem("special_price", "special price must be lower than price", sku, "4157")
    else:
        out.values["special_price"] = special


def _special_dates(node: Any, out: Checked, sku: str | None) -> None:
    raw = {
        "special_from": payload.text(node, "special_from_date", "SaleStartDate"),
        "special_to": payload.text(node, "special_to_date", "SaleEndDate"),
    }
    given = {key: value for key, value in raw.items() if value is not None}
    moments = {key: parse_local(value) for key, value in given.items()}
    start, end = moments.get("special_from"), moments.get("special_to")
    if None in moments.values():
        out.problem("special_from_date", "dates should read yyyy-MM-dd HH:mm:ss", sku)
    elif start is not None and end is not None and start >= end:
        out.problem("special_from_date", "special from date must be before to date", sku, "4117")
    else:
        out.values.update(given)


def check_quantity(raw: str | None, limits: Limits, out: Checked, sku: str | None) -> None:
    if raw is None:
        return
    quantity = whole(raw)
    if quantity is None or not 0 <= quantity <= limits.amounts.quantity_max:
        out.problem(
            "quantity", f"quantity should be a whole number 0..{limits.amounts.quantity_max}", sku
        )
        return
    out.values["quantity"] = quantity


def _package_numbers(node: Any) -> dict[str, Decimal | None]:
    return {name: number(payload.text(node, name)) for name in PACKAGE if payload.text(node, name)}


def _package(node: Any, limits: Limits, out: Checked, sku: str | None, creating: bool) -> None:
    found = _package_numbers(node)
    if creating and len(found) < len(PACKAGE):
        out.problem("package_weight", "package weight, length, width and height are mandatory", sku)
        return
    given = {name: value for name, value in found.items() if value is not None and value > 0}
    if len(given) < len(found):
        out.problem("package_weight", "package values should be positive numbers", sku)
        return
    if given.get("package_weight", Decimal(0)) > Decimal(str(limits.amounts.weight_max)):
        out.problem(
            "package_weight", f"package weight exceeds {limits.amounts.weight_max} kg", sku, "4164"
        )
    sides = [given[name] for name in PACKAGE[1:] if name in given]
    if len(sides) == 3 and sum(sides) > Decimal(str(limits.amounts.dimension_sum_max)):
        out.problem("package_length", "length + width + height exceeds 300 cm", sku, "4165")
    out.values.setdefault("extra", {}).update({n: str(v) for n, v in given.items()})


def check_sku(
    node: Any, limits: Limits, *, creating: bool, current: sqlite3.Row | None = None
) -> Checked:
    """One `Sku` node of create/update: SellerSku, price, special price and dates, quantity,
    package, images, status and sale props. `current`: the stored SKU an update changes."""
    out = Checked()
    sku = _seller_sku(node, out, creating) or (current["seller_sku"] if current else None)
    _price(node, limits, out, sku, creating)
    _special(node, out, sku, current)
    _special_dates(node, out, sku)
    check_quantity(payload.text(node, "quantity", "Quantity"), limits, out, sku)
    _package(node, limits, out, sku, creating)
    check_images(node, limits, out, sku)
    if "images" in out.values:  # a SKU keeps its images with its other extra fields
        out.values.setdefault("extra", {})["images"] = out.values.pop("images")
    status = payload.text(node, "Status")
    if status is not None:
        if status.lower() not in ("active", "inactive"):
            out.problem("Status", "Status should be active or inactive", sku)
        else:
            out.values["status"] = status.lower()
    sale_prop = payload.field(node, "saleProp")
    if isinstance(sale_prop, dict):
        out.values.setdefault("extra", {})["saleProp"] = sale_prop
    return out


def taken_skus(db: sqlite3.Connection, seller_id: int, skus: list[str]) -> set[str]:
    if not skus:
        return set()
    marks = ",".join("?" * len(skus))
    rows = db.execute(
        f"SELECT seller_sku FROM skus WHERE seller_id = ? AND status != 'deleted' "  # noqa: S608
        f"AND seller_sku IN ({marks})",
        (seller_id, *skus),
    ).fetchall()
    return {str(row["seller_sku"]) for row in rows}
