"""Price and stock writes: /product/price_quantity/update and /product/stock/sellable/update.

At most 50 SKUs a call (4171 / 204 above that). Each SKU is found by SkuId, else by SellerSku
(within ItemId when given); empty elements mean "no change". SKUs that pass are written; the
others come back in `detail` under code 501 while the good ones stay written (partial failure).
Quantity is the total, locked units included: it may not go below the units withheld by open
orders ("negative sellable").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from sandbox.lazada import listings, payload, push
from sandbox.lazada.context import Call
from sandbox.lazada.envelope import EMPTY_REQUEST, ApiError, business
from sandbox.lazada.product_rules import Checked, check_quantity, check_sku, whole

Check = Callable[[Call, Any, sqlite3.Row], Checked]


def _entries(call: Call, code: int) -> list[Any]:
    node = payload.product(call.params.get("payload"))
    entries = payload.items(node, "Skus", "Sku")
    if not entries:
        raise EMPTY_REQUEST()
    limit = call.limits.batches.sku_max
    if len(entries) > limit:
        raise business(code, f"Too many SKUs in one request, at most {limit}")
    return entries


def _find(call: Call, node: Any) -> sqlite3.Row | None:
    return listings.find_sku(
        call.db,
        call.seller_id,
        sku_id=payload.text(node, "SkuId"),
        seller_sku=payload.text(node, "SellerSku"),
        item_id=payload.text(node, "ItemId"),
    )


def _warehouses(call: Call, node: Any, out: Checked) -> None:
    """MultiWarehouseInventories: the sandbox seller has one warehouse; quantities add up."""
    entries = payload.items(node, "MultiWarehouseInventories", "MultiWarehouseInventory")
    amounts = [payload.text(entry, "Quantity", "SellableQuantity") for entry in entries]
    if amounts and all(a is not None for a in amounts):
        total = sum(whole(a) or 0 for a in amounts)
        check_quantity(str(total), call.limits, out, payload.text(node, "SellerSku"))


def _price_quantity(call: Call, node: Any, sku: sqlite3.Row) -> Checked:
    out = check_sku(node, call.limits, creating=False, current=sku)
    out.values.pop("seller_sku", None)
    _warehouses(call, node, out)
    return out


def _sellable(call: Call, node: Any, sku: sqlite3.Row) -> Checked:
    out = Checked()
    seller_sku = payload.text(node, "SellerSku")
    check_quantity(payload.text(node, "SellableQuantity"), call.limits, out, seller_sku)
    _warehouses(call, node, out)
    if "quantity" in out.values:
        out.values["quantity"] += sku["withhold"]
    return out


def _apply(call: Call, sku: sqlite3.Row, out: Checked) -> None:
    quantity = out.values.get("quantity", sku["quantity"])
    if quantity < sku["withhold"]:
        message = "negative sellable: below the stock locked by orders"
        out.problem("Quantity", message, sku["seller_sku"])
        return
    before = listings.sellable(sku)
    listings.update_sku(call.db, sku, out.values)
    listings.touch(call.db, sku["item_id"], call.now_ms)
    push.shallow_stock(call.db, call.limits, sku["sku_id"], before, call.now)


def _run(call: Call, entries: list[Any], check: Check) -> dict[str, Any]:
    failed: list[dict[str, Any]] = []
    for node in entries:
        sku = _find(call, node)
        if sku is None:
            seller_sku = payload.text(node, "SellerSku") or payload.text(node, "SkuId")
            failed.append({"field": "SkuId", "message": "SKU not found", "seller_sku": seller_sku})
            continue
        out = check(call, node, sku)
        if not out.problems:
            _apply(call, sku, out)
        failed += out.problems
    if failed:
        call.partial = ApiError("501", "E501: Update product failed", detail=failed)
    return {}


def update_price_quantity(call: Call) -> dict[str, Any]:
    return _run(call, _entries(call, 4171), _price_quantity)


def update_sellable(call: Call) -> dict[str, Any]:
    return _run(call, _entries(call, 204), _sellable)
