"""`ocopsync`: the command line. Thin: every command calls `catalog`, `sync` or `scheduler`."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from ocopsync import render
from ocopsync.cli_catalog import catalog_app
from ocopsync.cli_channel import channel_app
from ocopsync.context import AppContext, load
from ocopsync.settings import Settings
from sync import issues as sync_issues
from sync.channels import list_channels
from sync.sales import DIMENSIONS, VN, rollup, total
from sync.status import status as sync_status

app = typer.Typer(
    help="OCOP Sync: one master catalog, kept right on every marketplace.", no_args_is_help=True
)
app.add_typer(catalog_app, name="catalog")
app.add_typer(channel_app, name="channel")

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
ChannelOpt = Annotated[str | None, typer.Option("--channel", "-c", help="Only this channel.")]


context = load


@app.command()
def init(name: Annotated[str, typer.Option(help="The business's name.")] = "") -> None:
    """Create the database, the secret key (when OCOPSYNC_SECRET_KEY is unset) and the business."""
    ctx = context()
    ctx.box  # noqa: B018  (creates .ocopsync.key when needed)
    with ctx.session() as session:
        business = ctx.business(session, name=name or None)
    render.console.print(f"Ready: business [bold]{business.name}[/] in {ctx.settings.database_url}")


def _channels(ctx: AppContext, session: Any, name: str | None) -> list[Any]:
    business = ctx.business(session)
    channels = list_channels(session, business_id=business.id or 0)
    if name:
        channels = [c for c in channels if c.name == name]
        if not channels:
            raise typer.BadParameter(f"no channel named {name!r}", param_hint="--channel")
    return channels


@app.command()
def plan(
    channel: ChannelOpt = None,
    as_json: JsonFlag = False,
    refresh: Annotated[
        bool, typer.Option(help="Pull what the shops show now first (reads only, no writes).")
    ] = False,
) -> None:
    """What a sync would change on each channel, from what the shops showed when last read."""
    ctx = context()
    with ctx.session() as session:
        channels = _channels(ctx, session, channel)
    if refresh:
        for c in channels:
            ctx.engine.pull_only(c.id or 0)
    with ctx.session() as session:
        plans = [ctx.engine.plan(session, c) for c in _channels(ctx, session, channel)]
    if as_json:
        out = {
            "channels": [
                {
                    "channel": p.channel,
                    "platform": p.platform,
                    "operations": [_op_json(op) for op in p.operations],
                    "blocked": [_op_json(op) for op in p.blocked],
                }
                for p in plans
            ]
        }
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        render.plans(plans)


def _op_json(op: Any) -> dict[str, Any]:
    data = {"op": op.kind.value, "sku": op.sku}
    for key, value in dataclasses.asdict(op).items():
        if key not in ("kind", "sku", "variant_id") and value not in (None, ""):
            data[key] = value
    return data


def do_sync(ctx: AppContext, channel: str | None = None, full: bool = False) -> bool:
    """Sync and print one line per channel; False when any channel failed or left failures."""
    with ctx.session() as session:
        ids = [c.id for c in _channels(ctx, session, channel) if c.id is not None]
    with render.push_progress(ctx.engine):
        # --full ticks channels one by one; a plain sync lets orders on one lower the others
        reports = [ctx.engine.tick(i, full=True) for i in ids] if full else ctx.engine.sync_all(ids)
    for report in reports:
        render.tick_line(report)
    return all(r.run.outcome in ("ok", "skipped") for r in reports)


@app.command("sync")
def sync_cmd(
    channel: ChannelOpt = None,
    full: Annotated[bool, typer.Option(help="Pull every listing, not just changes.")] = False,
) -> None:
    """Pull, plan and push every channel now (what the scheduler does each tick).

    Exits 1 when a channel failed or some writes failed (see `ocopsync issues`)."""
    if not do_sync(context(), channel, full):
        raise typer.Exit(1)


@app.command()
def status(as_json: JsonFlag = False) -> None:
    """What is live where, orders, the last good tick and open issues, per channel."""
    ctx = context()
    with ctx.session() as session:
        data = sync_status(session, business_id=ctx.business(session).id or 0)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        render.status(data)


def _day(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=VN)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a day like 2026-11-01") from None


@app.command()
def sales(
    by: Annotated[str, typer.Option(help=f"One of: {', '.join(DIMENSIONS)}.")] = "platform",
    since: Annotated[str | None, typer.Option(help="From this day (YYYY-MM-DD, Vietnam).")] = None,
    until: Annotated[str | None, typer.Option(help="Before this day (YYYY-MM-DD).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Revenue, orders and units by platform, channel, product or month."""
    if by not in DIMENSIONS:
        raise typer.BadParameter(f"choose one of {', '.join(DIMENSIONS)}", param_hint="--by")
    ctx = context()
    with ctx.session() as session:
        business_id = ctx.business(session).id or 0
        period = {"since": _day(since), "until": _day(until)}
        rows = rollup(session, business_id=business_id, by=by, **period)
        overall = total(session, business_id=business_id, **period)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "by": by,
                    "rows": [dataclasses.asdict(r) for r in rows],
                    "total": dataclasses.asdict(overall),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        render.sales(rows, by, overall)


@app.command("issues")
def issues_cmd(channel: ChannelOpt = None, as_json: JsonFlag = False) -> None:
    """Open sync issues: what failed, where, why, and how many times."""
    ctx = context()
    with ctx.session() as session:
        names = {c.id: c.name for c in _channels(ctx, session, channel)}
        rows = [i for i in sync_issues.open_issues(session) if i.channel_id in names]
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "id": i.id,
                        "channel": names[i.channel_id],
                        "sku": i.sku,
                        "op": i.op,
                        "reason": i.reason,
                        "code": i.code,
                        "retryable": i.retryable,
                        "attempts": i.attempts,
                        "status": i.status,
                    }
                    for i in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = render.Table("id", "channel", "SKU", "operation", "reason", "tries")
    for i in rows:
        table.add_row(str(i.id), names[i.channel_id], i.sku, i.op, i.reason, str(i.attempts))
    render.console.print(table if rows else "[green]No open issues.[/]")


@app.command()
def retry(
    channel: ChannelOpt = None,
    sku: Annotated[str | None, typer.Option(help="Only this SKU.")] = None,
) -> None:
    """Try failed writes again on the next sync."""
    ctx = context()
    with ctx.session() as session:
        count = 0
        for c in _channels(ctx, session, channel):
            count += sync_issues.request_retry(session, channel_id=c.id, sku=sku)
        session.commit()
    render.console.print(f"{count} issues will be retried on the next sync.")


@app.command()
def sandbox(
    platform: Annotated[
        str | None, typer.Option(help="Only this marketplace (default: every one).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="With --platform: another port.")] = None,
) -> None:
    """Serve the marketplace simulators on 127.0.0.1 (Shopee 8701, Lazada 8702) until Ctrl-C."""
    from sandbox.server import PLATFORMS, serve

    state = Settings().sandbox_dir
    if platform is not None:
        serve(platform, port=port, state_dir=state)
        return
    serve_all(sorted(PLATFORMS), state)


def serve_all(platforms: list[str], state: Path) -> None:
    import contextlib
    import threading

    from sandbox.server import default_port
    from sandbox.testing import running

    with contextlib.ExitStack() as stack:
        for name in platforms:
            url = stack.enter_context(running(name, state, port=default_port(name)))
            render.console.print(f"{name} sandbox at {url} (state in {state})")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


@app.command()
def run() -> None:
    """Run the scheduler and the HTTP server (/metrics, /healthz) until stopped."""
    from ocopsync.server import serve_forever

    serve_forever(context())


@app.command()
def demo(
    data: Annotated[Path | None, typer.Option(help="Folder with catalog_soctrang.csv.")] = None,
) -> None:
    """The whole job on the sample catalog against a local Shopee sandbox."""
    from ocopsync.demo import run_demo

    run_demo(context(), data_dir=data)
