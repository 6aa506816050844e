"""`ocopsync demo`: the whole job, end to end, on the sample catalog and a local Shopee sandbox.

Import the Sóc Trăng catalog into ./ocopsync.db, connect a sandbox shop, push all 29 SKUs, let
buyers order, cancel one order, ship another, edit a price on the seller centre, sync again and
show what came back. Afterwards `ocopsync plan` has nothing left to do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
from rich.table import Table
from sqlmodel import col, select

from catalog import crud
from catalog.db import DEFAULT_URL
from connectors import registry
from ocopsync import render
from ocopsync.cli_catalog import import_file
from ocopsync.cli_channel import connect_channel
from ocopsync.context import AppContext
from sync.channels import ChannelRules, list_channels
from sync.models import DriftRecord, SalesOrder
from sync.stock import reserved_by_variant

DEMO_DATA = Path(__file__).parent / "demo_data"
CHANNEL = "shopee-demo"
BUSINESS_NAME = "Trung tâm Xúc tiến Thương mại Sóc Trăng"
ORDERS: list[list[tuple[str, int]]] = [
    [("GST25-5KG", 2)],
    [("PIA-HS-SRT-400", 3), ("HSDP-200G", 1)],
    [("YSQT-TC-50G", 1)],
    [("NMKH-38-500", 2)],  # the buyer cancels this one
    [("BNDH-425G", 4)],  # this one ships
]
PRICE_EDIT = ("HTVC-TUI-1KG", 39000)  # someone edits a price on the seller centre


def run_demo(ctx: AppContext, *, data_dir: Path | None = None) -> None:
    _fresh_database(ctx)
    data = data_dir or DEMO_DATA
    port = registry.get("shopee").sandbox_port
    with _sandbox(ctx, port) as base_url:
        _step("1. Import the master catalog")
        with ctx.session() as session:
            ctx.business(session, name=BUSINESS_NAME)
        render.import_report(import_file(ctx, data / "catalog_soctrang.csv", data / "images"))
        _step("2. Connect a Shopee shop (sandbox) and push everything")
        connect_channel(
            ctx,
            "shopee",
            CHANNEL,
            sandbox_url=base_url,
            settings={},
            secrets={},
            code=None,
            rules=ChannelRules(interval_seconds=60),
        )
        _sync(ctx)
        _step("3. Buyers order; one cancels; one order ships; a price is edited on Shopee")
        shop_id = _shop_id(ctx)
        placed = [_order(base_url, shop_id, lines) for lines in ORDERS]
        _control(base_url, f"/_control/orders/{placed[3]}/status", {"status": "CANCELLED"})
        for status in ("PROCESSED", "SHIPPED"):
            _control(base_url, f"/_control/orders/{placed[4]}/status", {"status": status})
        _edit_price(base_url, shop_id, *PRICE_EDIT)
        _step("4. Sync again: orders come in, stock follows, the edit is repaired")
        _sync(ctx)
        _report(ctx, base_url, shop_id)


def _fresh_database(ctx: AppContext) -> None:
    """The demo owns ./ocopsync.db: it starts it anew unless it holds a real (non-sandbox) shop."""
    if ctx.settings.database_url != DEFAULT_URL or not Path("ocopsync.db").exists():
        return
    with ctx.session() as session:
        channels = list_channels(session, business_id=ctx.business(session).id or 0)
    if any(c.settings.get("sandbox") != "true" for c in channels):
        raise SystemExit(
            "ocopsync.db holds a real shop; the demo will not touch it. "
            "Run the demo in another folder."
        )
    ctx.db.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"ocopsync.db{suffix}").unlink(missing_ok=True)
    ctx.__dict__.pop("db", None)
    ctx.__dict__.pop("engine", None)


@contextlib.contextmanager
def _sandbox(ctx: AppContext, port: int) -> Iterator[str]:
    """Use the Shopee sandbox on its port if one runs; else run one in this process."""
    from sandbox.testing import running

    url = f"http://127.0.0.1:{port}"
    with contextlib.suppress(requests.RequestException):
        requests.post(url + "/_control/reset", timeout=2).raise_for_status()
        render.console.print(f"Using the Shopee sandbox already running at {url}")
        yield url
        return
    with running("shopee", ctx.settings.sandbox_dir, port=port) as base_url:
        _control(base_url, "/_control/reset", {})
        render.console.print(f"Started a Shopee sandbox at {base_url}")
        yield base_url


def _step(title: str) -> None:
    render.console.rule(f"[bold]{title}")


def _sync(ctx: AppContext) -> None:
    from ocopsync.cli import do_sync  # the CLI imports this module lazily; no cycle at import

    do_sync(ctx)


def _control(
    base_url: str, path: str, body: dict[str, Any] | None = None, method: str = "POST"
) -> Any:
    reply = requests.request(method, base_url + path, json=body, timeout=30)
    reply.raise_for_status()
    return reply.json()


def _shop_id(ctx: AppContext) -> str:
    with ctx.session() as session:
        return list_channels(session, business_id=ctx.business(session).id or 0)[0].shop_id


def _order(base_url: str, shop_id: str, lines: list[tuple[str, int]]) -> str:
    body = {
        "lines": [{"sku": sku, "qty": qty} for sku, qty in lines],
        "status": "READY_TO_SHIP",
        "buyer": "khach_demo",
    }
    placed = _control(base_url, f"/_control/shops/{shop_id}/orders", body)
    return str(placed["order_sn"])


def _edit_price(base_url: str, shop_id: str, sku: str, price: int) -> None:
    where = _remote(base_url, shop_id)[sku]
    body = {"price": price}
    if where["model_id"]:
        body["model_id"] = where["model_id"]
    _control(base_url, f"/_control/shops/{shop_id}/items/{where['item_id']}/edit", body)


def _report(ctx: AppContext, base_url: str, shop_id: str) -> None:
    remote = {sku: shown["stock"] for sku, shown in _remote(base_url, shop_id).items()}
    with ctx.session() as session:
        business = ctx.business(session)
        orders = session.exec(select(SalesOrder).order_by(col(SalesOrder.created_at))).all()
        table = Table("order", "status", "total", title="Orders pulled from Shopee")
        for order in orders:
            table.add_row(order.remote_id, order.status, render.vnd(order.total))
        render.console.print(table)
        reserved = reserved_by_variant(session, business_id=business.id or 0)
        skus = sorted({sku for lines in ORDERS for sku, _ in lines})
        stock = Table("SKU", "on hand", "reserved", "available", "on Shopee", title="Stock now")
        for variant, _product in crud.list_variants(session, business_id=business.id or 0):
            if variant.sku in skus:
                on_hand = crud.on_hand(session, variant_id=variant.id or 0)
                held = reserved.get(variant.id or 0, 0)
                stock.add_row(
                    variant.sku,
                    str(on_hand),
                    str(held),
                    str(on_hand - held),
                    str(remote.get(variant.sku, "?")),
                )
        render.console.print(stock)
        drift = Table("SKU", "field", "we wrote", "Shopee showed", "action", title="Drift found")
        for found in session.exec(select(DriftRecord)).all():
            drift.add_row(found.sku, found.field, found.expected, found.remote_value, found.action)
        render.console.print(drift)
        leftover = sum(
            len(ctx.engine.plan(session, c).operations)
            for c in list_channels(session, business_id=business.id or 0)
        )
    render.console.print(
        f"[bold green]Done.[/] `ocopsync plan` has {leftover} operations left. Next: "
        "`ocopsync status`, `ocopsync sales --by product`, and `ocopsync sandbox` + "
        "`ocopsync run` to keep syncing (metrics at http://127.0.0.1:8000/metrics)."
    )


def _remote(base_url: str, shop_id: str) -> dict[str, dict[str, Any]]:
    """SKU -> what the sandbox shop shows: item_id, model_id (0 without models), price, stock."""
    items = _control(base_url, f"/_control/shops/{shop_id}/items", method="GET")["items"]
    found: dict[str, dict[str, Any]] = {}
    for item in items:
        for model in item.get("models") or []:
            found[model["model_sku"]] = {**model, "item_id": item["item_id"]}
        if not item.get("models"):
            found[item["item_sku"]] = {**item, "model_id": 0}
    return found
