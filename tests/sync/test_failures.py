"""The engine under trouble: expired tokens, rate limits, garbage replies, a killed process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from typing import Any

from sync.models import BindingStatus
from tests.sync.test_engine import ITEMS, SKUS
from tests.sync.world import World


def test_an_expired_token_is_refreshed_and_the_push_completes(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a")
    sealed_before = world.channel(shop).secrets_sealed
    world.faults(expire_tokens=True)
    [report] = world.sync(shop)
    assert report.run.outcome == "ok", report.run.error
    assert len(world.items(shop)) == ITEMS
    assert world.calls().get("/api/v2/auth/access_token/get") == 1
    after = world.channel(shop)
    assert after.secrets_sealed != sealed_before  # the rotated pair was stored
    world.reset_stats()
    world.sync(shop)  # and it works: the new token is used, nothing refreshed again
    assert world.calls().get("/api/v2/auth/access_token/get", 0) == 0


def test_a_rate_limit_burst_is_ridden_out_without_duplicates(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a")
    world.faults(rate_limit_burst=6, busy_burst=2)
    [report] = world.sync(shop)
    assert report.run.outcome == "ok", report.run.error
    skus = Counter(sku for item in world.items(shop) for sku in _skus(item))
    assert len(world.items(shop)) == ITEMS
    assert len(skus) == SKUS and set(skus.values()) == {1}
    assert world.waits, "the client backed off before trying again"
    assert world.control("GET", "/_control/stats")["errors"].get("error_rate_limit", 0) >= 6


def test_a_garbage_reply_becomes_a_visible_issue_then_heals(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a")
    world.sync(shop)
    world.faults(garbage_burst=1000, paths=["/api/v2/product/get_item_list"])
    [report] = world.sync(shop)
    assert report.run.outcome == "failed"
    [issue] = world.issues(shop)
    assert issue.op == "tick" and issue.retryable
    assert "reply" in issue.reason.lower() or "json" in issue.reason.lower(), issue.reason
    world.control("DELETE", "/_control/faults")
    [healed] = world.sync(shop)
    assert healed.run.outcome == "ok"
    assert world.issues(shop) == []


def test_a_push_killed_midway_and_rerun_leaves_no_duplicates(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a")
    world.faults(latency_ms=120, paths=["/api/v2/product/add_item"])
    env = {
        **os.environ,
        "DATABASE_URL": world.db.url.render_as_string(hide_password=False),
        "OCOPSYNC_SECRET_KEY": world.key,
        "OCOPSYNC_BUSINESS": "soctrang",
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "ocopsync", "sync"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while world.calls().get("/api/v2/product/add_item", 0) < 5:
            assert child.poll() is None, "the push finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    world.control("DELETE", "/_control/faults")
    before = len(world.items(shop))
    assert 0 < before < ITEMS

    [report] = world.sync(shop)
    assert report.run.outcome == "ok", report.run.error
    skus = Counter(sku for item in world.items(shop) for sku in _skus(item))
    assert len(world.items(shop)) == ITEMS
    assert len(skus) == SKUS and set(skus.values()) == {1}
    assert {b.status for b in world.bindings(shop).values()} == {BindingStatus.LIVE}
    world.reset_stats()
    world.sync(shop)
    assert world.write_calls() == 0, world.calls()


def _skus(item: dict[str, Any]) -> list[str]:
    models: list[dict[str, Any]] = item.get("models") or []
    if models:
        return [str(m["model_sku"]) for m in models]
    return [str(item["item_sku"])]


def test_a_second_sync_of_a_busy_channel_is_skipped_not_doubled(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a")
    world.faults(latency_ms=100, paths=["/api/v2/product/add_item"])
    first = threading.Thread(target=world.sync, args=(shop,))
    first.start()
    try:
        deadline = time.monotonic() + 60
        while world.calls().get("/api/v2/product/add_item", 0) < 2:
            assert first.is_alive() and time.monotonic() < deadline
            time.sleep(0.02)
        [second] = world.sync(shop)  # while the first is still pushing
        assert second.run.outcome == "skipped"
    finally:
        first.join()
    skus = Counter(sku for item in world.items(shop) for sku in _skus(item))
    assert len(world.items(shop)) == ITEMS
    assert len(skus) == SKUS and set(skus.values()) == {1}
