"""Product writes: /product/create, /product/update, /product/deactivate, /product/remove.

Create and update are one product per call and all or nothing: every content problem is listed
in `detail` under code 500 (create) or 501 (update). Remove is per SKU: the SKUs it can remove go,
the others come back in `detail` under 503 (a partial failure).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sandbox.lazada import listings, payload, push, reference
from sandbox.lazada.context import Call
from sandbox.lazada.envelope import ApiError, business, missing
from sandbox.lazada.product_rules import Checked, check_attributes, check_images, check_sku
from sandbox.lazada.product_rules import taken_skus as taken
from sandbox.lazada.product_views import shop_sku


def _category(node: Any) -> int:
    raw = payload.text(node, "PrimaryCategory")
    if raw is None or not raw.isdigit() or not reference.is_leaf(int(raw)):
        raise business(201, "Invalid category, use a leaf category")
    return int(raw)


def _duplicates(call: Call, checks: list[Checked]) -> list[dict[str, Any]]:
    skus = [c.values["seller_sku"] for c in checks if "seller_sku" in c.values]
    used = taken(call.db, call.seller_id, skus)
    repeated = {sku for sku in skus if skus.count(sku) > 1}
    message = "SellerSku already exists"
    return [
        {"field": "SellerSku", "message": message, "seller_sku": sku, "code": "4105"}
        for sku in sorted(used | repeated)
    ]


def _associated(call: Call, node: Any) -> sqlite3.Row | None:
    """`AssociatedSku`: add the payload's SKUs to the product selling that SellerSku."""
    seller_sku = payload.text(node, "AssociatedSku")
    if seller_sku is None:
        return None
    sku = listings.sku_by_seller_sku(call.db, call.seller_id, seller_sku)
    item_id = None if sku is None else int(sku["item_id"])
    product = None if item_id is None else listings.load_product(call.db, call.seller_id, item_id)
    if product is None:
        raise business(500, "Create product failed: AssociatedSku does not exist")
    return product


def _new_product(call: Call, node: Any, attributes: Checked, images: Checked) -> sqlite3.Row:
    values = {
        "primary_category": _category(node),
        "status": call.limits.content.create_status,
        "attributes": attributes.values,
        "images": images.values.get("images", []),
    }
    item_id = listings.insert_product(call.db, call.seller_id, values, call.now_ms)
    product = listings.load_product(call.db, call.seller_id, item_id)
    assert product is not None
    return product


def create_product(call: Call) -> dict[str, Any]:
    node = payload.product(call.params.get("payload"))
    target = _associated(call, node)
    if target is None:
        _category(node)
    attributes = check_attributes(node, call.limits, creating=target is None)
    images = Checked()
    check_images(node, call.limits, images)
    nodes = payload.items(node, "Skus", "Sku")
    if not nodes:
        raise ApiError("1", "E001: Skus is mandatory")
    checks = [check_sku(n, call.limits, creating=True) for n in nodes]
    problems = [*attributes.problems, *images.problems, *(p for c in checks for p in c.problems)]
    problems += _duplicates(call, checks)
    if problems:
        raise ApiError("500", "E500: Create product failed", detail=problems)
    product = target or _new_product(call, node, attributes, images)
    ids = [listings.insert_sku(call.db, product, c.values) for c in checks]
    listings.touch(call.db, product["item_id"], call.now_ms)
    skus = [listings.sku_by_id(call.db, call.seller_id, i) for i in ids]
    rows = [s for s in skus if s is not None]
    push.product_change(call.db, push.PRODUCT_CREATED, product, rows, call.now)
    return {
        "item_id": product["item_id"],
        "sku_list": [
            {"seller_sku": s["seller_sku"], "shop_sku": shop_sku(s), "sku_id": s["sku_id"]}
            for s in rows
        ],
        "item_status": product["status"],
    }


def _locate(call: Call, product: sqlite3.Row | None, node: Any) -> sqlite3.Row | None:
    """An update's SKU: by SkuId (preferred), else by its deprecated SellerSku key."""
    return listings.find_sku(
        call.db,
        call.seller_id,
        sku_id=payload.text(node, "SkuId"),
        seller_sku=payload.text(node, "SellerSku"),
        item_id=None if product is None else str(product["item_id"]),
    )


def _target(call: Call, node: Any) -> sqlite3.Row:
    raw = payload.text(node, "ItemId")
    if raw is None:
        first = next(iter(payload.items(node, "Skus", "Sku")), None)
        sku = None if first is None else _locate(call, None, first)
        raw = None if sku is None else str(sku["item_id"])
    product = None
    if raw is not None and raw.isdigit():
        product = listings.load_product(call.db, call.seller_id, int(raw))
    if product is None or product["status"] == "Deleted":
        raise business(501, "Update product failed: the item does not exist")
    return product


def _sku_updates(call: Call, product: sqlite3.Row, nodes: list[Any]) -> list[tuple[Any, Checked]]:
    updates = []
    for node in nodes:
        sku = _locate(call, product, node)
        if sku is None:
            checked = Checked()
            checked.problem("SkuId", "SKU not found in this item", payload.text(node, "SellerSku"))
        else:
            checked = check_sku(node, call.limits, creating=False, current=sku)
            checked.values.pop("seller_sku", None)  # a key here, never a rename
        updates.append((sku, checked))
    return updates


def update_product(call: Call) -> dict[str, Any]:
    node = payload.product(call.params.get("payload"))
    product = _target(call, node)
    changes: dict[str, Any] = {}
    if payload.text(node, "PrimaryCategory") is not None:
        changes["primary_category"] = _category(node)
    attributes, images = check_attributes(node, call.limits, creating=False), Checked()
    check_images(node, call.limits, images)
    updates = _sku_updates(call, product, payload.items(node, "Skus", "Sku"))
    problems = [*attributes.problems, *images.problems]
    problems += [p for _, checked in updates for p in checked.problems]
    if problems:
        raise ApiError("501", "E501: Update product failed", detail=problems)
    changes.update(attributes={**attributes.values}, **images.values)
    listings.update_product(call.db, product, changes, call.now_ms)
    for sku, checked in updates:
        listings.update_sku(call.db, sku, checked.values)
    listings.settle_status(call.db, product, call.now_ms)
    push.product_change(call.db, push.PRODUCT_UPDATED, product, [s for s, _ in updates], call.now)
    return {}


def deactivate_product(call: Call) -> dict[str, Any]:
    """`apiRequestBody` names an ItemId and, optionally, some of its SKUs (E0001-E0003 [I])."""
    node = payload.product(call.params.get("apiRequestBody"))
    raw = payload.text(node, "ItemId")
    if raw is None or not raw.isdigit():
        raise ApiError("E0001", "ItemId is mandatory")
    product = listings.load_product(call.db, call.seller_id, int(raw))
    if product is None or product["status"] == "Deleted":
        raise ApiError("E0002", "The item does not exist")
    skus = listings.skus_of(call.db, product["item_id"])
    named = {str(v) for key in ("SellerSku", "SkuId") for v in payload.items(node, "Skus", key)}
    chosen = [s for s in skus if not named or {s["seller_sku"], str(s["sku_id"])} & named]
    if named and len(chosen) < len(named):
        raise ApiError("E0003", "Some SKUs do not belong to this item")
    for sku in chosen:
        listings.update_sku(call.db, sku, {"status": "inactive"})
    if not named:
        listings.update_product(call.db, product, {"status": "InActive"}, call.now_ms)
    listings.settle_status(call.db, product, call.now_ms)
    push.product_change(call.db, push.PRODUCT_UPDATED, product, chosen, call.now)
    return {}


def _removal_list(call: Call) -> tuple[str, list[Any]]:
    for name in ("sku_id_list", "seller_sku_list"):
        raw = call.params.get(name)
        if raw is None:
            continue
        try:
            entries = json.loads(raw)
        except ValueError:
            raise business(5, "Invalid Request Format") from None
        if not isinstance(entries, list) or not entries:
            raise business(5, "Invalid Request Format")
        if len(entries) > call.limits.batches.remove_max:
            raise business(
                204, f"Too many SKUs in one request (max {call.limits.batches.remove_max})"
            )
        return name, entries
    raise missing("sku_id_list")


def _removal(call: Call, name: str, entry: Any) -> sqlite3.Row | None:
    if name == "seller_sku_list":
        return listings.sku_by_seller_sku(call.db, call.seller_id, str(entry))
    parts = str(entry).split("_")
    if len(parts) != 3 or parts[0] != "SkuId" or not all(p.isdigit() for p in parts[1:]):
        return None
    sku = listings.sku_by_id(call.db, call.seller_id, int(parts[2]))
    return sku if sku is not None and sku["item_id"] == int(parts[1]) else None


def remove_product(call: Call) -> dict[str, Any]:
    name, entries = _removal_list(call)
    failed: list[dict[str, Any]] = []
    for entry in entries:
        sku = _removal(call, name, entry)
        if sku is None:
            failed.append({"field": name, "message": "SKU not found", "seller_sku": str(entry)})
            continue
        listings.update_sku(call.db, sku, {"status": "deleted"})
        product = listings.load_product(call.db, call.seller_id, sku["item_id"])
        assert product is not None
        listings.settle_status(call.db, product, call.now_ms)
        push.product_change(call.db, push.PRODUCT_DELETED, product, [sku], call.now)
    if failed:
        call.partial = ApiError("503", "E503: Remove product failed", detail=failed)
    return {}
