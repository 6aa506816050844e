"""Webhook receivers: verify through the platform's connector, then only wake the channel's tick.

Nothing in a push is read before a connector of one of our channels on that platform verifies its
signature (Shopee: `Authorization` = HMAC-SHA256 over callback URL | raw body). A forged push gets
401 and changes nothing; a verified one gets an empty 200 at once, the tick runs afterwards.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request, Response
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool

from connectors import registry
from connectors.base import WebhookEvent
from connectors.errors import AuthError, ConnectorError
from sync.models import Channel
from web.auth import WebState, state

log = logging.getLogger(__name__)
router = APIRouter(tags=["webhooks"])


def _verified(
    web: WebState, platform: str, url: str, headers: dict[str, str], body: bytes
) -> tuple[Channel, list[WebhookEvent]] | None:
    if web.engine is None:
        raise HTTPException(503, "no sync engine runs in this process")
    with Session(web.db, expire_on_commit=False) as session:
        channels = session.exec(select(Channel).where(Channel.platform == platform)).all()
    for channel in channels:
        try:
            return channel, web.engine.connector(channel).parse_webhook(url, headers, body)
        except AuthError:
            continue  # not signed with this channel's keys; try the next shop
        except ConnectorError as exc:
            raise HTTPException(400, exc.reason) from exc
    return None


def _to_wake(web: WebState, channel: Channel, events: list[WebhookEvent]) -> set[int]:
    """The verified channel, or the channel of the same platform and app the event names."""
    shops = {e.shop_id for e in events if e.shop_id}
    if not shops or shops == {channel.shop_id}:
        return {channel.id or 0}
    with Session(web.db) as session:
        query = select(Channel.id).where(
            Channel.platform == channel.platform,
            Channel.business_id == channel.business_id,
            Channel.shop_id.in_(shops),  # type: ignore[attr-defined]
        )
        return {i for i in session.exec(query).all() if i is not None}


def wake(web: WebState, channel_id: int) -> None:
    scheduler = web.scheduler
    if scheduler is not None and scheduler.scheduler.running:
        scheduler.wake(channel_id)
    elif web.engine is not None:
        web.engine.tick(channel_id)


@router.post("/webhooks/{platform}", status_code=200, response_class=Response)
async def receive(platform: str, request: Request, background: BackgroundTasks) -> Response:
    if platform not in registry.platforms():
        raise HTTPException(404, "no such platform")
    web = state(request)
    body = await request.body()
    headers = dict(request.headers)
    found = await run_in_threadpool(_verified, web, platform, str(request.url), headers, body)
    if found is None:
        log.warning("rejected a %s webhook with a bad signature", platform)
        raise HTTPException(401, "bad signature")
    channel, events = found
    if not web.pushes.first_time(platform, body):
        return Response(status_code=200)  # a repeat delivery: already acted on
    for channel_id in _to_wake(web, channel, events):
        background.add_task(wake, web, channel_id)
    return Response(status_code=200)
