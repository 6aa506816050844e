"""Shopee's account calls of the control API (CONTROL.md): partners, shops and codes.

`sandbox.common.control` serves them (with reset, clock, faults, stats); listings and orders are
in `control_catalog`. Refusals go out as {"error": code} with a 4xx status.
"""

from __future__ import annotations

from typing import Any

from sandbox.common.refusal import Refusal, optional_int, optional_str
from sandbox.shopee import accounts, tokens
from sandbox.shopee.state import Sandbox


def partners(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    partner_id, key = optional_int(body, "partner_id"), optional_str(body, "partner_key")
    with sandbox.store.transaction() as db:
        partner_id, key = accounts.upsert_partner(db, partner_id, key)
    return {"partner_id": partner_id, "partner_key": key}


def shops(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
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


def shop_code(sandbox: Sandbox, shop_id: int, body: dict[str, Any]) -> dict[str, Any]:
    with sandbox.store.transaction() as db:
        partner_id = accounts.first_partner(db, shop_id)
        if partner_id is None:
            raise Refusal("unknown_shop", 404)
        fresh = tokens.issue_code(db, sandbox.limits, partner_id, shop_id, sandbox.clock.now())
    return {"code": fresh}
