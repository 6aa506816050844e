"""The scheduler: one job per channel, ticks that fail are recorded and never stop it."""

from __future__ import annotations

import queue
from datetime import timedelta

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from sqlmodel import Session, col, select

from catalog.types import utcnow
from scheduler import SyncScheduler
from sync.models import SyncRun
from tests.sync.world import World

ITEM_LIST = "/api/v2/product/get_item_list"


def _next_tick(events: queue.Queue[JobExecutionEvent], job_id: str) -> JobExecutionEvent:
    while True:
        event = events.get(timeout=120)
        if event.job_id == job_id:
            return event


def _last_run(world: World) -> SyncRun:
    with Session(world.db) as session:
        return session.exec(select(SyncRun).order_by(col(SyncRun.id).desc())).first()  # type: ignore[return-value]


def test_ticks_run_fail_visibly_and_the_scheduler_keeps_going(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a", interval_seconds=3600)
    sched = SyncScheduler(world.engine)
    events: queue.Queue[JobExecutionEvent] = queue.Queue()
    sched.scheduler.add_listener(events.put, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    sched.start()
    job_id = f"tick:{shop.id}"
    try:
        job = sched.scheduler.get_job(job_id)
        assert job is not None and job.max_instances == 1 and job.coalesce
        assert _next_tick(events, job_id).exception is None
        assert _last_run(world).outcome == "ok"

        world.faults(garbage_burst=1000, paths=[ITEM_LIST])
        sched.wake(shop.id or 0)
        assert _next_tick(events, job_id).exception is None  # the failure stayed inside the tick
        assert _last_run(world).outcome == "failed"
        assert sched.scheduler.running

        world.control("DELETE", "/_control/faults")
        sched.wake(shop.id or 0)
        _next_tick(events, job_id)
        assert _last_run(world).outcome == "ok"
        assert world.issues(shop) == []
    finally:
        sched.shutdown()


def test_tokens_close_to_expiry_are_refreshed_ahead(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a")
    expires = world.channel(shop).access_expires_at
    assert expires is not None
    sched = SyncScheduler(world.engine)
    assert sched.refresh_tokens(now=utcnow()) == 0  # four hours left: nothing to do
    assert sched.refresh_tokens(now=expires - timedelta(minutes=10)) == 1
    assert world.channel(shop).access_expires_at != expires
    assert world.calls().get("/api/v2/auth/access_token/get") == 1


def test_authorization_expiry_is_exported_for_the_alert(world: World) -> None:
    from prometheus_client import REGISTRY

    world.import_sample()
    shop = world.add_channel("shopee-auth")
    world.sync(shop)
    refresh_ends = world.channel(shop).refresh_expires_at
    assert refresh_ends is not None
    value = REGISTRY.get_sample_value(
        "ocopsync_authorization_expiry_timestamp_seconds",
        {"channel": "shopee-auth", "platform": "shopee"},
    )
    assert value == refresh_ends.timestamp()  # 30 days out on Shopee: the alert stays quiet
