"""A small world for engine tests: a business, its catalog, sandbox shops, the real engine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import requests
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from catalog import crud
from catalog.importer import import_catalog
from catalog.models import Business, Variant
from connectors.registry import ConnectorOptions
from ocopsync.provision import connect_sandbox_shop
from sync import metrics
from sync.channels import add_channel
from sync.models import Binding, Channel, SalesOrder, SyncIssue
from sync.secrets import SecretBox
from sync.tick import SyncEngine, TickReport, options_factory


def shared_data() -> Path:
    beside_repo = Path(__file__).parents[2].parent / "shared" / "data"
    if (beside_repo / "catalog_soctrang.csv").is_file():
        return beside_repo
    return Path(os.environ.get("OCOPSYNC_SHARED", "shared")) / "data"


def is_write(path: str) -> bool:
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return "/auth/" not in path and not last.startswith("get_")


class World:
    def __init__(self, db: Engine, sandbox_url: str) -> None:
        self.db, self.url = db, sandbox_url
        self.key = SecretBox.new_key()
        self.box = SecretBox(self.key)
        self.waits: list[float] = []
        self.options = ConnectorOptions(sleep=self.waits.append, observer=metrics.record_call)
        self.engine = SyncEngine(db, self.box, options=options_factory(self.options))
        with Session(db, expire_on_commit=False) as session:
            self.business = crud.get_or_create_business(session, slug="soctrang", name="XTTM")
            session.commit()

    # --- setup ------------------------------------------------------------------------------

    def import_sample(self) -> None:
        self.import_file(shared_data() / "catalog_soctrang.csv")

    def import_file(self, path: Path) -> None:
        with Session(self.db, expire_on_commit=False) as session:
            business = session.get(Business, self.business.id)
            assert business is not None
            report = import_catalog(
                session, business=business, path=path, images_dir=shared_data() / "images"
            )
            session.commit()
        assert not report.errors, report.errors

    def add_channel(self, name: str, **rules: Any) -> Channel:
        shop = connect_sandbox_shop("shopee", self.url, shop_name=name, options=self.options)
        return self.save_channel(name, shop.credentials, **rules)

    def save_channel(self, name: str, credentials: Any, **rules: Any) -> Channel:
        from sync.channels import ChannelRules

        with Session(self.db, expire_on_commit=False) as session:
            business = session.get(Business, self.business.id)
            assert business is not None
            channel = add_channel(
                session,
                business=business,
                name=name,
                platform="shopee",
                credentials=credentials,
                box=self.box,
                rules=ChannelRules(**rules),
            )
            session.commit()
        return channel

    # --- acting -----------------------------------------------------------------------------

    def sync(self, *channels: Channel) -> list[TickReport]:
        return self.engine.sync_all([c.id for c in channels if c.id is not None])

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        reply = requests.request(method, self.url + path, json=body, timeout=30)
        reply.raise_for_status()
        return reply.json()

    def order(self, channel: Channel, lines: list[tuple[str, int]], **extra: Any) -> str:
        body = {"lines": [{"sku": s, "qty": q} for s, q in lines], "status": "READY_TO_SHIP"}
        body.update(extra)
        return str(
            self.control("POST", f"/_control/shops/{channel.shop_id}/orders", body)["order_sn"]
        )

    def set_status(self, order_sn: str, *statuses: str) -> None:
        for status in statuses:
            self.control("POST", f"/_control/orders/{order_sn}/status", {"status": status})

    def faults(self, **faults: Any) -> None:
        self.control("POST", "/_control/faults", faults)

    def reset_stats(self) -> None:
        self.control("POST", "/_control/stats/reset")

    def calls(self) -> dict[str, int]:
        return dict(self.control("GET", "/_control/stats")["calls"])

    def write_calls(self) -> int:
        return sum(n for path, n in self.calls().items() if is_write(path))

    # --- looking ----------------------------------------------------------------------------

    def items(self, channel: Channel) -> list[dict[str, Any]]:
        return list(self.control("GET", f"/_control/shops/{channel.shop_id}/items")["items"])

    def remote(self, channel: Channel) -> dict[str, dict[str, Any]]:
        """SKU -> {"price", "stock", "item_id", "model_id"} as the shop shows it."""
        found: dict[str, dict[str, Any]] = {}
        for item in self.items(channel):
            for model in item.get("models") or []:
                found[model["model_sku"]] = {**model, "item_id": item["item_id"]}
            if not item.get("models"):
                found[item["item_sku"]] = {**item, "model_id": 0}
        return found

    def bindings(self, channel: Channel) -> dict[str, Binding]:
        with Session(self.db) as session:
            rows = session.exec(select(Binding).where(Binding.channel_id == channel.id)).all()
            return {b.sku: b for b in rows}

    def issues(self, channel: Channel) -> list[SyncIssue]:
        with Session(self.db) as session:
            query = select(SyncIssue).where(
                SyncIssue.channel_id == channel.id, SyncIssue.status == "open"
            )
            return list(session.exec(query).all())

    def orders(self, channel: Channel) -> list[SalesOrder]:
        with Session(self.db) as session:
            query = select(SalesOrder).where(SalesOrder.channel_id == channel.id)
            return list(session.exec(query).all())

    def on_hand(self, sku: str) -> int:
        with Session(self.db) as session:
            variant = session.exec(select(Variant).where(Variant.sku == sku)).one()
            return crud.on_hand(session, variant_id=variant.id or 0)

    def channel(self, channel: Channel) -> Channel:
        with Session(self.db, expire_on_commit=False) as session:
            fresh = session.get(Channel, channel.id)
            assert fresh is not None
            return fresh
