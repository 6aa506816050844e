"""Webhooks: a forged push is 401 and changes nothing; a verified one makes the channel tick."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from scheduler import SyncScheduler
from sync.models import Channel, SyncIssue, SyncRun
from tests.sync.world import World
from web.app import create_app
from web.auth import WebState

URL = "http://testserver/webhooks/shopee"


def push(channel: Channel, code: int = 3) -> bytes:
    body = {
        "code": code,
        "shop_id": int(channel.shop_id),
        "timestamp": 1764720000,
        "data": {"ordersn": "2512030001", "status": "READY_TO_SHIP"},
    }
    return json.dumps(body).encode()


def signature(key: str, body: bytes, url: str = URL) -> str:
    # Shopee push rule: hex HMAC-SHA256 of "<callback url>|<raw body>" under the partner key.
    return hmac.new(key.encode(), url.encode() + b"|" + body, hashlib.sha256).hexdigest()


def partner_key(world: World, channel: Channel) -> str:
    return world.box.open(world.channel(channel).secrets_sealed)["partner_key"]


def runs(world: World) -> int:
    with Session(world.db) as session:
        return int(session.exec(select(func.count()).select_from(SyncRun)).one())


def snapshot(world: World) -> tuple[int, list[tuple[int | None, str, int]]]:
    with Session(world.db) as session:
        found = session.exec(select(SyncIssue)).all()
        return runs(world), [(i.id, i.status, i.attempts) for i in found]


def test_a_forged_push_is_refused_and_changes_nothing(
    client: TestClient, world: World, channel: Channel
) -> None:
    before = snapshot(world)
    body = push(channel)
    for headers in (
        {},
        {"Authorization": signature("not-the-key", body)},
        {"Authorization": signature(partner_key(world, channel), body + b" ")},
        {"Authorization": signature(partner_key(world, channel), body, URL + "x")},
    ):
        reply = client.post("/webhooks/shopee", content=body, headers=headers)
        assert reply.status_code == 401
    assert snapshot(world) == before
    assert client.post("/webhooks/nowhere", content=body).status_code == 404


def test_a_verified_push_ticks_the_channel_when_no_scheduler_runs(
    client: TestClient, world: World, channel: Channel
) -> None:
    before = runs(world)
    body = push(channel)
    headers = {"Authorization": signature(partner_key(world, channel), body)}
    reply = client.post("/webhooks/shopee", content=body, headers=headers)
    assert reply.status_code == 200 and reply.content == b""
    assert runs(world) == before + 1


@pytest.fixture
def paused(world: World) -> Iterator[SyncScheduler]:
    scheduler = SyncScheduler(world.engine)
    scheduler.scheduler.start(paused=True)
    yield scheduler
    scheduler.scheduler.shutdown(wait=False)


def test_a_verified_push_wakes_the_scheduled_tick_once(
    world: World, channel: Channel, paused: SyncScheduler
) -> None:
    paused.refresh_jobs()
    job = paused.scheduler.get_job(f"tick:{channel.id}")
    assert job is not None
    later = datetime.now(UTC) + timedelta(hours=1)
    job.modify(next_run_time=later)
    app = create_app(world.db, paused, secret="s")
    assert isinstance(app.state.web, WebState)
    before = runs(world)
    body = push(channel)
    with TestClient(app) as client:
        headers = {"Authorization": signature(partner_key(world, channel), body)}
        assert client.post("/webhooks/shopee", content=body, headers={}).status_code == 401
        assert paused.scheduler.get_job(f"tick:{channel.id}").next_run_time == later
        assert client.post("/webhooks/shopee", content=body, headers=headers).status_code == 200
        woken = paused.scheduler.get_job(f"tick:{channel.id}").next_run_time
        assert woken < later  # due now: the paused scheduler would run it next
        job.modify(next_run_time=later)
        repeat = client.post("/webhooks/shopee", content=body, headers=headers)
        assert repeat.status_code == 200 and repeat.content == b""
        assert paused.scheduler.get_job(f"tick:{channel.id}").next_run_time == later
    assert runs(world) == before  # woken, not ticked inline
