"""Web tests: the real app over a real SQLite file, the engine against the Shopee sandbox over
HTTP (the `World` of the engine tests), and two businesses to prove nothing leaks between them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

import sync.models  # noqa: F401
import web.models  # noqa: F401
from catalog import crud
from catalog.db import make_engine
from catalog.importer import import_catalog
from catalog.models import Product, Variant
from ocopsync.migrate import upgrade
from ocopsync.provision import connect_sandbox_shop
from sandbox.testing import running
from sync.channels import add_channel
from sync.models import Channel, SyncIssue
from tests.sync.world import World
from web.app import create_app
from web.users import ensure_table, ensure_user

PASSWORD = "mật-khẩu-đủ-dài"
SECRET = "test-session-secret"

# One good product with an image, one whose create Shopee rejects (no image: error_image_num_min).
CATALOG = (
    "sku,product_code,name,variant,category,price_vnd,stock,weight_g,images\n"
    "PIA-400,PIA,Bánh pía Sóc Trăng đặc biệt,Hộp 400g,Bánh kẹo,60000,40,500,banh-pia-hai-son.jpg\n"
    "GAO-5KG,GAO,Gạo ST25 Sóc Trăng thơm ngon,Túi 5kg,Gạo,175000,30,5100,gao-st25.jpg\n"
    "MAM-500,MAM,Mắm cá lóc đặc sản Sóc Trăng,Hũ 500g,Thực phẩm,80000,5,600,\n"
)


@dataclass
class Other:
    """Business B: a channel, a product and an issue that business A must never reach."""

    business_id: int
    channel_id: int
    variant_id: int
    issue_id: int


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'ocopsync.db'}")
    upgrade(engine)  # the schema as `ocopsync` makes it, so the CLI opens this file as is
    ensure_table(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sandbox_url(tmp_path: Path) -> Iterator[str]:
    with running("shopee", tmp_path / "sandbox") as url:
        yield url


@pytest.fixture
def world(db: Engine, sandbox_url: str, tmp_path: Path) -> World:
    world = World(db, sandbox_url)
    path = tmp_path / "catalog.csv"
    path.write_text(CATALOG, encoding="utf-8")
    with Session(db, expire_on_commit=False) as session:
        import_catalog(
            session,
            business=world.business,
            path=path,
            images_dir=Path(__file__).parents[2] / "ocopsync" / "demo_data" / "images",
        )
        ensure_user(session, world.business.id or 0, "owner@a.test", PASSWORD, "owner")
        ensure_user(session, world.business.id or 0, "staff@a.test", PASSWORD, "staff")
        session.commit()
    return world


@pytest.fixture
def channel(world: World) -> Channel:
    """A shop synced once: two listings live, one failed create with an open issue."""
    shop = world.add_channel("shopee-a")
    world.sync(shop)
    return shop


@pytest.fixture
def other(db: Engine, world: World) -> Other:
    with Session(db, expire_on_commit=False) as session:
        business = crud.get_or_create_business(session, slug="b", name="HTX B")
        bid = business.id or 0
        shop = connect_sandbox_shop("shopee", world.url, shop_name="b", options=world.options)
        channel = add_channel(
            session,
            business=business,
            name="shopee-b",
            platform="shopee",
            credentials=shop.credentials,
            box=world.box,
        )
        item = Product(business_id=bid, code="B", name="Sản phẩm B")
        session.add(item)
        session.flush()
        variant = Variant(business_id=bid, product_id=item.id or 0, sku="B-1", price=10000)
        session.add(variant)
        session.flush()
        issue = SyncIssue(channel_id=channel.id or 0, sku="B-1", op="create", reason="B only")
        session.add(issue)
        ensure_user(session, bid, "owner@b.test", PASSWORD, "owner")
        session.commit()
        return Other(bid, channel.id or 0, variant.id or 0, issue.id or 0)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    app = create_app(world.db, engine=world.engine, secret=SECRET)
    with TestClient(app) as test_client:
        yield test_client


def sign_in(client: TestClient, email: str = "owner@a.test") -> None:
    reply = client.post("/login", data={"email": email, "password": PASSWORD})
    assert reply.status_code == 200, reply.text  # followed the redirect to the dashboard
