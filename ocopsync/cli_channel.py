"""`ocopsync channel add|list`: connect a shop (live or on a sandbox) and set its rules."""

from __future__ import annotations

from typing import Annotated

import requests
import typer

from connectors import registry
from connectors.errors import ConnectorError
from connectors.registry import ConnectorOptions
from ocopsync import render
from ocopsync.context import AppContext, load
from ocopsync.provision import connect_sandbox_shop
from sync.channels import ChannelRules, add_channel, list_channels

channel_app = typer.Typer(
    help="Marketplace shops and their price and stock rules.", no_args_is_help=True
)


def _pairs(items: list[str], what: str) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"{what} must look like key=value, not {item!r}")
        out[key.strip()] = value.strip()
    return out


def connect_channel(
    ctx: AppContext,
    platform: str,
    name: str,
    *,
    sandbox_url: str | None,
    settings: dict[str, str],
    secrets: dict[str, str],
    code: str | None,
    rules: ChannelRules,
) -> str:
    spec = registry.get(platform)
    if sandbox_url:
        shop = connect_sandbox_shop(platform, sandbox_url, shop_name=f"{name} (sandbox)")
        credentials, shop_name = shop.credentials, shop.shop_name
    else:
        # only the app's own secret is the seller's to give; the code brings the tokens
        app_secret = spec.secret_keys[0]
        if not secrets.get(app_secret):
            secrets[app_secret] = typer.prompt(app_secret, hide_input=True)
        if not code:
            raise typer.BadParameter(
                "the seller's authorization code is needed", param_hint="--code"
            )
        host = settings.get("host") or spec.default_host
        credentials = spec.authorize(settings, secrets, code, ConnectorOptions(base_url=host))
        shop_name = ""
    with ctx.session() as session:
        business = ctx.business(session)
        channel = add_channel(
            session,
            business=business,
            name=name,
            platform=platform,
            credentials=credentials,
            box=ctx.box,
            rules=rules,
            shop_name=shop_name,
        )
        session.commit()
        connector = ctx.engine.connector(channel)
    return connector.check()


@channel_app.command("add")
def add_cmd(
    platform: Annotated[str, typer.Argument(help="shopee, ...")],
    name: Annotated[str, typer.Option(help="A name for this shop, e.g. shopee-main.")],
    sandbox: Annotated[bool, typer.Option(help="Connect a new shop on our local sandbox.")] = False,
    sandbox_url: Annotated[str | None, typer.Option(help="Sandbox address.")] = None,
    code: Annotated[str | None, typer.Option(help="Authorization code from the seller.")] = None,
    setting: Annotated[list[str], typer.Option("--set", help="key=value, e.g. partner_id=1")] = [],  # noqa: B006
    secret: Annotated[list[str], typer.Option(help="key=value; prompted when missing")] = [],  # noqa: B006
    markup: Annotated[float, typer.Option(help="Price markup in percent.")] = 0.0,
    round_to: Annotated[int, typer.Option(help="Round prices to this many đồng.")] = 1000,
    stock_pct: Annotated[int, typer.Option(help="Share of available stock to show.")] = 100,
    buffer: Annotated[int, typer.Option(help="Units held back from this channel.")] = 0,
    interval: Annotated[int, typer.Option(help="Seconds between ticks.")] = 300,
) -> None:
    """Connect a shop. With --sandbox, a fresh shop on the local simulator."""
    spec = registry.get(platform)
    url = sandbox_url or (f"http://127.0.0.1:{spec.sandbox_port}" if sandbox else None)
    rules = ChannelRules(
        markup_pct=markup,
        round_to=round_to,
        stock_pct=stock_pct,
        stock_buffer=buffer,
        interval_seconds=interval,
    )
    try:
        shop = _connect(platform, name, url, setting, secret, code, rules)
    except (ConnectorError, ValueError, requests.RequestException) as exc:
        reason = exc.reason if isinstance(exc, ConnectorError) else str(exc)
        render.console.print(f"[red]Could not connect {name}:[/] {reason}")
        raise typer.Exit(2) from None
    render.console.print(f"Connected [bold]{name}[/]: {shop}")


def _connect(
    platform: str,
    name: str,
    url: str | None,
    setting: list[str],
    secret: list[str],
    code: str | None,
    rules: ChannelRules,
) -> str:
    return connect_channel(
        load(),
        platform,
        name,
        sandbox_url=url,
        settings=_pairs(setting, "--set"),
        secrets=_pairs(secret, "--secret"),
        code=code,
        rules=rules,
    )


@channel_app.command("list")
def list_cmd() -> None:
    """Every connected shop with its rules."""
    ctx = load()
    with ctx.session() as session:
        channels = list_channels(session, business_id=ctx.business(session).id or 0)
    table = render.Table("channel", "platform", "shop", "markup", "stock", "every", "token expires")
    for c in channels:
        table.add_row(
            c.name,
            c.platform,
            c.shop_name or c.shop_id,
            f"{c.markup_pct:g}%",
            f"{c.stock_pct}% − {c.stock_buffer}",
            f"{c.interval_seconds}s",
            render.local_time(c.access_expires_at),
        )
    render.console.print(table)
