"""Execute a plan: operations grouped by kind into the platform's batch size, results per SKU.

Stock goes first (overselling is the costliest mistake), creates last. Before a create is sent the
bindings are marked `creating` and committed: if the process dies before the answer is stored, the
next tick pulls the shop in full and links the listing by its seller SKU: it is never created twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlmodel import Session, select

from catalog.models import Product, Variant
from connectors.base import (
    ActiveUpdate,
    Connector,
    ContentUpdate,
    ListingRef,
    OpKind,
    PriceUpdate,
    StockUpdate,
    WriteOutcome,
    WriteResult,
)
from connectors.errors import FatalError, RecordError, RetryableError
from sync import issues, metrics
from sync.desired import listing_content
from sync.drafts import build_draft, group_creates
from sync.models import Binding, BindingStatus, Channel
from sync.planner import Operation, Plan

log = logging.getLogger(__name__)

_JOINABLE = (BindingStatus.LIVE, BindingStatus.INACTIVE, BindingStatus.PENDING)

ORDER = (
    OpKind.UPDATE_STOCK,
    OpKind.UPDATE_PRICE,
    OpKind.DEACTIVATE,
    OpKind.ACTIVATE,
    OpKind.UPDATE_CONTENT,
    OpKind.CREATE,
)


Progress = Callable[[str, int, int], None]  # (channel name, operations done, planned)


@dataclass
class ExecResult:
    ok: int = 0
    failed: int = 0
    pending: int = 0
    write_calls: int = 0


def _ref(op: Operation) -> ListingRef:
    return ListingRef(op.sku, op.listing_id, op.remote_variant_id)


def _send(connector: Connector, kind: OpKind, ops: Sequence[Operation]) -> list[WriteResult]:
    if kind is OpKind.UPDATE_STOCK:
        return connector.update_stock([StockUpdate(_ref(o), o.stock or 0) for o in ops])
    if kind is OpKind.UPDATE_PRICE:
        return connector.update_prices([PriceUpdate(_ref(o), o.price or 0) for o in ops])
    if kind in (OpKind.DEACTIVATE, OpKind.ACTIVATE):
        return connector.set_active([ActiveUpdate(_ref(o), bool(o.active)) for o in ops])
    raise ValueError(f"no batch sender for {kind}")


class Executor:
    def __init__(
        self,
        session: Session,
        channel: Channel,
        connector: Connector,
        bindings: dict[int, Binding],
        *,
        now: Callable[[], datetime],
        progress: Progress | None = None,
    ) -> None:
        self.session, self.channel, self.connector = session, channel, connector
        self.bindings, self.now, self.progress = bindings, now, progress
        self.result = ExecResult()
        self._done = self._total = 0

    def run(self, plan: Plan) -> ExecResult:
        self._total = len(plan.operations)
        for kind in ORDER:
            ops = plan.by_kind(kind)
            if not ops:
                continue
            if kind is OpKind.CREATE:
                self._creates(ops)
            elif kind is OpKind.UPDATE_CONTENT:
                self._contents(ops)
            else:
                size = self.connector.capabilities.batch_size(kind)
                for start in range(0, len(ops), size):
                    chunk = ops[start : start + size]
                    self._call(kind, chunk, partial(_send, self.connector, kind, chunk))
        return self.result

    def _creates(self, ops: list[Operation]) -> None:
        caps = self.connector.capabilities
        for planned in group_creates(ops, groups_variants=caps.groups_variants):
            group, listing_id = (
                self._join_sibling(planned) if caps.groups_variants else (planned, "")
            )
            for op in group[1:] if listing_id else group:
                binding = self._binding(op)
                binding.status = BindingStatus.CREATING
                binding.create_attempted_at = self.now()
                self.session.add(binding)
            self.session.commit()  # the marker must be on disk before the platform sees the call
            draft = build_draft(self.session, group, listing_id=listing_id)
            self._call(OpKind.CREATE, group, partial(self.connector.create, [draft]))

    def _join_sibling(self, group: list[Operation]) -> tuple[list[Operation], str]:
        """A listing already holding another variant of this product alone (a create cut short
        between its two calls, or a pack size added later) takes the new variants in."""
        first = self.session.get(Variant, group[0].variant_id)
        siblings = self.session.exec(
            select(Variant).where(Variant.product_id == (first.product_id if first else -1))
        ).all()
        for sibling in siblings:
            b = self.bindings.get(sibling.id or 0)
            if b and b.listing_id and not b.remote_variant_id and b.status in _JOINABLE:
                lead = Operation(
                    OpKind.CREATE,
                    sku=b.sku,
                    variant_id=b.variant_id,
                    product_code=group[0].product_code,
                    listing_id=b.listing_id,
                    price=b.observed_price,
                    stock=b.observed_stock,
                    content_hash=b.last_content_hash,
                )
                return [lead, *group], b.listing_id
        return group, ""

    def _contents(self, ops: list[Operation]) -> None:
        # One content update per remote listing; its result applies to every SKU in it.
        by_listing: dict[str, list[Operation]] = {}
        for op in ops:
            by_listing.setdefault(op.listing_id, []).append(op)
        for group in by_listing.values():
            binding = self._binding(group[0])
            update = self._content_update(group[0], binding)
            send = partial(_content_call, self.connector, update, group)
            self._call(OpKind.UPDATE_CONTENT, group, send)

    def _content_update(self, op: Operation, binding: Binding) -> ContentUpdate:
        variant = self.session.get(Variant, op.variant_id)
        product = self.session.get(Product, variant.product_id) if variant else None
        assert variant is not None and product is not None
        content = listing_content(product)
        return ContentUpdate(_ref(op), content.name, content.description, variant.weight_g)

    def _call(
        self, kind: OpKind, ops: Sequence[Operation], send: Callable[[], list[WriteResult]]
    ) -> None:
        self.result.write_calls += 1
        try:
            results = send()
        except FatalError:
            raise
        except (RetryableError, RecordError) as exc:
            retryable = isinstance(exc, RetryableError)
            results = [
                WriteResult(
                    op.sku,
                    WriteOutcome.FAILED,
                    reason=exc.reason,
                    code=exc.code,
                    retryable=retryable,
                )
                for op in ops
            ]
        self._apply(kind, ops, results)
        self.session.commit()
        self._done += len(ops)
        if self.progress is not None:
            self.progress(self.channel.name, self._done, self._total)

    def _apply(self, kind: OpKind, ops: Sequence[Operation], results: list[WriteResult]) -> None:
        by_sku = {r.sku: r for r in results}
        for op in ops:
            result = by_sku.get(op.sku) or WriteResult(
                op.sku,
                WriteOutcome.FAILED,
                reason="the platform gave no result for this SKU",
                retryable=True,
            )
            metrics.OPERATIONS.labels(self.channel.platform, kind.value, result.outcome.value).inc()
            if result.outcome is WriteOutcome.FAILED:
                self._failed(kind, op, result)
            else:
                self._succeeded(kind, op, result)

    def _failed(self, kind: OpKind, op: Operation, result: WriteResult) -> None:
        self.result.failed += 1
        if kind is OpKind.CREATE:
            binding = self._binding(op)
            # a failure that may have run (timeout after sending) stays "creating": the next
            # tick looks for the SKU on the shop before trying again
            ambiguous = result.retryable and result.code in ("timeout", "bad_reply")
            binding.status = BindingStatus.CREATING if ambiguous else BindingStatus.FAILED
            self.session.add(binding)
        issues.record_failure(
            self.session,
            channel_id=self.channel.id or 0,
            sku=op.sku,
            op=kind.value,
            reason=result.reason or "failed",
            code=result.code,
            retryable=result.retryable,
            variant_id=op.variant_id,
            now=self.now(),
        )
        log.warning("%s %s %s failed: %s", self.channel.name, kind.value, op.sku, result.reason)

    def _succeeded(self, kind: OpKind, op: Operation, result: WriteResult) -> None:
        binding = self._binding(op)
        now = self.now()
        if result.outcome is WriteOutcome.PENDING:
            self.result.pending += 1
            binding.status = BindingStatus.PENDING
            binding.tracking_id = result.tracking_id
        else:
            self.result.ok += 1
        _record_write(binding, kind, op, result, now)
        binding.updated_at = now
        self.session.add(binding)
        issues.resolve(
            self.session, channel_id=self.channel.id or 0, sku=op.sku, op=kind.value, now=now
        )

    def _binding(self, op: Operation) -> Binding:
        binding = self.bindings.get(op.variant_id)
        if binding is None:
            binding = Binding(channel_id=self.channel.id or 0, variant_id=op.variant_id, sku=op.sku)
            self.bindings[op.variant_id] = binding
        return binding


def _content_call(
    connector: Connector, update: ContentUpdate, group: Sequence[Operation]
) -> list[WriteResult]:
    """One content write for a listing; its outcome stands for every SKU in it."""
    results = connector.update_content([update])
    first = results[0] if results else None
    if first is None:
        return []
    return [
        WriteResult(
            op.sku, first.outcome, reason=first.reason, code=first.code, retryable=first.retryable
        )
        for op in group
    ]


def _record_write(
    binding: Binding, kind: OpKind, op: Operation, result: WriteResult, now: datetime
) -> None:
    """What the platform now shows, as far as our own write tells."""
    if kind is OpKind.CREATE:
        binding.listing_id = result.listing_id or binding.listing_id
        binding.remote_variant_id = result.variant_id or binding.remote_variant_id
        if result.outcome is WriteOutcome.OK:
            binding.status = BindingStatus.LIVE
        binding.last_pushed_price = binding.observed_price = op.price
        binding.last_pushed_stock = binding.observed_stock = op.stock
        binding.stock_pushed_at = now
    elif kind is OpKind.UPDATE_PRICE:
        binding.last_pushed_price = binding.observed_price = op.price
    elif kind is OpKind.UPDATE_STOCK:
        binding.last_pushed_stock = binding.observed_stock = op.stock
        binding.stock_pushed_at = now
    elif kind in (OpKind.ACTIVATE, OpKind.DEACTIVATE):
        binding.status = BindingStatus.LIVE if op.active else BindingStatus.INACTIVE
    if kind in (OpKind.CREATE, OpKind.UPDATE_CONTENT) and op.content_hash:
        binding.last_content_hash = op.content_hash
