"""Sync state: channels and their rules, bindings, cursors, orders, runs, issues, drift."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import JSON, Field, SQLModel

from catalog.types import UTCDateTime, utcnow


class BindingStatus(StrEnum):
    CREATING = "creating"  # a create call was sent; not yet confirmed by the platform
    PENDING = "pending"  # accepted, waiting for review, a tracking id or a manual upload
    LIVE = "live"
    INACTIVE = "inactive"
    FAILED = "failed"  # the create failed; see the open issue
    BANNED = "banned"
    DELETED = "deleted"


class StockState(StrEnum):
    IGNORED = "ignored"  # placed before the channel was connected: sales only, no stock effect
    NONE = "none"  # seen, holds nothing yet
    RESERVED = "reserved"  # promised, still on our shelf
    CONSUMED = "consumed"  # left the shelf: subtracted from on-hand once
    RELEASED = "released"  # cancelled before it left


class Channel(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("business_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    business_id: int = Field(foreign_key="business.id", index=True)
    name: str
    platform: str
    shop_id: str
    shop_name: str = ""
    settings: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    secrets_sealed: str = Field(default="", sa_column=Column(Text, nullable=False))
    access_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    refresh_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # price rule: master price -> channel price
    markup_pct: float = 0.0
    round_to: int = 1000
    price_floor: int | None = None
    price_ceiling: int | None = None
    # stock rule: available stock -> what this channel shows
    stock_pct: int = 100
    stock_buffer: int = 0
    stock_max: int | None = None
    zero_below: int = 0  # show 0 when available is at or below this...
    zero_exempt: bool = False  # ...unless this channel is the exempt one
    conflict_policy: str = "master_wins"  # or "flag": remote edits are reported, not overwritten
    interval_seconds: int = 300
    enabled: bool = True
    connected_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Binding(SQLModel, table=True):
    """One of our SKUs on one channel: the remote ids, what we last wrote, what we last saw."""

    __table_args__ = (UniqueConstraint("channel_id", "variant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: int = Field(foreign_key="channel.id", index=True)
    variant_id: int = Field(foreign_key="variant.id", index=True)
    sku: str
    listing_id: str = ""
    remote_variant_id: str = ""
    status: BindingStatus = BindingStatus.CREATING
    tracking_id: str = ""
    last_pushed_price: int | None = None
    last_pushed_stock: int | None = None
    stock_pushed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_content_hash: str = ""
    observed_price: int | None = None
    observed_stock: int | None = None
    observed_status: str = ""
    observed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    create_attempted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Cursor(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("channel_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: int = Field(foreign_key="channel.id", index=True)
    kind: str  # "listings" | "orders"
    value: str = ""
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SalesOrder(SQLModel, table=True):
    __tablename__ = "sales_order"
    __table_args__ = (UniqueConstraint("channel_id", "remote_id"),)

    id: int | None = Field(default=None, primary_key=True)
    business_id: int = Field(foreign_key="business.id", index=True)
    channel_id: int = Field(foreign_key="channel.id", index=True)
    remote_id: str
    status: str
    raw_status: str
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    total: int  # VND
    currency: str = "VND"
    buyer: str = ""
    stock_state: StockState = Field(default=StockState.IGNORED, index=True)
    first_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SalesOrderLine(SQLModel, table=True):
    __tablename__ = "sales_order_line"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="sales_order.id", index=True)
    variant_id: int | None = Field(default=None, foreign_key="variant.id", index=True)
    sku: str
    name: str = ""
    qty: int
    unit_price: int
    paid_price: int


class SyncRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    channel_id: int = Field(foreign_key="channel.id", index=True)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome: str = "running"  # ok | partial | failed | running
    listings_pulled: int = 0
    orders_pulled: int = 0
    ops_planned: int = 0
    ops_ok: int = 0
    ops_failed: int = 0
    write_calls: int = 0
    drift_found: int = 0
    error: str = ""


class SyncIssue(SQLModel, table=True):
    """A failed write (or a reply we could not read), visible until it succeeds or is ignored."""

    id: int | None = Field(default=None, primary_key=True)
    channel_id: int = Field(foreign_key="channel.id", index=True)
    variant_id: int | None = Field(default=None, foreign_key="variant.id")
    sku: str = ""
    op: str
    reason: str
    code: str = ""
    retryable: bool = False
    attempts: int = 1
    status: str = Field(default="open", index=True)  # open | resolved | ignored
    first_seen: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DriftRecord(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    channel_id: int = Field(foreign_key="channel.id", index=True)
    variant_id: int = Field(foreign_key="variant.id")
    sku: str
    field: str  # price | stock | status
    expected: str  # what we last wrote
    remote_value: str  # what the platform showed
    action: str  # repaired | flagged
    found_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
