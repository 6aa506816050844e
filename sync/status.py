"""What staff see per channel: live, pending, failed; orders; last good tick; open issues."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalog.models import Product, Variant
from sync import issues
from sync.models import Binding, BindingStatus, Channel, SalesOrder, SyncRun
from sync.sales import VN

_BUCKETS = {
    BindingStatus.LIVE: "live",
    BindingStatus.PENDING: "pending",
    BindingStatus.CREATING: "pending",
    BindingStatus.FAILED: "failed",
    BindingStatus.INACTIVE: "inactive",
    BindingStatus.BANNED: "failed",
    BindingStatus.DELETED: "inactive",
}


def _count(session: Session, model: Any, business_id: int) -> int:
    query = select(func.count()).select_from(model).where(model.business_id == business_id)
    return int(session.exec(query).one())


def channel_status(session: Session, channel: Channel) -> dict[str, Any]:
    listings = {"live": 0, "pending": 0, "failed": 0, "inactive": 0}
    for status, count in session.exec(
        select(Binding.status, func.count())
        .where(Binding.channel_id == channel.id)
        .group_by(Binding.status)
    ).all():
        listings[_BUCKETS[BindingStatus(status)]] += int(count)
    orders = session.exec(
        select(func.count()).select_from(SalesOrder).where(SalesOrder.channel_id == channel.id)
    ).one()
    last = session.exec(
        select(SyncRun)
        .where(
            SyncRun.channel_id == channel.id,
            SyncRun.outcome != "failed",
            SyncRun.outcome != "running",
        )
        .order_by(SyncRun.id.desc())  # type: ignore[union-attr]
    ).first()
    return {
        "channel": channel.name,
        "platform": channel.platform,
        "shop": channel.shop_name or channel.shop_id,
        "listings": listings,
        "orders": int(orders),
        "last_success": last.finished_at.astimezone(VN).isoformat()
        if last and last.finished_at
        else None,
        "open_issues": len(issues.open_issues(session, channel_id=channel.id)),
        "token_expires": channel.access_expires_at.astimezone(VN).isoformat()
        if channel.access_expires_at
        else None,
    }


def status(session: Session, *, business_id: int) -> dict[str, Any]:
    channels = session.exec(
        select(Channel).where(Channel.business_id == business_id).order_by(col(Channel.id))
    ).all()
    return {
        "catalog": {
            "products": _count(session, Product, business_id),
            "variants": _count(session, Variant, business_id),
        },
        "channels": [channel_status(session, c) for c in channels],
    }
