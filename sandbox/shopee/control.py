"""The `/_control` API of CONTROL.md: act as the marketplace, the seller centre or a buyer.

Unsigned, JSON in and out; never counted in `/_control/stats`. Refusals go out as
{"error": code} with a 4xx status.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from sandbox.shopee import accounts, control_catalog, tokens
from sandbox.shopee.envelope import Refusal
from sandbox.shopee.faults import FaultConfigError
from sandbox.shopee.state import Sandbox

Payload = dict[str, Any] | None


def optional_int(payload: dict[str, Any], key: str) -> int | None:
    value = payload.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise Refusal(f"invalid_{key}", 422)
    return value


def optional_str(payload: dict[str, Any], key: str) -> str | None:
    value = payload.get(key)
    if value is not None and not isinstance(value, str):
        raise Refusal(f"invalid_{key}", 422)
    return value


def build_router(sandbox: Sandbox) -> APIRouter:
    router = APIRouter(prefix="/_control", tags=["control"])
    _accounts(router, sandbox)
    _clock(router, sandbox)
    _faults_and_stats(router, sandbox)
    control_catalog.add_routes(router, sandbox)
    return router


def _accounts(router: APIRouter, sandbox: Sandbox) -> None:
    @router.post("/reset")
    def reset() -> dict[str, Any]:
        sandbox.reset()
        return {}

    @router.post("/partners")
    def partners(payload: Payload = Body(None)) -> dict[str, Any]:
        body = payload or {}
        partner_id, key = optional_int(body, "partner_id"), optional_str(body, "partner_key")
        with sandbox.store.transaction() as db:
            partner_id, key = accounts.upsert_partner(db, partner_id, key)
        return {"partner_id": partner_id, "partner_key": key}

    @router.post("/shops")
    def shops(payload: Payload = Body(None)) -> dict[str, Any]:
        body = payload or {}
        partner_id = optional_int(body, "partner_id")
        shop_id, name = optional_int(body, "shop_id"), optional_str(body, "name")
        with sandbox.store.transaction() as db:
            if partner_id is None or accounts.partner_key(db, partner_id) is None:
                raise Refusal("unknown_partner", 404)
            now = sandbox.clock.now()
            shop_id, name = accounts.ensure_shop(db, sandbox.limits, shop_id, name)
            accounts.link(db, sandbox.limits, partner_id, shop_id, now)
            code = tokens.issue_code(db, sandbox.limits, partner_id, shop_id, now)
        return {"shop_id": shop_id, "name": name, "code": code}

    @router.post("/shops/{shop_id}/code")
    def new_code(shop_id: int) -> dict[str, Any]:
        with sandbox.store.transaction() as db:
            partner_id = accounts.first_partner(db, shop_id)
            if partner_id is None:
                raise Refusal("unknown_shop", 404)
            code = tokens.issue_code(db, sandbox.limits, partner_id, shop_id, sandbox.clock.now())
        return {"code": code}


def _clock(router: APIRouter, sandbox: Sandbox) -> None:
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


def _faults_and_stats(router: APIRouter, sandbox: Sandbox) -> None:
    @router.post("/faults")
    def set_faults(payload: Payload = Body(None)) -> dict[str, Any]:
        try:
            active = sandbox.faults.configure(payload or {})
        except FaultConfigError as error:
            raise Refusal(str(error), 422) from None
        if active.get("expire_tokens") is True:
            with sandbox.store.transaction() as db:
                tokens.expire_all(db, sandbox.clock.now())
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
