"""Benchmark: how frugal is a push and a pull against the Shopee sandbox with real latency?

    python -m bench.push_bench [--skus 2000] [--orders 20000] [--latency-ms 20] [--rate 100]

Reports write calls made against the least the platform's batch limits allow, calls on a second
sync with nothing changed (must be 0), wall time and peak memory, for: the first push, an
unchanged sync, a price change on every SKU, a stock change on every SKU, and a pull of orders.
Not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import csv
import math
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from sqlmodel import Session, select

import sync.models  # noqa: F401
from catalog import crud
from catalog.db import create_tables, make_engine
from catalog.importer import import_catalog
from catalog.models import Business, Variant
from connectors.registry import ConnectorOptions
from ocopsync.provision import connect_sandbox_shop
from sync.channels import ChannelRules, add_channel
from sync.models import Channel, Cursor
from sync.secrets import SecretBox
from sync.tick import SyncEngine, options_factory

SAMPLE_IMAGES = Path(__file__).resolve().parents[1] / "ocopsync" / "demo_data" / "images"
BATCH = 50  # Shopee: update_price / update_stock entries per call, all within one item


@dataclass
class Phase:
    name: str
    seconds: float
    peak_mib: float
    calls: dict[str, int]
    minimum: int | None = None

    def writes(self) -> int:
        return sum(n for path, n in self.calls.items() if _is_write(path))

    def reads(self, under: str = "") -> int:
        return sum(n for path, n in self.calls.items() if not _is_write(path) and under in path)


def _is_write(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return "/auth/" not in path and not last.startswith("get_")


def synthetic_catalog(path: Path, skus: int) -> int:
    """Products of two pack sizes each (the last alone when odd); returns the product count."""
    images = sorted(p.name for p in SAMPLE_IMAGES.glob("*.jpg"))
    header = [
        "sku",
        "product_code",
        "name",
        "variant",
        "category",
        "price_vnd",
        "stock",
        "weight_g",
        "images",
        "description",
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n in range(skus):
            product = n // 2
            writer.writerow(
                [
                    f"BENCH-{n:05d}",
                    f"P{product:05d}",
                    f"Đặc sản Sóc Trăng số {product}",
                    "Hộp nhỏ" if n % 2 == 0 else "Hộp lớn",
                    "Đặc sản",
                    40000 + 1000 * (n % 2) + product % 50 * 1000,
                    100 + n % 37,
                    500,
                    images[product % len(images)],
                    "Sản phẩm OCOP mẫu cho đo hiệu năng.",
                ]
            )
    return math.ceil(skus / 2)


class Bench:
    def __init__(self, folder: Path, base_url: str, rate: float) -> None:
        self.url = base_url
        self.db = make_engine(f"sqlite:///{folder / 'bench.db'}")
        create_tables(self.db)
        self.box = SecretBox(SecretBox.new_key())
        self.options = ConnectorOptions(rate_per_second=rate, burst=max(1, int(rate)))
        self.engine = SyncEngine(self.db, self.box, options=options_factory(self.options))
        with Session(self.db, expire_on_commit=False) as session:
            self.business = crud.get_or_create_business(session, slug="bench", name="Bench")
            session.commit()

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        reply = requests.request(method, self.url + path, json=body, timeout=600)
        reply.raise_for_status()
        return reply.json()

    def import_file(self, path: Path) -> None:
        with Session(self.db, expire_on_commit=False) as session:
            business = session.get(Business, self.business.id)
            assert business is not None
            import_catalog(session, business=business, path=path, images_dir=SAMPLE_IMAGES)
            session.commit()

    def connect(self) -> Channel:
        shop = connect_sandbox_shop("shopee", self.url, shop_name="bench", options=self.options)
        with Session(self.db, expire_on_commit=False) as session:
            business = session.get(Business, self.business.id)
            assert business is not None
            channel = add_channel(
                session,
                business=business,
                name="bench",
                platform="shopee",
                credentials=shop.credentials,
                box=self.box,
                rules=ChannelRules(),
            )
            session.commit()
        return channel

    def measure(self, name: str, action: Callable[[], object]) -> Phase:
        self.control("POST", "/_control/stats/reset")
        tracemalloc.start()
        started = time.perf_counter()
        action()
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        calls = dict(self.control("GET", "/_control/stats")["calls"])
        return Phase(name, seconds, peak, calls)

    def bump_stock(self) -> None:
        with Session(self.db) as session:
            for variant in session.exec(select(Variant)).all():
                crud.adjust_on_hand(session, variant_id=variant.id or 0, delta=-1)
            session.commit()

    def forget_order_cursor(self, channel: Channel) -> None:
        with Session(self.db) as session:
            for cursor in session.exec(select(Cursor).where(Cursor.channel_id == channel.id)):
                if cursor.kind == "orders":
                    cursor.value = ""
                    session.add(cursor)
            session.commit()

    def set_markup(self, channel: Channel, pct: float) -> None:
        with Session(self.db) as session:
            fresh = session.get(Channel, channel.id)
            assert fresh is not None
            fresh.markup_pct = pct
            session.add(fresh)
            session.commit()


@contextmanager
def sandbox(folder: Path) -> Iterator[str]:
    """The sandbox in a process of its own, as a marketplace would be: its work does not share
    our interpreter (and its lock) with the client being measured."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    state = folder / "sandbox"
    state.mkdir()
    child = subprocess.Popen(  # state in <state>/.sandbox: the server's default, under its cwd
        [sys.executable, "-m", "sandbox.server", "shopee", str(port)],
        cwd=state,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url + "/_control/clock", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline or child.poll() is not None:
                    raise RuntimeError("the sandbox did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        child.terminate()
        child.wait(timeout=10)


def run(skus: int, orders: int, latency_ms: int, rate: float) -> list[Phase]:
    with tempfile.TemporaryDirectory() as tmp, sandbox(Path(tmp)) as url:
        folder = Path(tmp)
        bench = Bench(folder, url, rate)
        products = synthetic_catalog(folder / "catalog.csv", skus)
        bench.import_file(folder / "catalog.csv")
        channel = bench.connect()
        bench.control("POST", "/_control/faults", {"latency_ms": latency_ms})
        cid = channel.id or 0
        multi = skus // 2  # products with two packs need init_tier_variation too
        images = min(products, len(list(SAMPLE_IMAGES.glob("*.jpg"))))
        phases = [bench.measure("first push", lambda: bench.engine.tick(cid))]
        phases[-1].minimum = products + multi + images
        phases.append(bench.measure("unchanged sync", lambda: bench.engine.tick(cid)))
        phases[-1].minimum = 0
        bench.set_markup(channel, 10)
        phases.append(bench.measure("price change, all SKUs", lambda: bench.engine.tick(cid)))
        phases[-1].minimum = sum(math.ceil(2 / BATCH) for _ in range(products))
        bench.bump_stock()
        phases.append(bench.measure("stock change, all SKUs", lambda: bench.engine.tick(cid)))
        phases[-1].minimum = products
        now = int(bench.control("GET", "/_control/clock")["now"])
        sample = [f"BENCH-{n:05d}" for n in range(min(skus, 200))]
        bench.control(
            "POST",
            f"/_control/shops/{channel.shop_id}/orders/bulk",
            {
                "count": orders,
                "skus": sample,
                "time_from": now - 14 * 86400,
                "time_to": now - 60,
            },
        )
        bench.forget_order_cursor(channel)  # a backfill: these orders are older than the cursor
        phases.append(bench.measure(f"pull {orders} orders", lambda: bench.engine.tick(cid)))
        phases[-1].minimum = math.ceil(orders / 100) + math.ceil(orders / 50)
        phases.append(bench.measure("unchanged sync after orders", lambda: bench.engine.tick(cid)))
        phases[-1].minimum = 0
        return phases


def report(phases: list[Phase]) -> None:
    print(
        f"{'phase':32} {'writes':>7} {'minimum':>8} {'ratio':>6} {'reads':>7} "
        f"{'seconds':>8} {'peak MiB':>9}"
    )
    for p in phases:
        counted = p.reads("/order/") if p.name.startswith("pull") else p.writes()
        ratio = f"{counted / p.minimum:.2f}" if p.minimum else ("ok" if counted == 0 else "!")
        print(
            f"{p.name:32} {p.writes():>7} {p.minimum!s:>8} {ratio:>6} {p.reads():>7} "
            f"{p.seconds:>8.2f} {p.peak_mib:>9.1f}"
        )
    print(
        "(for the pull, 'minimum' and 'ratio' count order reads: list pages of 100 + details "
        "of 50; 'reads' also has the listing pull of the same tick)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=2000)
    parser.add_argument("--orders", type=int, default=20000)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--rate", type=float, default=100.0, help="client budget, calls/s")
    args = parser.parse_args()
    print(
        f"{args.skus} SKUs, {args.orders} orders, {args.latency_ms} ms latency, "
        f"client budget {args.rate:g} calls/s"
    )
    report(run(args.skus, args.orders, args.latency_ms, args.rate))


if __name__ == "__main__":
    main()
