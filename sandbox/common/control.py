"""The `/_control` API of CONTROL.md, served alike by every sandbox.

Unsigned, JSON in and out; never counted in `/_control/stats`. Reset, clock, faults and stats are
platform-neutral. The account, listing and order calls have the same paths everywhere but act on
each platform's own data: the platform's control modules define one function per call, named as
in `OPERATIONS` and taking the sandbox first: `shops(sandbox, body)`, `move_order(sandbox, order,
body)`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType
from typing import Any

from fastapi import APIRouter, Body

from sandbox.common.faults import FaultConfigError
from sandbox.common.refusal import Refusal
from sandbox.common.runtime import Runtime

Payload = dict[str, Any] | None
Operation = Callable[..., dict[str, Any]]
OPERATIONS = (
    "partners",
    "shops",
    "shop_code",
    "shop_items",
    "edit_item",
    "place_order",
    "bulk_orders",
    "move_order",
    "show_order",
)


def _operations(sandbox: Runtime, modules: tuple[ModuleType, ...]) -> dict[str, Operation]:
    found: dict[str, Operation] = {}
    for name in OPERATIONS:
        owner = next((m for m in modules if callable(getattr(m, name, None))), None)
        if owner is None:
            raise TypeError(f"no control module defines {name}()")
        found[name] = partial(getattr(owner, name), sandbox)
    return found


def build_router(sandbox: Runtime, *modules: ModuleType) -> APIRouter:
    """The whole control API: the neutral calls plus the platform's, found in `modules`."""
    router = APIRouter(prefix="/_control", tags=["control"])

    @router.post("/reset")
    def reset() -> dict[str, Any]:
        sandbox.reset()
        return {}

    _clock(router, sandbox)
    _faults_and_stats(router, sandbox)
    operations = _operations(sandbox, modules)
    _accounts(router, operations)
    _catalog(router, operations)
    return router


def _accounts(router: APIRouter, op: dict[str, Operation]) -> None:
    @router.post("/partners")
    def add_partner(payload: Payload = Body(None)) -> dict[str, Any]:
        return op["partners"](payload or {})

    @router.post("/shops")
    def add_shop(payload: Payload = Body(None)) -> dict[str, Any]:
        return op["shops"](payload or {})

    @router.post("/shops/{shop_id}/code")
    def new_code(shop_id: int, payload: Payload = Body(None)) -> dict[str, Any]:
        return op["shop_code"](shop_id, payload or {})


def _catalog(router: APIRouter, op: dict[str, Operation]) -> None:
    @router.get("/shops/{shop_id}/items")
    def shop_items(shop_id: int) -> dict[str, Any]:
        return op["shop_items"](shop_id)

    @router.post("/shops/{shop_id}/items/{item_id}/edit")
    def edit_listing(shop_id: int, item_id: int, payload: Payload = Body(None)) -> dict[str, Any]:
        return op["edit_item"](shop_id, item_id, payload or {})

    @router.post("/shops/{shop_id}/orders")
    def new_order(shop_id: int, payload: Payload = Body(None)) -> dict[str, Any]:
        return op["place_order"](shop_id, payload or {})

    @router.post("/shops/{shop_id}/orders/bulk")
    def new_orders(shop_id: int, payload: Payload = Body(None)) -> dict[str, Any]:
        return op["bulk_orders"](shop_id, payload or {})

    @router.post("/orders/{order}/status")
    def move_order(order: str, payload: Payload = Body(None)) -> dict[str, Any]:
        return op["move_order"](order, payload or {})

    @router.get("/orders/{order}")
    def show_order(order: str) -> dict[str, Any]:
        return op["show_order"](order)


def _clock(router: APIRouter, sandbox: Runtime) -> None:
    @router.get("/clock")
    def read_clock() -> dict[str, Any]:
        return {"now": sandbox.clock.now()}

    @router.post("/clock")
    def move_clock(payload: Payload = Body(None)) -> dict[str, Any]:
        body = payload or {}
        numbers = [body.get(k) for k in ("advance", "set") if k in body]
        if any(not isinstance(n, int | float) or isinstance(n, bool) for n in numbers):
            raise Refusal("invalid_clock", 422)
        if body.get("real") is True:
            return {"now": sandbox.clock.real()}
        if "set" in body:
            return {"now": sandbox.clock.set(body["set"])}
        if "advance" in body:
            return {"now": sandbox.clock.advance(body["advance"])}
        raise Refusal("invalid_clock", 422)


def _faults_and_stats(router: APIRouter, sandbox: Runtime) -> None:
    @router.post("/faults")
    def set_faults(payload: Payload = Body(None)) -> dict[str, Any]:
        try:
            active = sandbox.faults.configure(payload or {})
        except FaultConfigError as error:
            raise Refusal(str(error), 422) from None
        if active.get("expire_tokens") is True:
            with sandbox.store.transaction() as db:
                sandbox.expire_tokens(db, sandbox.clock.now())
        return active

    @router.delete("/faults")
    def clear_faults() -> dict[str, Any]:
        sandbox.faults.clear()
        return {}

    @router.get("/stats")
    def stats() -> dict[str, Any]:
        return sandbox.stats.snapshot()

    @router.post("/stats/reset")
    def reset_stats() -> dict[str, Any]:
        sandbox.stats.reset()
        return {}
