"""APScheduler wiring: when each channel ticks. No sync logic lives here.

Jobs: one tick per channel (stable id `tick:<channel id>`, `max_instances=1`, `coalesce=True`), a
token refresh ahead of expiry, an hourly full reconcile (the next tick of every channel pulls the
whole shop), a daily retention sweep, and a minute job that picks up channels added or removed
while running. An order found on one channel wakes the other channels of that business at once.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from apscheduler.job import Job
from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import Session, col, delete, select

from catalog.types import utcnow
from sync.models import Channel, DriftRecord, SyncIssue, SyncRun
from sync.tick import SyncEngine, TickReport

log = logging.getLogger(__name__)

REFRESH_AHEAD = timedelta(minutes=30)
KEEP_RUNS = timedelta(days=30)
KEEP_RESOLVED = timedelta(days=90)


class SyncScheduler:
    def __init__(self, engine: SyncEngine, *, start_delay: float = 0.0) -> None:
        self.engine = engine
        self.scheduler = BackgroundScheduler(timezone="UTC")
        self._full_next: set[int] = set()
        self._lock = threading.Lock()
        self._start_delay = start_delay

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        self.scheduler.start()
        self.refresh_jobs()
        add = self.scheduler.add_job
        add(
            self.refresh_jobs,
            "interval",
            minutes=1,
            id="channels",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
        )
        add(
            self.refresh_tokens,
            "interval",
            minutes=10,
            id="token-refresh",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            next_run_time=utcnow(),
        )
        add(
            self.full_reconcile,
            "interval",
            hours=1,
            id="reconcile",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
        )
        add(
            self.retention,
            "interval",
            days=1,
            id="retention",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
        )

    def shutdown(self) -> None:
        self.scheduler.shutdown(wait=True)

    def jobs(self) -> list[Job]:
        return list(self.scheduler.get_jobs())

    # --- channel ticks --------------------------------------------------------------------

    def refresh_jobs(self) -> None:
        with Session(self.engine.db) as session:
            channels = session.exec(select(Channel).where(Channel.enabled == True)).all()  # noqa: E712
        wanted = {f"tick:{c.id}": c for c in channels}
        for job in self.scheduler.get_jobs():
            if job.id.startswith("tick:") and job.id not in wanted:
                job.remove()
        for job_id, channel in wanted.items():
            if self.scheduler.get_job(job_id) is None:
                first = utcnow() + timedelta(seconds=self._start_delay)
                self.scheduler.add_job(
                    self.tick,
                    "interval",
                    seconds=channel.interval_seconds,
                    id=job_id,
                    args=[channel.id],
                    max_instances=1,
                    coalesce=True,
                    next_run_time=first,
                    misfire_grace_time=channel.interval_seconds,
                )

    def tick(self, channel_id: int) -> TickReport:
        with self._lock:
            full = channel_id in self._full_next
            self._full_next.discard(channel_id)
        report = self.engine.tick(channel_id, full=full)
        if report.stock_changed:
            self.wake_others(channel_id)
        return report

    def wake(self, channel_id: int) -> None:
        """Make a channel tick now (a webhook, an import, an order elsewhere)."""
        job = self.scheduler.get_job(f"tick:{channel_id}")
        if job is not None:
            job.modify(next_run_time=utcnow())

    def wake_others(self, channel_id: int) -> None:
        with Session(self.engine.db) as session:
            source = session.get(Channel, channel_id)
            if source is None:
                return
            others = session.exec(
                select(Channel.id).where(
                    Channel.business_id == source.business_id, Channel.id != channel_id
                )
            ).all()
        for other in others:
            if other is not None:
                self.wake(other)

    def full_reconcile(self) -> None:
        with Session(self.engine.db) as session:
            ids = [c for c in session.exec(select(Channel.id)).all() if c is not None]
        with self._lock:
            self._full_next.update(ids)
        for channel_id in ids:
            self.wake(channel_id)

    # --- housekeeping ---------------------------------------------------------------------

    def refresh_tokens(self, now: datetime | None = None) -> int:
        now = now or utcnow()
        refreshed = 0
        with Session(self.engine.db) as session:
            channels = session.exec(select(Channel).where(Channel.enabled == True)).all()  # noqa: E712
        for channel in channels:
            expires = channel.access_expires_at
            if expires is None or expires - now > REFRESH_AHEAD:
                continue
            try:
                self.engine.connector(channel).refresh_credentials()
                refreshed += 1
            except Exception as exc:  # logged; the tick's own refresh-and-retry is the fallback
                log.error("token refresh for %s failed: %s", channel.name, type(exc).__name__)
        return refreshed

    def retention(self, now: datetime | None = None) -> None:
        now = now or utcnow()
        with Session(self.engine.db) as session:
            session.exec(delete(SyncRun).where(col(SyncRun.started_at) < now - KEEP_RUNS))
            session.exec(
                delete(SyncIssue).where(
                    col(SyncIssue.status).in_(("resolved", "ignored")),
                    col(SyncIssue.last_seen) < now - KEEP_RESOLVED,
                )
            )
            session.exec(delete(DriftRecord).where(col(DriftRecord.found_at) < now - KEEP_RESOLVED))
            session.commit()
