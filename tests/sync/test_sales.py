"""Sales rollups from real orders pulled over HTTP: revenue, orders, units, cancellations."""

from __future__ import annotations

from sqlmodel import Session

from sync.sales import rollup, total
from tests.sync.world import World


def test_rollups_count_each_order_once_and_leave_cancellations_out(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a")
    world.sync(shop)
    world.order(shop, [("GST25-5KG", 2), ("PIA-HS-SRT-400", 3)])  # 370,000 + 216,000
    world.order(shop, [("GST25-5KG", 1)])  # 185,000
    cancelled = world.order(shop, [("YSQT-TC-50G", 1)])
    world.set_status(cancelled, "CANCELLED")
    world.sync(shop)
    business = world.business.id or 0
    with Session(world.db) as session:
        by_product = {r.key: r for r in rollup(session, business_id=business, by="product")}
        overall = total(session, business_id=business)
        [platform] = rollup(session, business_id=business, by="platform")
    rice = by_product["Gạo thơm ST25"]
    assert (rice.orders, rice.units, rice.revenue) == (2, 3, 555000)
    assert by_product["Yến sào Quốc Tín tinh chế"].cancelled == 1
    assert (overall.orders, overall.units, overall.revenue, overall.cancelled) == (2, 6, 771000, 1)
    assert (platform.key, platform.revenue) == ("shopee", 771000)
    assert sum(r.orders for r in by_product.values()) == 3  # why the total is counted apart
