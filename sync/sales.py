"""Sales rollups: revenue, orders and units by platform, channel, product or month.

Revenue is what buyers paid for the goods (paid unit price × quantity), cancelled orders excluded
and counted apart. Months are calendar months in Asia/Ho_Chi_Minh, the seller's own calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from catalog.models import Product, Variant
from connectors.base import OrderStatus
from sync.models import Channel, SalesOrder, SalesOrderLine

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DIMENSIONS = ("platform", "channel", "product", "month")


@dataclass
class SalesRow:
    key: str
    orders: int = 0
    units: int = 0
    revenue: int = 0
    cancelled: int = 0


def _lines(
    session: Session, business_id: int, since: datetime | None, until: datetime | None
) -> Iterable[tuple[SalesOrder, SalesOrderLine, Channel, str]]:
    query = (
        select(SalesOrder, SalesOrderLine, Channel, Product.name)
        .join(SalesOrderLine, SalesOrderLine.order_id == SalesOrder.id)  # type: ignore[arg-type]
        .join(Channel, Channel.id == SalesOrder.channel_id)  # type: ignore[arg-type]
        .outerjoin(Variant, Variant.id == SalesOrderLine.variant_id)  # type: ignore[arg-type]
        .outerjoin(Product, Product.id == Variant.product_id)  # type: ignore[arg-type]
        .where(SalesOrder.business_id == business_id)
    )
    if since is not None:
        query = query.where(SalesOrder.created_at >= since)
    if until is not None:
        query = query.where(SalesOrder.created_at < until)
    return session.exec(query).all()


def _key(
    by: str, order: SalesOrder, line: SalesOrderLine, channel: Channel, product: str | None
) -> str:
    if by == "platform":
        return channel.platform
    if by == "channel":
        return channel.name
    if by == "product":
        return product or line.name or line.sku
    return order.created_at.astimezone(VN).strftime("%Y-%m")


def rollup(
    session: Session,
    *,
    business_id: int,
    by: str = "platform",
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[SalesRow]:
    if by not in DIMENSIONS:
        raise ValueError(f"sales can be grouped by {', '.join(DIMENSIONS)}, not {by!r}")
    rows: dict[str, SalesRow] = {}
    seen: dict[str, set[int]] = {}
    for order, line, channel, product in _lines(session, business_id, since, until):
        key = _key(by, order, line, channel, product)
        row = rows.setdefault(key, SalesRow(key))
        first = order.id not in seen.setdefault(key, set())
        seen[key].add(order.id or 0)
        if order.status == OrderStatus.CANCELLED.value:
            row.cancelled += int(first)
            continue
        row.orders += int(first)
        row.units += line.qty
        row.revenue += line.qty * line.paid_price
    ordered = sorted(rows.values(), key=lambda r: r.key if by == "month" else -r.revenue)
    return ordered


def total(
    session: Session,
    *,
    business_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
) -> SalesRow:
    """The period's totals. Every order has one platform, so summing that rollup counts each
    order once (a product rollup would count an order once per product in it)."""
    row = SalesRow("total")
    for part in rollup(session, business_id=business_id, by="platform", since=since, until=until):
        row.orders += part.orders
        row.units += part.units
        row.revenue += part.revenue
        row.cancelled += part.cancelled
    return row
