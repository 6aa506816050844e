"""The staff dashboard, issues, plans and catalog; manager rollups equal `sync.sales.rollup`."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, select

from connectors import registry
from sync.models import Channel, SyncIssue
from sync.sales import VN, rollup, total
from tests.sync.world import World
from tests.web.conftest import sign_in


def orders(world: World, channel: Channel) -> None:
    world.order(channel, [("PIA-400", 2), ("GAO-5KG", 1)])
    world.order(channel, [("PIA-400", 1)])
    world.set_status(world.order(channel, [("GAO-5KG", 2)]), "CANCELLED")
    world.sync(channel)


def test_dashboard_shows_each_channel_and_every_registered_platform(
    client: TestClient, channel: Channel
) -> None:
    sign_in(client)
    page = client.get("/").text
    assert f'id="channel-{channel.id}"' in page and "Item image number" in page
    for platform in registry.platforms():
        assert f'data-platform="{platform}"' in page
    card = client.get(f"/api/channels/{channel.id}").json()
    assert card["listings"] == {"live": 2, "pending": 0, "failed": 1, "inactive": 0}
    assert card["last_success"] and card["open_issues"] == 1
    listed = {row["sku"]: row for row in client.get("/api/listings").json()}
    assert listed["PIA-400"]["channels"]["shopee-a"]["remote_price"] == 60000
    assert "60.000 ₫" in client.get("/listings").text


def test_retry_then_sync_tries_the_failed_create_again(
    client: TestClient, world: World, channel: Channel
) -> None:
    sign_in(client)
    plan = client.get(f"/api/channels/{channel.id}/plan").json()
    assert plan["operations"] == [] and [o["sku"] for o in plan["blocked"]] == ["MAM-500"]
    issue = client.get("/api/issues").json()[0]
    assert client.post(f"/issues/{issue['id']}/retry").status_code == 200
    plan = client.get(f"/api/channels/{channel.id}/plan").json()
    assert [(o["kind"], o["sku"]) for o in plan["operations"]] == [("create", "MAM-500")]
    assert "MAM-500" in client.get(f"/channels/{channel.id}/plan").text
    assert client.post(f"/channels/{channel.id}/sync").status_code == 200  # no scheduler: ticks
    [again] = client.get("/api/issues").json()
    assert again["attempts"] == 2 and again["status"] == "open"
    client.post(f"/api/issues/{again['id']}/ignore")
    assert client.get("/api/issues").json() == []
    with Session(world.db) as session:
        assert session.exec(select(SyncIssue)).one().status == "ignored"


def test_rollups_equal_sync_sales_rollup(
    client: TestClient, world: World, channel: Channel
) -> None:
    orders(world, channel)
    sign_in(client)
    today = datetime.now(VN).date()
    periods = [
        {},
        {"since": str(today), "until": str(today + timedelta(days=1))},
        {"until": str(today - timedelta(days=1))},
    ]
    with Session(world.db) as session:
        for by in ("platform", "channel", "product", "month"):
            for period in periods:
                since, until = period.get("since"), period.get("until")
                expected = rollup(
                    session,
                    business_id=world.business.id or 0,
                    by=by,
                    since=datetime.fromisoformat(since).replace(tzinfo=VN) if since else None,
                    until=datetime.fromisoformat(until).replace(tzinfo=VN) if until else None,
                )
                got = client.get("/api/sales", params={"by": by, **period}).json()
                assert got["rows"] == [r.__dict__ for r in expected], (by, period)
                assert got["total"] == total(
                    session,
                    business_id=world.business.id or 0,
                    since=datetime.fromisoformat(since).replace(tzinfo=VN) if since else None,
                    until=datetime.fromisoformat(until).replace(tzinfo=VN) if until else None,
                ).__dict__
    [shopee] = client.get("/api/sales").json()["rows"]
    assert shopee == {
        "key": "shopee",
        "orders": 2,
        "units": 4,
        "revenue": 3 * 60000 + 175000,
        "cancelled": 1,
    }
    page = client.get("/sales", params={"by": "product"}).text
    assert "<svg" in page and "180.000 ₫" in page and "Bánh pía" in page


def test_exports_carry_the_same_numbers(
    client: TestClient, world: World, channel: Channel
) -> None:
    orders(world, channel)
    sign_in(client)
    rows = client.get("/api/sales", params={"by": "product"}).json()["rows"]
    text = client.get("/sales/export.csv", params={"by": "product"}).content.decode("utf-8-sig")
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert [{k: str(v) for k, v in r.items()} for r in rows] == parsed
    data = client.get("/sales/export.xlsx", params={"by": "product"}).content
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    fields = ("key", "orders", "units", "revenue", "cancelled")
    assert values == [[r[f] for f in fields] for r in rows]


def test_catalog_upload_reports_bad_rows_and_edits_stick(client: TestClient) -> None:
    sign_in(client)
    bad = (
        "sku,product_code,name,variant,price_vnd,stock\n"
        "NEW-1,NEW,Hành tím Vĩnh Châu,Túi 1kg,45000,10\n"
        "NEW-2,NEW2,,Túi 2kg,,5\n"
        "NEW-1,NEW,Hành tím Vĩnh Châu,Túi 1kg,45000,10\n"
    )
    reply = client.post("/catalog/upload", files={"file": ("bang_gia.csv", bad.encode())})
    assert reply.status_code == 200
    for text in ("row-error", "missing price", "duplicate SKU"):
        assert text in reply.text
    report = client.post(
        "/api/catalog/upload", files={"file": ("bang_gia.csv", bad.encode())}
    ).json()
    assert sorted(e["row"] for e in report["errors"]) == [3, 3, 4]
    assert client.post("/catalog/upload", files={"file": ("x.pdf", b"%PDF")}).status_code == 400
    found = client.get("/api/catalog", params={"q": "hanh tim vinh chau"}).json()
    assert [i["sku"] for i in found] == ["NEW-1"]
    names = [i["name"] for i in client.get("/api/catalog").json()]
    assert names.index("Bánh pía Sóc Trăng đặc biệt") < names.index("Gạo ST25 Sóc Trăng thơm ngon")
    variant_id = found[0]["variant_id"]
    reply = client.post(f"/catalog/{variant_id}", data={"price": 47000, "stock": 12})
    assert "47.000 ₫" in reply.text
    assert client.get(f"/api/catalog/{variant_id}").json()["stock"] == 12
    assert client.post(f"/catalog/{variant_id}", data={"price": 0, "stock": 1}).status_code == 422
    reply = client.patch(f"/api/catalog/{variant_id}", json={"stock": 3})
    assert reply.json()["stock"] == 3 and reply.json()["price"] == 47000
