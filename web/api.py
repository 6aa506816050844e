"""REST API under /api (OpenAPI at /docs). Sign in with the session cookie of the pages, or send
HTTP basic credentials (email:password) with each call. Everything is scoped to the user's
business: another business's channel, issue or product answers 404."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from pydantic import BaseModel, Field

from web import catalog, dashboard, sales, scope
from web.auth import DB, ApiUser, require_manager, state

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/channels")
def channels(session: DB, user: ApiUser) -> list[dict[str, Any]]:
    """Every channel with its status, then registered platforms not connected yet."""
    return dashboard.cards(session, user.business_id)


@router.get("/channels/{channel_id}")
def channel(channel_id: int, session: DB, user: ApiUser) -> dict[str, Any]:
    return dashboard.channel_card(session, scope.channel(session, user.business_id, channel_id))


@router.get("/channels/{channel_id}/plan")
def plan(request: Request, channel_id: int, session: DB, user: ApiUser) -> dict[str, Any]:
    """What a sync of this channel would change now, without changing it."""
    found = scope.channel(session, user.business_id, channel_id)
    return dashboard.plan_dict(dashboard.plan_of(session, state(request), found))


@router.post("/channels/{channel_id}/sync")
def sync(request: Request, channel_id: int, session: DB, user: ApiUser) -> dict[str, str]:
    """Wake the channel's scheduled tick, or run one now when no scheduler runs here."""
    found = scope.channel(session, user.business_id, channel_id)
    return {"channel": found.name, "result": dashboard.sync_now(state(request), found)}


@router.get("/listings")
def listings(session: DB, user: ApiUser) -> list[dict[str, Any]]:
    _names, rows = dashboard.listing_rows(session, user.business_id)
    return [row.__dict__ for row in rows]


@router.get("/issues")
def issues(session: DB, user: ApiUser) -> list[dict[str, Any]]:
    return dashboard.issue_rows(session, user.business_id)


@router.post("/issues/{issue_id}/retry")
def retry(issue_id: int, session: DB, user: ApiUser) -> dict[str, str]:
    dashboard.retry(session, scope.issue(session, user.business_id, issue_id))
    return {"status": "retry"}


@router.post("/issues/{issue_id}/ignore")
def ignore(issue_id: int, session: DB, user: ApiUser) -> dict[str, str]:
    dashboard.ignore(session, scope.issue(session, user.business_id, issue_id))
    return {"status": "ignored"}


@router.get("/sales")
def sales_rollup(
    session: DB,
    user: ApiUser,
    by: str = "platform",
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    """The same figures as `ocopsync sales --by ... --since ... --until ... --json`."""
    require_manager(user)
    try:
        period = sales.Period(by, since, until).check()
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    rows = sales.as_dicts(sales.rows_for(session, user.business_id, period))
    total = sales.total_for(session, user.business_id, period)
    return {"by": by, "rows": rows, "total": total.__dict__}


@router.get("/catalog")
def catalog_list(session: DB, user: ApiUser, q: str = "") -> list[dict[str, Any]]:
    return [i.__dict__ for i in catalog.browse(session, user.business_id, q)]


@router.get("/catalog/{variant_id}")
def catalog_item(variant_id: int, session: DB, user: ApiUser) -> dict[str, Any]:
    variant, product = scope.variant(session, user.business_id, variant_id)
    return catalog.item(session, variant, product).__dict__


class Edit(BaseModel):
    price: int | None = Field(default=None, gt=0)
    stock: int | None = Field(default=None, ge=0)


@router.patch("/catalog/{variant_id}")
def catalog_edit(variant_id: int, body: Edit, session: DB, user: ApiUser) -> dict[str, Any]:
    variant, product = scope.variant(session, user.business_id, variant_id)
    catalog.edit(session, variant, price=body.price, stock=body.stock)
    return catalog.item(session, variant, product).__dict__


@router.post("/catalog/upload")
async def catalog_upload(
    session: DB, user: ApiUser, file: Annotated[UploadFile, File()]
) -> dict[str, Any]:
    data = await file.read()
    try:
        report = catalog.upload(session, user.business_id, file.filename or "", data)
    except catalog.UploadRefused as exc:
        raise HTTPException(400, str(exc)) from exc
    return catalog.report_dict(report)
