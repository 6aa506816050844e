"""Lookups scoped to one business: anything of another business is simply not found (404)."""

from __future__ import annotations

from fastapi import HTTPException
from sqlmodel import Session

from catalog.models import Product, Variant
from sync.models import Channel, SyncIssue


def _missing(what: str) -> HTTPException:
    return HTTPException(404, f"no such {what}")


def channel(session: Session, business_id: int, channel_id: int) -> Channel:
    found = session.get(Channel, channel_id)
    if found is None or found.business_id != business_id:
        raise _missing("channel")
    return found


def issue(session: Session, business_id: int, issue_id: int) -> SyncIssue:
    found = session.get(SyncIssue, issue_id)
    if found is None:
        raise _missing("issue")
    channel(session, business_id, found.channel_id)  # 404 unless the issue's channel is ours
    return found


def variant(session: Session, business_id: int, variant_id: int) -> tuple[Variant, Product]:
    found = session.get(Variant, variant_id)
    if found is None or found.business_id != business_id:
        raise _missing("product")
    product = session.get(Product, found.product_id)
    assert product is not None
    return found, product
