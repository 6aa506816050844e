"""Available stock = on hand − units reserved by open orders on every channel.

An order's lines move through `StockState` once each way: reserved while open, consumed (taken off
on-hand exactly once) when the goods leave, released when cancelled before they leave. Orders
already closed when the channel was connected count for sales only: the owner's stock count
already reflects them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalog import crud
from catalog.models import StockLevel, Variant
from connectors.base import OrderStatus
from sync.models import Binding, SalesOrder, SalesOrderLine, StockState

log = logging.getLogger(__name__)


def on_hand_by_variant(session: Session, *, business_id: int) -> dict[int, int]:
    query = (
        select(StockLevel.variant_id, func.sum(StockLevel.on_hand))
        .join(Variant, Variant.id == StockLevel.variant_id)  # type: ignore[arg-type]
        .where(Variant.business_id == business_id)
        .group_by(StockLevel.variant_id)  # type: ignore[arg-type]
    )
    return {int(vid): int(qty or 0) for vid, qty in session.exec(query).all() if vid is not None}


def reserved_by_variant(session: Session, *, business_id: int) -> dict[int, int]:
    query = (
        select(SalesOrderLine.variant_id, func.sum(SalesOrderLine.qty))
        .join(SalesOrder, SalesOrder.id == SalesOrderLine.order_id)  # type: ignore[arg-type]
        .where(
            SalesOrder.business_id == business_id,
            SalesOrder.stock_state == StockState.RESERVED,
            SalesOrderLine.variant_id.is_not(None),  # type: ignore[union-attr]
        )
        .group_by(SalesOrderLine.variant_id)  # type: ignore[arg-type]
    )
    return {int(vid): int(qty or 0) for vid, qty in session.exec(query).all() if vid is not None}


def available_by_variant(session: Session, *, business_id: int) -> dict[int, int]:
    on_hand = on_hand_by_variant(session, business_id=business_id)
    reserved = reserved_by_variant(session, business_id=business_id)
    return {vid: qty - reserved.get(vid, 0) for vid, qty in on_hand.items()}


def target_state(status: OrderStatus, current: StockState) -> StockState:
    effect = status.stock_effect
    if current is StockState.IGNORED:
        return StockState.IGNORED
    if effect == "reserve":
        return StockState.RESERVED if current is not StockState.CONSUMED else current
    if effect == "consume":
        return StockState.CONSUMED
    # cancelled: units not yet gone come back; units already gone stay gone (returns are counted
    # in by the owner when they arrive, not guessed here)
    return StockState.RELEASED if current is not StockState.CONSUMED else current


def initial_state(status: OrderStatus, created_at: datetime, connected_at: datetime) -> StockState:
    """Orders already closed when the channel was connected are in the owner's stock count.

    One placed earlier but still open is not: its units are on the shelf yet promised, so it
    reserves them like any new order (and is taken off on-hand when it ships)."""
    if created_at < connected_at and status.stock_effect != "reserve":
        return StockState.IGNORED
    return StockState.NONE


def _take_off(session: Session, variant_id: int, qty: int, order_id: str) -> None:
    try:
        crud.adjust_on_hand(session, variant_id=variant_id, delta=-qty)
    except ValueError:
        # more left than we counted: the count was wrong; floor at zero and say so
        log.warning(
            "order %s ships more of variant %s than on hand; stock set to 0", order_id, variant_id
        )
        crud.set_on_hand(session, variant_id=variant_id, qty=0)


def _holds(state: StockState) -> bool:
    """Whether an order in this state keeps its units out of "available"."""
    return state in (StockState.RESERVED, StockState.CONSUMED)


def apply_stock_effect(
    session: Session, order: SalesOrder, lines: Iterable[SalesOrderLine], status: OrderStatus
) -> bool:
    """Move the order to the state its status implies; True when available stock changed."""
    new = target_state(status, order.stock_state)
    old = order.stock_state
    if new is old:
        return False
    if new is StockState.CONSUMED:
        for line in lines:
            if line.variant_id is not None:
                _take_off(session, line.variant_id, line.qty, order.remote_id)
    order.stock_state = new
    return _holds(old) != _holds(new)


def sold_since_push(
    session: Session, *, channel_id: int, bindings: Mapping[int, Binding]
) -> dict[int, int]:
    """Units this channel's buyers took per variant after our last stock write there (cancelled
    orders gave theirs back). The platform lowers its own count for these by itself."""
    since = [b.stock_pushed_at for b in bindings.values() if b.stock_pushed_at is not None]
    if not since:
        return {}
    rows = session.exec(
        select(SalesOrderLine.variant_id, SalesOrderLine.qty, SalesOrder.created_at)
        .join(SalesOrder, col(SalesOrder.id) == col(SalesOrderLine.order_id))
        .where(
            SalesOrder.channel_id == channel_id,
            col(SalesOrder.created_at) >= min(since),
            SalesOrder.status != OrderStatus.CANCELLED.value,
        )
    ).all()
    sold: dict[int, int] = {}
    for variant_id, qty, created in rows:
        binding = bindings.get(variant_id or 0)
        if binding and binding.stock_pushed_at and created >= binding.stock_pushed_at:
            sold[variant_id or 0] = sold.get(variant_id or 0, 0) + qty
    return sold
