"""Pull: listings and orders from the platform into bindings and orders.

Idempotent: orders upsert by (channel, remote id); a cursor advances only in the transaction that
stored its page. A listing whose seller SKU is in our catalog is linked, never created again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from catalog.models import Variant
from connectors.base import Connector, ListingStatus, OrderLine, RemoteListing, RemoteOrder
from sync.models import Binding, BindingStatus, Channel, Cursor, SalesOrder, SalesOrderLine
from sync.stock import apply_stock_effect, initial_state

LISTING_OVERLAP = timedelta(minutes=5)

_STATUS = {
    ListingStatus.LIVE: BindingStatus.LIVE,
    ListingStatus.INACTIVE: BindingStatus.INACTIVE,
    ListingStatus.PENDING: BindingStatus.PENDING,
    ListingStatus.BANNED: BindingStatus.BANNED,
    ListingStatus.DELETED: BindingStatus.DELETED,
}


@dataclass
class PullResult:
    listings: int = 0
    orders: int = 0
    linked: int = 0
    stock_changed: set[int] = field(default_factory=set)
    duplicates: list[RemoteListing] = field(default_factory=list)


def get_cursor(session: Session, channel_id: int, kind: str) -> Cursor:
    cursor = session.exec(
        select(Cursor).where(Cursor.channel_id == channel_id, Cursor.kind == kind)
    ).first()
    return cursor or Cursor(channel_id=channel_id, kind=kind, value="")


def variants_by_sku(session: Session, business_id: int) -> dict[str, Variant]:
    query = select(Variant).where(Variant.business_id == business_id)
    return {v.sku: v for v in session.exec(query).all()}


def bindings_by_variant(session: Session, channel_id: int) -> dict[int, Binding]:
    query = select(Binding).where(Binding.channel_id == channel_id)
    return {b.variant_id: b for b in session.exec(query).all()}


def pull_listings(
    session: Session, channel: Channel, connector: Connector, *, now: datetime, full: bool = False
) -> PullResult:
    result = PullResult()
    cursor = get_cursor(session, channel.id or 0, "listings")
    since = None if full or not cursor.value else datetime.fromisoformat(cursor.value)
    by_sku = variants_by_sku(session, channel.business_id)
    bindings = bindings_by_variant(session, channel.id or 0)
    for remote in connector.iter_listings(since - LISTING_OVERLAP if since else None):
        result.listings += 1
        variant = by_sku.get(remote.sku)
        if variant is None or variant.id is None:
            continue  # not ours: a listing the seller manages by hand
        binding = bindings.get(variant.id)
        if binding is None:
            binding = Binding(channel_id=channel.id or 0, variant_id=variant.id, sku=variant.sku)
            bindings[variant.id] = binding
        if _observe(binding, remote, now, result):
            session.add(binding)
    cursor.value = now.isoformat()
    cursor.updated_at = now
    session.add(cursor)
    session.commit()
    return result


def _observe(binding: Binding, remote: RemoteListing, now: datetime, result: PullResult) -> bool:
    linked_elsewhere = binding.listing_id and (
        binding.listing_id != remote.listing_id or binding.remote_variant_id != remote.variant_id
    )
    if linked_elsewhere and binding.status not in (BindingStatus.DELETED, BindingStatus.FAILED):
        if remote.status is not ListingStatus.DELETED:
            result.duplicates.append(remote)  # the same SKU twice on the shop: a person decides
        return False
    if not binding.listing_id:
        result.linked += 1
    binding.listing_id = remote.listing_id
    binding.remote_variant_id = remote.variant_id
    binding.status = _STATUS[remote.status]
    binding.observed_price = remote.price
    binding.observed_stock = remote.stock
    binding.observed_status = remote.raw_status
    binding.observed_at = now
    binding.updated_at = now
    return True


def pull_orders(
    session: Session, channel: Channel, connector: Connector, *, now: datetime
) -> PullResult:
    result = PullResult()
    cursor = get_cursor(session, channel.id or 0, "orders")
    by_sku = variants_by_sku(session, channel.business_id)
    for page in connector.iter_orders(cursor.value or None, until=now):
        result.orders += len(page.orders)
        with session.no_autoflush:
            result.stock_changed |= _store_page(session, channel, page.orders, by_sku)
        cursor.value = page.cursor
        cursor.updated_at = now
        session.add(cursor)
        session.commit()  # the page and its cursor land together
    return result


def _store_page(
    session: Session, channel: Channel, remotes: list[RemoteOrder], by_sku: dict[str, Variant]
) -> set[int]:
    """Upsert one page of orders with a handful of queries, whatever the page size."""
    ids = [r.order_id for r in remotes]
    known = {
        o.remote_id: o
        for o in session.exec(
            select(SalesOrder).where(
                SalesOrder.channel_id == channel.id, col(SalesOrder.remote_id).in_(ids)
            )
        ).all()
    }
    lines: dict[int, list[SalesOrderLine]] = {}
    for line in session.exec(
        select(SalesOrderLine).where(
            col(SalesOrderLine.order_id).in_([o.id for o in known.values()])
        )
    ).all():
        lines.setdefault(line.order_id, []).append(line)
    fresh = {r.order_id: _new_order(channel, r) for r in remotes if r.order_id not in known}
    session.add_all(fresh.values())
    session.flush()  # ids for the new orders' lines
    for remote in remotes:
        if remote.order_id in fresh:
            order = fresh[remote.order_id]
            lines[order.id or 0] = [_line(order.id or 0, x, by_sku) for x in remote.lines]
            session.add_all(lines[order.id or 0])
    changed: set[int] = set()
    for remote in remotes:
        order = known.get(remote.order_id) or fresh[remote.order_id]
        changed |= _update_order(session, order, remote, lines.get(order.id or 0, []))
    return changed


def _new_order(channel: Channel, remote: RemoteOrder) -> SalesOrder:
    return SalesOrder(
        business_id=channel.business_id,
        channel_id=channel.id or 0,
        remote_id=remote.order_id,
        created_at=remote.created_at,
        stock_state=initial_state(remote.status, remote.created_at, channel.connected_at),
        status="",
        raw_status="",
        updated_at=remote.updated_at,
        total=remote.total,
    )


def _update_order(
    session: Session, order: SalesOrder, remote: RemoteOrder, lines: list[SalesOrderLine]
) -> set[int]:
    order.status = remote.status.value
    order.raw_status = remote.raw_status
    order.updated_at = remote.updated_at
    order.total = remote.total
    order.buyer = remote.buyer
    changed = apply_stock_effect(session, order, lines, remote.status)
    session.add(order)
    return {line.variant_id for line in lines if line.variant_id is not None} if changed else set()


def _line(order_id: int, line: OrderLine, by_sku: dict[str, Variant]) -> SalesOrderLine:
    variant = by_sku.get(line.sku)
    return SalesOrderLine(
        order_id=order_id,
        variant_id=variant.id if variant else None,
        sku=line.sku,
        name=line.name,
        qty=line.qty,
        unit_price=line.unit_price,
        paid_price=line.paid_price,
    )
