"""`ocopsync demo`: the whole job, end to end, on the sample catalog and local sandboxes.

Import the Sóc Trăng catalog into ./ocopsync.db, connect a Shopee and a Lazada sandbox shop, push
all 29 SKUs to both, let buyers order on both, cancel one order, ship another, edit a price on a
seller centre, sync again and show what came back: an order on one shop lowers the stock shown on
the other. Afterwards `ocopsync plan` has nothing left to do.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from rich.table import Table
from sqlmodel import col, select

from catalog import crud
from catalog.db import DEFAULT_URL
from ocopsync import render
from ocopsync.cli_catalog import import_file
from ocopsync.cli_channel import connect_channel
from ocopsync.context import AppContext
from ocopsync.demo_shops import SandboxShop, sandbox
from sync.channels import ChannelRules, get_channel, list_channels
from sync.models import DriftRecord, SalesOrder
from sync.stock import reserved_by_variant

DEMO_DATA = Path(__file__).parent / "demo_data"
BUSINESS_NAME = "Trung tâm Xúc tiến Thương mại Sóc Trăng"
PLATFORMS = ("shopee", "lazada")
# (platform, lines): what buyers order during the demo
ORDERS: list[tuple[str, list[tuple[str, int]]]] = [
    ("shopee", [("GST25-5KG", 2)]),
    ("shopee", [("PIA-HS-SRT-400", 3), ("HSDP-200G", 1)]),
    ("lazada", [("YSQT-TC-50G", 1), ("GST25-5KG", 1)]),
    ("shopee", [("NMKH-38-500", 2)]),  # the buyer cancels this one
    ("lazada", [("BNDH-425G", 4)]),  # this one ships
]
CANCEL = {"shopee": "CANCELLED", "lazada": "canceled"}
SHIP = {"shopee": ("PROCESSED", "SHIPPED"), "lazada": ("packed", "ready_to_ship", "shipped")}
PRICE_EDIT = ("shopee", "HTVC-TUI-1KG", 39000)  # someone edits a price on the seller centre
DEMO_USER = "owner@demo.local"


def run_demo(ctx: AppContext, *, data_dir: Path | None = None) -> None:
    _fresh_database(ctx)
    data = data_dir or DEMO_DATA
    with contextlib.ExitStack() as stack:
        urls = {}
        for platform in PLATFORMS:
            urls[platform], started = stack.enter_context(
                sandbox(platform, ctx.settings.sandbox_dir)
            )
            verb = "Started" if started else "Using the running"
            render.console.print(f"{verb} {platform} sandbox at {urls[platform]}")
        _step("1. Import the master catalog")
        with ctx.session() as session:
            ctx.business(session, name=BUSINESS_NAME)
        render.import_report(import_file(ctx, data / "catalog_soctrang.csv", data / "images"))
        _step("2. Connect a Shopee and a Lazada shop (sandboxes) and push everything")
        shops = {p: _connect(ctx, p, urls[p]) for p in PLATFORMS}
        _sync(ctx)
        _step("3. Buyers order on both; one cancels; one ships; a price is edited on Shopee")
        placed = [(platform, shops[platform].order(lines)) for platform, lines in ORDERS]
        shops[placed[3][0]].move(placed[3][1], CANCEL[placed[3][0]])
        shops[placed[4][0]].move(placed[4][1], *SHIP[placed[4][0]])
        platform, sku, price = PRICE_EDIT
        shops[platform].edit_price(sku, price)
        _step("4. Sync again: orders come in, stock follows everywhere, the edit is repaired")
        _sync(ctx)
        _report(ctx, shops)


def _connect(ctx: AppContext, platform: str, base_url: str) -> SandboxShop:
    name = f"{platform}-demo"
    connect_channel(
        ctx,
        platform,
        name,
        sandbox_url=base_url,
        settings={},
        secrets={},
        code=None,
        rules=ChannelRules(interval_seconds=60),
    )
    with ctx.session() as session:
        channel = get_channel(session, business_id=ctx.business(session).id or 0, name=name)
    return SandboxShop(platform, base_url, channel.shop_id)


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


def _step(title: str) -> None:
    render.console.rule(f"[bold]{title}")


def _sync(ctx: AppContext) -> None:
    from ocopsync.cli import do_sync  # the CLI imports this module lazily; no cycle at import

    if not do_sync(ctx):
        raise SystemExit("the demo's sync did not complete; see `ocopsync issues`")


def _report(ctx: AppContext, shops: dict[str, SandboxShop]) -> None:
    shown = {p: shop.listings() for p, shop in shops.items()}
    with ctx.session() as session:
        business = ctx.business(session)
        channels = {c.id: c for c in list_channels(session, business_id=business.id or 0)}
        orders = session.exec(select(SalesOrder).order_by(col(SalesOrder.created_at))).all()
        table = Table("platform", "order", "status", "total", title="Orders pulled back")
        for order in orders:
            table.add_row(
                channels[order.channel_id].platform,
                order.remote_id,
                order.status,
                render.vnd(order.total),
            )
        render.console.print(table)
        reserved = reserved_by_variant(session, business_id=business.id or 0)
        skus = sorted({sku for _, lines in ORDERS for sku, _ in lines})
        names = [f"on {p.capitalize()}" for p in shops]
        stock = Table("SKU", "on hand", "reserved", "available", *names, title="Stock now")
        for variant, _product in crud.list_variants(session, business_id=business.id or 0):
            if variant.sku in skus:
                on_hand = crud.on_hand(session, variant_id=variant.id or 0)
                held = reserved.get(variant.id or 0, 0)
                remote = [str(shown[p].get(variant.sku, {}).get("stock", "?")) for p in shops]
                stock.add_row(variant.sku, str(on_hand), str(held), str(on_hand - held), *remote)
        render.console.print(stock)
        drift = Table(
            "channel",
            "SKU",
            "field",
            "we wrote",
            "the shop showed",
            "action",
            title="Drift found and repaired",
        )
        for found in session.exec(select(DriftRecord)).all():
            drift.add_row(
                channels[found.channel_id].name,
                found.sku,
                found.field,
                found.expected,
                found.remote_value,
                found.action,
            )
        render.console.print(drift)
        leftover = sum(len(ctx.engine.plan(session, c).operations) for c in channels.values())
    password = _demo_user(ctx)
    render.console.print(
        f"[bold green]Done.[/] `ocopsync plan` has {leftover} operations left. Next: "
        "`ocopsync status`, `ocopsync sales --by product`, and `ocopsync sandbox` + "
        "`ocopsync run` to keep syncing, then open http://127.0.0.1:8000 and sign in as "
        f"owner@demo.local with password {password} (metrics at http://127.0.0.1:8000/metrics)."
    )


def _demo_user(ctx: AppContext) -> str:
    """The web sign-in for the demo business: owner@demo.local with a fresh password."""
    import secrets

    from web.users import ensure_table, ensure_user

    password = secrets.token_urlsafe(9)
    ensure_table(ctx.db)
    with ctx.session() as session:
        ensure_user(session, ctx.business(session).id or 0, DEMO_USER, password, "owner")
        session.commit()
    return password
