"""One channel tick: pull -> desired -> plan -> execute -> record. Never raises to the scheduler."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from catalog.types import utcnow
from connectors.base import Connector
from connectors.errors import ConnectorError, FatalError
from connectors.registry import ConnectorOptions
from sync import issues, metrics
from sync.channels import open_connector
from sync.desired import DesiredListing, desired_state
from sync.executor import ExecResult, Executor, Progress
from sync.locks import channel_lock
from sync.models import Binding, BindingStatus, Channel, DriftRecord, SyncRun
from sync.planner import Plan, make_plan
from sync.puller import PullResult, bindings_by_variant, pull_listings, pull_orders
from sync.secrets import SecretBox
from sync.stock import sold_since_push

log = logging.getLogger(__name__)

OptionsFactory = Callable[[Channel], ConnectorOptions]


@dataclass
class TickReport:
    channel: str
    platform: str
    run: SyncRun
    plan: Plan | None = None
    executed: ExecResult | None = None
    stock_changed: set[int] = field(default_factory=set)
    followup: bool = False  # a push after orders found on another channel in the same sync


def options_factory(base: ConnectorOptions | None = None) -> OptionsFactory:
    """One set of options per process (shared rate buckets and refresh locks), one host per shop."""
    shared = base or ConnectorOptions(observer=metrics.record_call)

    def for_channel(channel: Channel) -> ConnectorOptions:
        return replace(shared, base_url=channel.settings.get("host") or shared.base_url)

    return for_channel


class SyncEngine:
    """The tick for every channel of every business, over one database."""

    def __init__(
        self,
        db: Engine,
        box: SecretBox,
        *,
        options: OptionsFactory | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db, self.box, self.clock = db, box, clock
        self.progress: Progress | None = None  # told as writes land, e.g. for a progress bar
        self.options = options or options_factory()

    def connector(self, channel: Channel) -> Connector:
        return open_connector(self.db, channel, self.box, self.options(channel))

    # --- the halves of a tick -------------------------------------------------------------

    def pull(
        self, session: Session, channel: Channel, connector: Connector, *, full: bool = False
    ) -> PullResult:
        now = self.clock()
        orders = pull_orders(session, channel, connector, now=now)
        recovering = session.exec(
            select(Binding).where(
                Binding.channel_id == channel.id, Binding.status == BindingStatus.CREATING
            )
        ).first()
        listings = pull_listings(
            session, channel, connector, now=now, full=full or recovering is not None
        )
        listings.orders, listings.stock_changed = orders.orders, orders.stock_changed
        return listings

    def plan(
        self,
        session: Session,
        channel: Channel,
        desired: list[DesiredListing] | None = None,
        bindings: dict[int, Binding] | None = None,
    ) -> Plan:
        desired = desired if desired is not None else desired_state(session, channel)
        if bindings is None:
            bindings = bindings_by_variant(session, channel.id or 0)
        return make_plan(
            channel=channel.name,
            platform=channel.platform,
            desired=desired,
            bindings=bindings,
            blocked=issues.blocked_ops(session, channel_id=channel.id or 0),
            sold=sold_since_push(session, channel_id=channel.id or 0, bindings=bindings),
            flag_remote_edits=channel.conflict_policy == "flag",
        )

    def push(
        self, session: Session, channel: Channel, connector: Connector, run: SyncRun
    ) -> tuple[Plan, ExecResult]:
        desired = desired_state(session, channel)
        bindings = bindings_by_variant(session, channel.id or 0)
        _settle(session, desired, bindings, self.clock())
        plan = self.plan(session, channel, desired, bindings)
        self._record_drift(session, channel, plan, run)
        executed = Executor(
            session, channel, connector, bindings, now=self.clock, progress=self.progress
        ).run(plan)
        run.ops_planned = len(plan.operations)
        run.ops_ok, run.ops_failed = executed.ok + executed.pending, executed.failed
        run.write_calls = executed.write_calls
        return plan, executed

    # --- whole ticks ----------------------------------------------------------------------

    def tick(self, channel_id: int, *, full: bool = False) -> TickReport:
        return self._guarded(channel_id, lambda s, c, k, r: self._tick(s, c, k, r, full))

    def pull_only(self, channel_id: int) -> TickReport:
        """What the shop shows now, without writing to it (for an up-to-date plan)."""
        return self._guarded(channel_id, lambda s, c, k, r: self._pull_step(s, c, k, r, False))

    def push_only(self, channel_id: int) -> TickReport:
        return self._guarded(channel_id, self._push_step)

    def sync_all(self, channel_ids: list[int]) -> list[TickReport]:
        """Tick every channel; where a later channel's orders changed what an earlier one should
        show, that earlier channel is pushed again at once (a follow-up report)."""
        reports = [self.tick(cid) for cid in channel_ids]
        followups = []
        for i, cid in enumerate(channel_ids):
            if any(r.stock_changed for r in reports[i + 1 :]):
                followup = self.push_only(cid)
                followup.followup = True
                followups.append(followup)
        return reports + followups

    def _push_step(
        self, session: Session, channel: Channel, connector: Connector, run: SyncRun
    ) -> TickReport:
        report = TickReport(channel.name, channel.platform, run)
        report.plan, report.executed = self.push(session, channel, connector, run)
        return report

    def _tick(
        self, session: Session, channel: Channel, connector: Connector, run: SyncRun, full: bool
    ) -> TickReport:
        report = self._pull_step(session, channel, connector, run, full)
        report.plan, report.executed = self.push(session, channel, connector, run)
        return report

    def _pull_step(
        self, session: Session, channel: Channel, connector: Connector, run: SyncRun, full: bool
    ) -> TickReport:
        pulled = self.pull(session, channel, connector, full=full)
        run.listings_pulled, run.orders_pulled = pulled.listings, pulled.orders
        for dup in pulled.duplicates:
            issues.record_failure(
                session,
                channel_id=channel.id or 0,
                sku=dup.sku,
                op="duplicate",
                reason=f"SKU {dup.sku} is on the shop twice (listing {dup.listing_id}); "
                "remove one on the platform",
                now=self.clock(),
            )
        return TickReport(channel.name, channel.platform, run, stock_changed=pulled.stock_changed)

    def _guarded(
        self,
        channel_id: int,
        step: Callable[[Session, Channel, Connector, SyncRun], TickReport],
    ) -> TickReport:
        with channel_lock(self.db, channel_id) as held:
            if held:
                return self._run_step(channel_id, step)
        with Session(self.db, expire_on_commit=False) as session:
            channel = session.get(Channel, channel_id)
            if channel is None:
                raise LookupError(f"no channel {channel_id}")
        log.info("%s is already syncing elsewhere; this tick is skipped", channel.name)
        busy = SyncRun(
            channel_id=channel_id,
            outcome="skipped",
            error="another sync of this channel is running",
        )
        return TickReport(channel.name, channel.platform, busy)

    def _run_step(
        self,
        channel_id: int,
        step: Callable[[Session, Channel, Connector, SyncRun], TickReport],
    ) -> TickReport:
        started = time.monotonic()
        with Session(self.db, expire_on_commit=False) as session:
            channel = session.get(Channel, channel_id)
            if channel is None:
                raise LookupError(f"no channel {channel_id}")
            run = SyncRun(channel_id=channel_id, started_at=self.clock())
            session.add(run)
            session.commit()
            report = TickReport(channel.name, channel.platform, run)
            try:
                report = step(session, channel, self.connector(channel), run)
                run.outcome = "partial" if run.ops_failed else "ok"
            except Exception as exc:  # a tick never takes the scheduler down
                session.rollback()
                self._failed_tick(session, channel, run, exc)
            self._finish(session, channel, run, time.monotonic() - started)
            return report

    def _failed_tick(
        self, session: Session, channel: Channel, run: SyncRun, exc: Exception
    ) -> None:
        reason = exc.reason if isinstance(exc, ConnectorError) else f"{type(exc).__name__}: {exc}"
        run.outcome, run.error = "failed", reason
        retryable = not isinstance(exc, FatalError)
        code = exc.code if isinstance(exc, ConnectorError) else "internal"
        issues.record_failure(
            session,
            channel_id=channel.id or 0,
            sku="",
            op="tick",
            reason=reason,
            code=code,
            retryable=retryable,
            now=self.clock(),
        )
        if isinstance(exc, ConnectorError):
            log.error("tick of %s failed: %s", channel.name, reason)
        else:
            log.exception("tick of %s failed", channel.name)

    def _finish(self, session: Session, channel: Channel, run: SyncRun, seconds: float) -> None:
        run.finished_at = self.clock()
        if run.outcome != "failed":
            issues.resolve(
                session, channel_id=channel.id or 0, sku="", op="tick", now=run.finished_at
            )
        session.add(run)
        session.commit()
        labels = (channel.name, channel.platform)
        metrics.TICKS.labels(channel.platform, run.outcome).inc()
        metrics.TICK_SECONDS.labels(channel.platform).observe(seconds)
        if run.outcome != "failed":
            metrics.LAST_SUCCESS.labels(*labels).set(run.finished_at.timestamp())
        metrics.OPEN_ISSUES.labels(*labels).set(
            len(issues.open_issues(session, channel_id=channel.id))
        )
        fresh = session.get(Channel, channel.id) or channel  # a refresh may have rotated them
        if fresh.access_expires_at:
            metrics.TOKEN_EXPIRY.labels(*labels).set(fresh.access_expires_at.timestamp())
        if fresh.refresh_expires_at:
            metrics.AUTH_EXPIRY.labels(*labels).set(fresh.refresh_expires_at.timestamp())

    def _record_drift(self, session: Session, channel: Channel, plan: Plan, run: SyncRun) -> None:
        for found in plan.drift:
            metrics.DRIFT.labels(channel.platform, found.field).inc()
            run.drift_found += 1
            session.add(
                DriftRecord(
                    channel_id=channel.id or 0,
                    variant_id=found.variant_id,
                    sku=found.sku,
                    field=found.field,
                    expected=found.expected,
                    remote_value=found.remote_value,
                    action=found.action,
                    found_at=self.clock(),
                )
            )
            if found.action == "flagged":
                issues.record_failure(
                    session,
                    channel_id=channel.id or 0,
                    sku=found.sku,
                    op=f"drift_{found.field}",
                    reason=f"{found.field} changed on the platform to {found.remote_value} "
                    f"(we wrote {found.expected}); review it",
                    now=self.clock(),
                )
        session.commit()


def _settle(
    session: Session, desired: list[DesiredListing], bindings: dict[int, Binding], now: datetime
) -> None:
    """Where the platform already shows what we want, that is now our last written value too.

    An order on the platform lowers its stock by itself; once our desired stock agrees, the new
    figure becomes the baseline, so later edits are told apart from sales."""
    for want in desired:
        b = bindings.get(want.variant_id)
        if b is None:
            continue
        if b.observed_stock == want.stock and b.last_pushed_stock != want.stock:
            b.last_pushed_stock, b.stock_pushed_at = want.stock, now
            session.add(b)
        if b.observed_price == want.price and b.last_pushed_price != want.price:
            b.last_pushed_price = want.price
            session.add(b)
    session.commit()
