"""Plan (pure): desired vs observed vs last pushed -> operations and drift findings.

Observed is our best knowledge of the remote value: what the last pull showed, or what the last
successful write set. A write is planned only where desired differs from observed, so a tick that
finds nothing to change makes no write call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from connectors.base import OpKind
from sync.desired import DesiredListing
from sync.models import Binding, BindingStatus

NEEDS_CREATE = (BindingStatus.FAILED, BindingStatus.CREATING, BindingStatus.DELETED)
UPDATABLE = (BindingStatus.LIVE, BindingStatus.INACTIVE, BindingStatus.PENDING)


@dataclass(frozen=True)
class Operation:
    kind: OpKind
    sku: str
    variant_id: int
    product_code: str = ""
    listing_id: str = ""
    remote_variant_id: str = ""
    price: int | None = None
    stock: int | None = None
    active: bool | None = None
    content_hash: str = ""
    reason: str = ""


@dataclass(frozen=True)
class DriftFinding:
    variant_id: int
    sku: str
    field: str
    expected: str
    remote_value: str
    action: str  # repaired | flagged


@dataclass
class Plan:
    channel: str
    platform: str
    operations: list[Operation] = field(default_factory=list)
    drift: list[DriftFinding] = field(default_factory=list)
    blocked: list[Operation] = field(default_factory=list)  # waiting for a person (see issues)

    def by_kind(self, kind: OpKind) -> list[Operation]:
        return [op for op in self.operations if op.kind is kind]


def make_plan(
    *,
    channel: str,
    platform: str,
    desired: Iterable[DesiredListing],
    bindings: Mapping[int, Binding],
    blocked: set[tuple[str, OpKind]] = frozenset(),  # type: ignore[assignment]
    flag_remote_edits: bool = False,
    sold: Mapping[int, int] | None = None,
) -> Plan:
    """`sold`: units this channel's own buyers took per variant since our last stock write; the
    platform counted them down itself, so they are not drift."""
    plan = Plan(channel=channel, platform=platform)
    for want in desired:
        binding = bindings.get(want.variant_id)
        taken = (sold or {}).get(want.variant_id, 0)
        for op in _ops_for(want, binding, plan, flag_remote_edits, taken):
            target = plan.blocked if (op.sku, op.kind) in blocked else plan.operations
            target.append(op)
    return plan


def _ops_for(
    want: DesiredListing, b: Binding | None, plan: Plan, flag: bool, taken: int = 0
) -> list[Operation]:
    if b is None or (b.status in NEEDS_CREATE and not _has_listing(b)):
        if not want.active:
            return []
        return [
            _op(
                OpKind.CREATE,
                want,
                None,
                price=want.price,
                stock=want.stock,
                content_hash=want.content.digest(),
                reason="new",
            )
        ]
    if b.status not in UPDATABLE or not _has_listing(b):
        return []  # pending an async/manual create, banned, or waiting for review
    ops = _activity_ops(want, b, plan, flag)
    if want.active:
        ops += _price_ops(want, b, plan, flag)
        ops += _stock_ops(want, b, plan, taken)
        ops += _content_ops(want, b)
    return ops


def _has_listing(b: Binding) -> bool:
    return bool(b.listing_id)


def _op(kind: OpKind, want: DesiredListing, b: Binding | None, **values: object) -> Operation:
    return Operation(
        kind=kind,
        sku=want.sku,
        variant_id=want.variant_id,
        product_code=want.product_code,
        listing_id=b.listing_id if b else "",
        remote_variant_id=b.remote_variant_id if b else "",
        **values,  # type: ignore[arg-type]
    )


def _drift(
    plan: Plan, want: DesiredListing, name: str, expected: object, remote: object, action: str
) -> None:
    plan.drift.append(
        DriftFinding(want.variant_id, want.sku, name, str(expected), str(remote), action)
    )


def _activity_ops(want: DesiredListing, b: Binding, plan: Plan, flag: bool) -> list[Operation]:
    live = b.status is BindingStatus.LIVE
    if not want.active and live:
        return [_op(OpKind.DEACTIVATE, want, b, active=False, reason="inactive in catalog")]
    if want.active and b.status is BindingStatus.INACTIVE:
        _drift(
            plan,
            want,
            "status",
            "live",
            b.observed_status or "inactive",
            "flagged" if flag else "repaired",
        )
        if not flag:
            return [_op(OpKind.ACTIVATE, want, b, active=True, reason="unlisted remotely")]
    return []


def _price_ops(want: DesiredListing, b: Binding, plan: Plan, flag: bool) -> list[Operation]:
    seen = b.observed_price if b.observed_price is not None else b.last_pushed_price
    if seen == want.price:
        return []
    edited = b.last_pushed_price is not None and seen != b.last_pushed_price
    if edited:
        _drift(plan, want, "price", b.last_pushed_price, seen, "flagged" if flag else "repaired")
        if flag:
            return []
    reason = f"price {_vnd(seen)} → {_vnd(want.price)}" if seen is not None else "price unknown"
    return [_op(OpKind.UPDATE_PRICE, want, b, price=want.price, reason=reason)]


def _vnd(amount: int | None) -> str:
    return f"{amount or 0:,}".replace(",", ".") + " ₫"


def _stock_ops(want: DesiredListing, b: Binding, plan: Plan, taken: int) -> list[Operation]:
    # Stock always follows the master, whatever the conflict policy: overselling is never an option.
    seen = b.observed_stock if b.observed_stock is not None else b.last_pushed_stock
    if seen == want.stock:
        return []
    if b.last_pushed_stock is not None and seen != b.last_pushed_stock - taken:
        _drift(plan, want, "stock", b.last_pushed_stock - taken, seen, "repaired")
    reason = f"stock {seen} → {want.stock}" if seen is not None else "stock unknown"
    return [_op(OpKind.UPDATE_STOCK, want, b, stock=want.stock, reason=reason)]


def _content_ops(want: DesiredListing, b: Binding) -> list[Operation]:
    digest = want.content.digest()
    if b.last_content_hash == digest:
        return []
    return [_op(OpKind.UPDATE_CONTENT, want, b, content_hash=digest, reason="content changed")]
