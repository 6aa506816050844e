"""What the staff pages and the API show: channels, listings, issues, plans; and `sync now`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException
from sqlalchemy import func
from sqlmodel import Session, select

from catalog import crud
from connectors import registry
from sync import issues
from sync.channels import list_channels
from sync.desired import desired_state
from sync.models import Binding, Channel, DriftRecord, SyncIssue
from sync.planner import Plan
from sync.status import channel_status
from sync.tick import SyncEngine
from web.auth import WebState


def drift_count(session: Session, channel_id: int) -> int:
    query = select(func.count()).select_from(DriftRecord)
    return int(session.exec(query.where(DriftRecord.channel_id == channel_id)).one())


def channel_card(session: Session, channel: Channel) -> dict[str, Any]:
    card = channel_status(session, channel)
    card.update(
        id=channel.id,
        connected=True,
        enabled=channel.enabled,
        drift=drift_count(session, channel.id or 0),
        issues=[issue_row(i, channel) for i in issues.open_issues(session, channel_id=channel.id)],
    )
    return card


def cards(session: Session, business_id: int) -> list[dict[str, Any]]:
    """Every connected channel, then every registered platform that has none yet."""
    channels = list_channels(session, business_id=business_id)
    found = [channel_card(session, c) for c in channels]
    used = {c.platform for c in channels}
    for platform in registry.platforms():
        if platform not in used:
            spec = registry.get(platform)
            found.append({"platform": platform, "channel": spec.display_name, "connected": False})
    return found


def issue_row(issue: SyncIssue, channel: Channel) -> dict[str, Any]:
    return {
        "id": issue.id,
        "channel_id": channel.id,
        "channel": channel.name,
        "platform": channel.platform,
        "sku": issue.sku,
        "op": issue.op,
        "reason": issue.reason,
        "code": issue.code,
        "retryable": issue.retryable,
        "attempts": issue.attempts,
        "status": issue.status,
        "last_seen": issue.last_seen.isoformat(),
    }


def issue_rows(session: Session, business_id: int) -> list[dict[str, Any]]:
    rows = []
    for channel in list_channels(session, business_id=business_id):
        rows += [issue_row(i, channel) for i in issues.open_issues(session, channel_id=channel.id)]
    return rows


@dataclass
class ListingRow:
    variant_id: int
    sku: str
    name: str
    master_price: int
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)


def listing_rows(session: Session, business_id: int) -> tuple[list[str], list[ListingRow]]:
    """Per SKU, per channel: what the shop shows (remote) against what it should show (desired)."""
    rows = {
        v.id or 0: ListingRow(v.id or 0, v.sku, p.name, v.price)
        for v, p in crud.list_variants(session, business_id=business_id)
    }
    channels = list_channels(session, business_id=business_id)
    for channel in channels:
        bindings = {
            b.variant_id: b
            for b in session.exec(select(Binding).where(Binding.channel_id == channel.id)).all()
        }
        for want in desired_state(session, channel):
            row = rows.get(want.variant_id)
            if row is None:
                continue
            bound = bindings.get(want.variant_id)
            row.channels[channel.name] = {
                "desired_price": want.price,
                "desired_stock": want.stock,
                "remote_price": bound.observed_price if bound else None,
                "remote_stock": bound.observed_stock if bound else None,
                "status": bound.status.value if bound else "not listed",
            }
    return [c.name for c in channels], list(rows.values())


def plan_of(session: Session, web: WebState, channel: Channel) -> Plan:
    return _engine(web).plan(session, channel)


def plan_dict(plan: Plan) -> dict[str, Any]:
    def op(o: Any) -> dict[str, Any]:
        return {
            "kind": o.kind.value,
            "sku": o.sku,
            "price": o.price,
            "stock": o.stock,
            "active": o.active,
            "reason": o.reason,
        }

    return {
        "channel": plan.channel,
        "platform": plan.platform,
        "operations": [op(o) for o in plan.operations],
        "blocked": [op(o) for o in plan.blocked],
        "drift": [
            {"sku": d.sku, "field": d.field, "expected": d.expected, "remote": d.remote_value}
            for d in plan.drift
        ],
    }


def sync_now(web: WebState, channel: Channel) -> str:
    """Wake the channel's job when a scheduler runs here; otherwise tick it right away."""
    scheduler = web.scheduler
    job = f"tick:{channel.id}"
    if scheduler is not None and scheduler.scheduler.running and scheduler.scheduler.get_job(job):
        scheduler.wake(channel.id or 0)
        return "woken"
    report = _engine(web).tick(channel.id or 0)
    return report.run.outcome


def retry(session: Session, issue: SyncIssue) -> None:
    issues.request_retry(session, channel_id=issue.channel_id, sku=issue.sku)
    session.commit()


def ignore(session: Session, issue: SyncIssue) -> None:
    issues.ignore(session, issue_id=issue.id or 0)
    session.commit()


def _engine(web: WebState) -> SyncEngine:
    if web.engine is None:
        raise HTTPException(503, "no sync engine runs in this process")
    return web.engine
