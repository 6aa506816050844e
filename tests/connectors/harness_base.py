"""What every platform's contract-test harness shares: the sandbox on loopback, its control API,
its fake clock (which the connector's clock follows), and options that record instead of sleep.

Only `sandbox.testing` is imported from the sandboxes; everything else goes over HTTP
(`/_control`, CONTROL.md), so connectors and simulators stay independent.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx

from connectors.base import Connector, Credentials, ListingDraft, VariantDraft
from connectors.http import CallRecord
from connectors.ratelimit import BucketRegistry
from connectors.registry import ConnectorOptions
from sandbox.testing import running

# A real (tiny) PNG: platforms want image bytes uploaded before a product names them.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


class MemoryStore:
    def __init__(self) -> None:
        self.saved: list[Credentials] = []

    def save(self, credentials: Credentials) -> None:
        self.saved.append(credentials)


class SandboxHarness:
    platform = ""
    page_size = 0  # the listing page size, so tests know how many SKUs make two pages
    operations: ClassVar[Mapping[str, tuple[str, ...]]] = {}  # contract-test op -> API paths

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.base_url = ""
        self.store = MemoryStore()
        self.records: list[CallRecord] = []
        self.slept: list[float] = []
        self._stack = ExitStack()
        self._offset = 0.0  # sandbox clock minus ours
        self._http: httpx.Client | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> str:
        self.base_url = self._stack.enter_context(running(self.platform, self.state_dir))
        self._http = self._stack.enter_context(httpx.Client(base_url=self.base_url, timeout=10))
        self.reset()
        return self.base_url

    def stop(self) -> None:
        self._stack.close()

    def reset(self) -> None:
        self.control("POST", "/_control/reset")
        self.store.saved.clear()
        self.records.clear()
        self._sync_clock()

    def control(self, method: str, path: str, body: Any = None) -> Any:
        assert self._http is not None, "start() first"
        reply = self._http.request(method, path, json=body)
        assert reply.status_code < 300, f"{method} {path}: {reply.status_code} {reply.text}"
        return reply.json()

    # -- time -------------------------------------------------------------------------------

    def _sync_clock(self) -> None:
        self._offset = self.control("GET", "/_control/clock")["now"] - time.time()

    def clock(self) -> float:
        """The connector's clock: follows the sandbox's fake clock."""
        return time.time() + self._offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(int(self.clock()), UTC)

    def advance_clock(self, seconds: float) -> None:
        self.control("POST", "/_control/clock", {"advance": int(seconds)})
        self._sync_clock()

    # -- the connector ----------------------------------------------------------------------

    def options(self) -> ConnectorOptions:
        return ConnectorOptions(
            base_url=self.base_url,
            sleep=self.slept.append,  # backoff waits are recorded, never slept
            clock=self.clock,
            observer=self.records.append,
            limiters=BucketRegistry(sleep=self.slept.append),
            timeout=(5.0, 10.0),
        )

    # -- the marketplace side ---------------------------------------------------------------

    def drafts(self, count: int, *, prefix: str = "SP", variants: int = 1) -> list[ListingDraft]:
        """`count` products of `variants` SKUs each, ready for `Connector.create`."""
        out = []
        for n in range(count):
            code = f"{prefix}{n:04d}"
            out.append(
                ListingDraft(
                    product_code=code,
                    name=f"Mật ong rừng U Minh {code}",
                    description="Mật ong nguyên chất từ rừng tràm U Minh, sản phẩm OCOP 4 sao.",
                    category="Mật ong",
                    brand=None,
                    variants=tuple(
                        VariantDraft(
                            sku=f"{code}-{v}" if variants > 1 else code,
                            option=f"Chai {250 * (v + 1)}ml" if variants > 1 else "",
                            price=100_000 + 10_000 * v,
                            stock=50,
                            weight_g=300 + 250 * v,
                            length_cm=8,
                            width_cm=8,
                            height_cm=20,
                        )
                        for v in range(variants)
                    ),
                    images=(PNG,),
                    image_names=("honey.png",),
                )
            )
        return out

    def seed_listings(self, connector: Connector, count: int) -> list[str]:
        """`count` single-SKU listings created through the connector; their SKUs."""
        results = connector.create(self.drafts(count, prefix="SEED"))
        failed = [r for r in results if not r.ok]
        assert not failed, failed[:3]
        return [r.sku for r in results]

    # -- faults and counts -----------------------------------------------------------------

    def set_faults(self, *, ops: Iterable[str] = (), **faults: Any) -> None:
        """Control-API fault keys (CONTROL.md), limited to the paths behind `ops` if given."""
        paths = [p for op in ops for p in self.operations[op]]
        self.control("POST", "/_control/faults", {**faults, **({"paths": paths} if paths else {})})

    def clear_faults(self) -> None:
        self.control("DELETE", "/_control/faults")

    def stats(self) -> dict[str, Any]:
        return dict(self.control("GET", "/_control/stats"))

    def reset_stats(self) -> None:
        self.control("POST", "/_control/stats/reset")

    def calls(self, op: str, stats: dict[str, Any] | None = None) -> int:
        counts = (stats or self.stats())["calls"]
        return sum(int(counts.get(path, 0)) for path in self.operations[op])

    def expire_tokens(self) -> None:
        self.set_faults(expire_tokens=True)

    def ops(self) -> Sequence[str]:
        return list(self.operations)
