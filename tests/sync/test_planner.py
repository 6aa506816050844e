"""The planner: what a tick writes, table-tested on plain objects."""

from __future__ import annotations

from connectors.base import OpKind
from sync.desired import DesiredListing
from sync.models import Binding, BindingStatus
from sync.planner import make_plan
from sync.rules import Content

CONTENT = Content("Gạo thơm ST25", "Hạt dài", 2050)


def want(price: int = 78000, stock: int = 400, active: bool = True) -> DesiredListing:
    return DesiredListing(1, "GST25-2KG", "GST25", "Túi 2kg", price, stock, active, CONTENT)


def bound(**values: object) -> Binding:
    base: dict[str, object] = dict(
        channel_id=1,
        variant_id=1,
        sku="GST25-2KG",
        listing_id="100",
        remote_variant_id="7",
        status=BindingStatus.LIVE,
        last_pushed_price=78000,
        last_pushed_stock=400,
        observed_price=78000,
        observed_stock=400,
        last_content_hash=CONTENT.digest(),
    )
    base.update(values)
    return Binding(**base)  # type: ignore[arg-type]


def kinds(desired: DesiredListing, binding: Binding | None, **kw: object) -> list[OpKind]:
    bindings = {1: binding} if binding else {}
    plan = make_plan(channel="c", platform="p", desired=[desired], bindings=bindings, **kw)  # type: ignore[arg-type]
    return [op.kind for op in plan.operations]


def test_in_sync_listing_needs_nothing() -> None:
    assert kinds(want(), bound()) == []


def test_new_sku_is_created_once() -> None:
    assert kinds(want(), None) == [OpKind.CREATE]


def test_inactive_new_sku_is_not_created() -> None:
    assert kinds(want(active=False), None) == []


def test_failed_create_is_retried_unless_blocked() -> None:
    failed = bound(listing_id="", remote_variant_id="", status=BindingStatus.FAILED)
    assert kinds(want(), failed) == [OpKind.CREATE]
    assert kinds(want(), failed, blocked={("GST25-2KG", OpKind.CREATE)}) == []


def test_pending_listing_is_left_alone() -> None:
    assert kinds(want(price=1), bound(listing_id="", status=BindingStatus.PENDING)) == []


def test_price_and_stock_changes() -> None:
    assert kinds(want(price=80000, stock=398), bound()) == [
        OpKind.UPDATE_PRICE,
        OpKind.UPDATE_STOCK,
    ]


def test_observed_value_wins_over_last_pushed() -> None:
    # an order on the platform took 2 units; we want 398 too: nothing to write
    assert kinds(want(stock=398), bound(observed_stock=398)) == []


def test_remote_price_edit_is_drift_and_repaired() -> None:
    plan = make_plan(
        channel="c", platform="p", desired=[want()], bindings={1: bound(observed_price=39000)}
    )
    assert [op.kind for op in plan.operations] == [OpKind.UPDATE_PRICE]
    assert [(d.field, d.expected, d.remote_value, d.action) for d in plan.drift] == [
        ("price", "78000", "39000", "repaired")
    ]


def test_flag_policy_reports_price_edit_but_stock_still_follows_master() -> None:
    plan = make_plan(
        channel="c",
        platform="p",
        desired=[want()],
        bindings={1: bound(observed_price=39000, observed_stock=999)},
        flag_remote_edits=True,
    )
    assert [op.kind for op in plan.operations] == [OpKind.UPDATE_STOCK]
    assert {d.field: d.action for d in plan.drift} == {"price": "flagged", "stock": "repaired"}


def test_deactivate_and_reactivate() -> None:
    assert kinds(want(active=False), bound()) == [OpKind.DEACTIVATE]
    assert kinds(want(), bound(status=BindingStatus.INACTIVE)) == [OpKind.ACTIVATE]


def test_content_change_is_one_update() -> None:
    assert kinds(want(), bound(last_content_hash="old")) == [OpKind.UPDATE_CONTENT]


def test_banned_listing_is_not_written() -> None:
    assert kinds(want(price=1), bound(status=BindingStatus.BANNED)) == []


def test_units_sold_on_the_channel_itself_are_not_drift() -> None:
    # we wrote 400; this channel's buyers took 3 since; another channel's order asks for 2 less
    binding = bound(observed_stock=397)
    plan = make_plan(
        channel="c", platform="p", desired=[want(stock=395)], bindings={1: binding}, sold={1: 3}
    )
    assert [op.kind for op in plan.operations] == [OpKind.UPDATE_STOCK]
    assert plan.drift == []
    edited = make_plan(
        channel="c",
        platform="p",
        desired=[want(stock=395)],
        bindings={1: bound(observed_stock=500)},
        sold={1: 3},
    )
    assert [(d.field, d.expected, d.remote_value) for d in edited.drift] == [
        ("stock", "397", "500")
    ]
