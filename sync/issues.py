"""Sync issues: every failed write, visible with its reason until it succeeds or is ignored.

One open issue per (channel, SKU, operation); a repeat failure bumps its attempt count. Retryable
failures are tried again on the next tick by themselves; the others wait until someone asks for a
retry (`ocopsync retry`), so a rejected item does not burn calls every tick.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from connectors.base import OpKind
from sync.models import SyncIssue

OPEN = "open"
RETRY = "retry"  # a person asked to try again: not blocking, still visible


def record_failure(
    session: Session,
    *,
    channel_id: int,
    sku: str,
    op: str,
    reason: str,
    now: datetime,
    variant_id: int | None = None,
    code: str = "",
    retryable: bool = False,
) -> SyncIssue:
    issue = _current(session, channel_id, sku, op)
    if issue is None:
        issue = SyncIssue(
            channel_id=channel_id,
            variant_id=variant_id,
            sku=sku,
            op=op,
            reason=reason,
            attempts=0,
            first_seen=now,
        )
    issue.attempts += 1
    issue.reason, issue.code, issue.retryable = reason, code, retryable
    issue.status, issue.last_seen = OPEN, now
    session.add(issue)
    return issue


def resolve(session: Session, *, channel_id: int, sku: str, op: str, now: datetime) -> None:
    issue = _current(session, channel_id, sku, op)
    if issue is not None:
        issue.status, issue.last_seen = "resolved", now
        session.add(issue)


def _current(session: Session, channel_id: int, sku: str, op: str) -> SyncIssue | None:
    return session.exec(
        select(SyncIssue).where(
            SyncIssue.channel_id == channel_id,
            SyncIssue.sku == sku,
            SyncIssue.op == op,
            col(SyncIssue.status).in_((OPEN, RETRY)),
        )
    ).first()


def blocked_ops(session: Session, *, channel_id: int) -> set[tuple[str, OpKind]]:
    """(SKU, op) pairs whose last failure was not retryable and nobody asked to retry yet."""
    rows = session.exec(
        select(SyncIssue).where(
            SyncIssue.channel_id == channel_id,
            SyncIssue.status == OPEN,
            SyncIssue.retryable == False,  # noqa: E712
        )
    ).all()
    kinds = {k.value for k in OpKind}
    return {(i.sku, OpKind(i.op)) for i in rows if i.op in kinds}


def open_issues(session: Session, *, channel_id: int | None = None) -> list[SyncIssue]:
    query = select(SyncIssue).where(col(SyncIssue.status).in_((OPEN, RETRY)))
    if channel_id is not None:
        query = query.where(SyncIssue.channel_id == channel_id)
    return list(session.exec(query.order_by(col(SyncIssue.id))).all())


def request_retry(
    session: Session, *, channel_id: int | None = None, sku: str | None = None
) -> int:
    """Unblock open issues (all, one channel's, or one SKU's) for the next tick."""
    count = 0
    for issue in open_issues(session, channel_id=channel_id):
        if sku is None or issue.sku == sku:
            issue.status = RETRY
            session.add(issue)
            count += 1
    return count


def ignore(session: Session, *, issue_id: int) -> None:
    issue = session.get(SyncIssue, issue_id)
    if issue is not None:
        issue.status = "ignored"
        session.add(issue)
