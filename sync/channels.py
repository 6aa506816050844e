"""Channels: connecting a shop, keeping its credentials sealed, opening its connector."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from catalog.models import Business
from connectors import registry
from connectors.base import Connector, Credentials
from connectors.registry import ConnectorOptions
from sync.models import Channel
from sync.rules import PriceRule, StockRule
from sync.secrets import SecretBox


@dataclass(frozen=True)
class ChannelRules:
    markup_pct: float = 0.0
    round_to: int = 1000
    price_floor: int | None = None
    price_ceiling: int | None = None
    stock_pct: int = 100
    stock_buffer: int = 0
    stock_max: int | None = None
    zero_below: int = 0
    zero_exempt: bool = False
    conflict_policy: str = "master_wins"
    interval_seconds: int = 300
    extra: dict[str, Any] = field(default_factory=dict)


def price_rule(channel: Channel) -> PriceRule:
    return PriceRule(
        channel.markup_pct, channel.round_to, channel.price_floor, channel.price_ceiling
    )


def stock_rule(channel: Channel) -> StockRule:
    return StockRule(
        channel.stock_pct,
        channel.stock_buffer,
        channel.stock_max,
        channel.zero_below,
        channel.zero_exempt,
    )


def add_channel(
    session: Session,
    *,
    business: Business,
    name: str,
    credentials: Credentials,
    platform: str,
    box: SecretBox,
    rules: ChannelRules | None = None,
    shop_name: str = "",
) -> Channel:
    rules = rules or ChannelRules()
    if session.exec(
        select(Channel).where(Channel.business_id == business.id, Channel.name == name)
    ).first():
        raise ValueError(f"a channel named {name!r} already exists")
    values = {k: v for k, v in rules.__dict__.items() if k != "extra"}
    channel = Channel(
        business_id=business.id or 0,
        name=name,
        platform=platform,
        shop_id=credentials.shop_id,
        shop_name=shop_name,
        settings=dict(credentials.settings),
        **values,
    )
    _store_credentials(channel, credentials, box)
    session.add(channel)
    session.flush()
    return channel


def _store_credentials(channel: Channel, credentials: Credentials, box: SecretBox) -> None:
    channel.secrets_sealed = box.seal(credentials.secrets)
    channel.settings = {**channel.settings, **credentials.settings}
    channel.access_expires_at = credentials.access_expires_at
    channel.refresh_expires_at = credentials.refresh_expires_at


def credentials_of(channel: Channel, box: SecretBox) -> Credentials:
    return Credentials(
        shop_id=channel.shop_id,
        secrets=box.open(channel.secrets_sealed),
        settings=dict(channel.settings),
        access_expires_at=channel.access_expires_at,
        refresh_expires_at=channel.refresh_expires_at,
    )


class ChannelCredentialStore:
    """Saves a rotated token pair at once in its own transaction: refresh tokens are single-use."""

    def __init__(self, engine: Engine, channel_id: int, box: SecretBox) -> None:
        self._engine = engine
        self._channel_id = channel_id
        self._box = box

    def save(self, credentials: Credentials) -> None:
        with Session(self._engine) as session:
            channel = session.get(Channel, self._channel_id)
            if channel is None:
                raise LookupError(f"channel {self._channel_id} is gone")
            _store_credentials(channel, credentials, self._box)
            session.add(channel)
            session.commit()


def open_connector(
    engine: Engine, channel: Channel, box: SecretBox, options: ConnectorOptions | None = None
) -> Connector:
    spec = registry.get(channel.platform)
    store = ChannelCredentialStore(engine, channel.id or 0, box)
    opts = options or ConnectorOptions()
    return spec.connect(credentials_of(channel, box), store, opts)


def list_channels(session: Session, *, business_id: int) -> list[Channel]:
    query = select(Channel).where(Channel.business_id == business_id).order_by(col(Channel.id))
    return list(session.exec(query).all())


def get_channel(session: Session, *, business_id: int, name: str) -> Channel:
    channel = session.exec(
        select(Channel).where(Channel.business_id == business_id, Channel.name == name)
    ).first()
    if channel is None:
        raise LookupError(f"no channel named {name!r}")
    return channel
