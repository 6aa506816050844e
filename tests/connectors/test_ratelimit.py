"""Token buckets on a fake clock: no real sleeping."""

from __future__ import annotations

import math
import threading

import pytest

from connectors.ratelimit import BucketRegistry, TokenBucket


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def clock(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.now += seconds


def test_burst_is_free_then_calls_are_spaced_by_the_rate() -> None:
    t = FakeTime()
    bucket = TokenBucket(rate=2, burst=3, clock=t.clock, sleep=t.sleep)
    waits = [bucket.acquire() for _ in range(6)]
    assert waits[:3] == [0, 0, 0]
    assert waits[3:] == pytest.approx([0.5, 0.5, 0.5])
    assert t.now == pytest.approx(1001.5)


def test_idle_time_refills_up_to_the_burst_only() -> None:
    t = FakeTime()
    bucket = TokenBucket(rate=1, burst=2, clock=t.clock, sleep=t.sleep)
    bucket.acquire()
    bucket.acquire()
    t.now += 100  # a long pause saves up no more than `burst`
    assert [bucket.acquire() for _ in range(3)] == [0, 0, pytest.approx(1.0)]


def test_reserve_reports_the_wait_without_sleeping() -> None:
    t = FakeTime()
    bucket = TokenBucket(rate=4, burst=1, clock=t.clock, sleep=t.sleep)
    assert bucket.reserve() == 0
    assert bucket.reserve() == pytest.approx(0.25)
    assert bucket.reserve() == pytest.approx(0.5)  # waiters queue up behind each other
    assert t.slept == []


def test_unlimited_rate_never_waits() -> None:
    t = FakeTime()
    bucket = TokenBucket(rate=math.inf, burst=1, clock=t.clock, sleep=t.sleep)
    assert sum(bucket.acquire() for _ in range(1000)) == 0


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-1, 1), (1, 0)])
def test_nonsense_settings_are_refused(rate: float, burst: int) -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate=rate, burst=burst)


def test_threads_share_one_budget() -> None:
    t = FakeTime()
    bucket = TokenBucket(rate=10, burst=1, clock=t.clock, sleep=lambda s: None)
    waits: list[float] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(25):
            w = bucket.reserve()
            with lock:
                waits.append(w)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    # 100 tokens at 10/s with the clock standing still: the reservations spread over 9.9 s.
    assert sorted(waits) == pytest.approx([i / 10 for i in range(100)])


def test_registry_keeps_one_bucket_per_platform_and_shop() -> None:
    t = FakeTime()
    registry = BucketRegistry(clock=t.clock, sleep=t.sleep)
    a = registry.bucket("shopee", "1", rate=5, burst=5)
    assert registry.bucket("shopee", "1", rate=99, burst=99) is a  # first caller sets it up
    assert registry.bucket("shopee", "2", rate=5) is not a
    assert registry.bucket("lazada", "1", rate=5) is not a
    assert len(registry) == 3
