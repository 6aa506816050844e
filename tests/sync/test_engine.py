"""The engine end to end: sample catalog -> Shopee sandbox over HTTP -> orders, stock, drift back.

Runs on SQLite and on PostgreSQL (the `db` fixture)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from connectors import registry
from sync.channels import credentials_of
from sync.models import BindingStatus, DriftRecord
from tests.sync.world import World, shared_data

SKUS = 29
# 23 products, but Shopee VN caps a listing's model prices at 5x the cheapest: Nước mắm Khải Hoàn
# (85,000 ₫ a bottle, 480,000 ₫ a case of six) goes up as two listings
ITEMS = 24


def test_push_all_then_an_unchanged_sync_makes_no_writes(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a")
    [report] = world.sync(shop)
    assert report.run.outcome == "ok", report.run.error
    bindings = world.bindings(shop)
    assert len(bindings) == SKUS
    assert {b.status for b in bindings.values()} == {BindingStatus.LIVE}
    items = world.items(shop)
    assert len(items) == ITEMS  # variants of one product are models of one item
    remote = world.remote(shop)
    assert remote["GST25-5KG"]["price"] == 185000 and remote["GST25-5KG"]["stock"] == 260
    assert remote["YSQT-TC-100G"]["price"] == 3400000

    world.reset_stats()
    [again] = world.sync(shop)
    assert again.run.outcome == "ok"
    assert world.write_calls() == 0, world.calls()
    assert again.run.write_calls == 0


def test_price_rule_and_stock_rule_reach_the_shop(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a", markup_pct=10, stock_pct=50, stock_buffer=2)
    world.sync(shop)
    remote = world.remote(shop)
    assert remote["HTVC-TUI-1KG"]["price"] == 50000  # 45,000 + 10% = 49,500 -> 50,000
    assert remote["HTVC-TUI-1KG"]["stock"] == 158  # 320 * 50% - 2
    assert remote["YSQT-TC-100G"]["stock"] == 4  # 12 * 50% - 2


def test_an_order_on_one_shop_lowers_the_stock_pushed_to_the_other(world: World) -> None:
    world.import_sample()
    a, b = world.add_channel("shopee-a"), world.add_channel("shopee-b")
    world.sync(a, b)
    order = world.order(a, [("GST25-5KG", 2), ("PIA-HS-SRT-400", 3)])

    world.sync(a, b)
    assert world.remote(b)["GST25-5KG"]["stock"] == 258
    assert world.remote(b)["PIA-HS-SRT-400"]["stock"] == 497
    with Session(world.db) as session:  # the shop's own sale is not drift
        assert session.exec(select(DriftRecord)).all() == []
    assert world.remote(a)["GST25-5KG"]["stock"] == 258  # the platform's own count agrees
    assert world.on_hand("GST25-5KG") == 260  # still on the shelf, only reserved
    [stored] = world.orders(a)
    assert stored.remote_id == order and stored.stock_state == "reserved"

    world.set_status(order, "CANCELLED")
    world.sync(a, b)
    assert world.remote(b)["GST25-5KG"]["stock"] == 260
    assert world.remote(a)["GST25-5KG"]["stock"] == 260
    assert world.orders(a)[0].stock_state == "released"


def test_a_shipped_order_leaves_on_hand_once(world: World) -> None:
    world.import_sample()
    a, b = world.add_channel("shopee-a"), world.add_channel("shopee-b")
    world.sync(a, b)
    order = world.order(a, [("BNDH-425G", 4)])
    world.sync(a, b)
    world.set_status(order, "PROCESSED", "SHIPPED")
    world.sync(a, b)
    world.sync(a, b)  # seeing the shipped order again changes nothing
    assert world.on_hand("BNDH-425G") == 596
    assert world.remote(b)["BNDH-425G"]["stock"] == 596
    assert world.orders(a)[0].stock_state == "consumed"


def test_a_price_edited_on_the_seller_centre_is_recorded_and_repaired(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a")
    world.sync(shop)
    target = world.remote(shop)["HTVC-TUI-1KG"]
    body = {"price": 39000}
    if target["model_id"]:
        body["model_id"] = target["model_id"]
    world.control("POST", f"/_control/shops/{shop.shop_id}/items/{target['item_id']}/edit", body)

    [report] = world.sync(shop)
    assert report.run.drift_found == 1
    assert world.remote(shop)["HTVC-TUI-1KG"]["price"] == 45000
    with Session(world.db) as session:
        [drift] = session.exec(select(DriftRecord)).all()
    assert (drift.sku, drift.field, drift.expected, drift.remote_value, drift.action) == (
        "HTVC-TUI-1KG",
        "price",
        "45000",
        "39000",
        "repaired",
    )


def test_a_listing_already_on_the_shop_is_linked_not_created(world: World) -> None:
    world.import_sample()
    first = world.add_channel("shopee-a")
    world.sync(first)
    # the same shop connected again (say, after the database was lost): everything links
    code = world.control("POST", f"/_control/shops/{first.shop_id}/code")["code"]
    known = credentials_of(world.channel(first), world.box)
    settings = {k: known.settings[k] for k in ("partner_id", "host", "shop_id")}
    secrets = {"partner_key": known.secrets["partner_key"]}
    again = registry.get("shopee").authorize(settings, secrets, code, world.options)
    second = world.save_channel("shopee-again", again)
    world.reset_stats()
    [report] = world.sync(second)
    assert report.run.outcome == "ok", report.run.error
    calls = world.calls()
    assert calls.get("/api/v2/product/add_item", 0) == 0, calls
    assert calls.get("/api/v2/media_space/upload_image", 0) == 0, calls
    assert len(world.items(second)) == ITEMS
    assert {b.status for b in world.bindings(second).values()} == {BindingStatus.LIVE}
    world.reset_stats()
    world.sync(second)
    assert world.write_calls() == 0, world.calls()


def test_a_pack_size_added_later_joins_the_product_listing(world: World, tmp_path: Path) -> None:
    sample = (shared_data() / "catalog_soctrang.csv").read_text(encoding="utf-8").splitlines()
    without = [line for line in sample if not line.startswith("HTVC-TUI-3KG,")]
    first = tmp_path / "without_3kg.csv"
    first.write_text("\n".join(without) + "\n", encoding="utf-8")
    world.import_file(first)
    shop = world.add_channel("shopee-a")
    world.sync(shop)
    lone = world.remote(shop)["HTVC-TUI-1KG"]
    assert lone["model_id"] == 0  # one pack: a plain item

    world.import_sample()  # the 3 kg bag arrives
    [report] = world.sync(shop)
    assert report.run.outcome == "ok", report.run.error
    remote = world.remote(shop)
    assert remote["HTVC-TUI-3KG"]["item_id"] == lone["item_id"]
    assert remote["HTVC-TUI-1KG"]["item_id"] == lone["item_id"]
    assert remote["HTVC-TUI-1KG"]["model_id"] and remote["HTVC-TUI-3KG"]["model_id"]
    assert remote["HTVC-TUI-3KG"]["price"] == 120000 and remote["HTVC-TUI-3KG"]["stock"] == 90
    assert len(world.items(shop)) == ITEMS
    world.reset_stats()
    world.sync(shop)
    assert world.write_calls() == 0, world.calls()
