"""Lazada's account calls of the control API, and the calls only Lazada's sandbox has.

`sandbox.common.control` serves `partners`, `shops` and `shop_code` (with reset, clock, faults,
stats); products and orders are in `control_catalog`. Lazada's own: a ready token for a seller,
the push config and its messages, and the gateway's string to sign. CONTROL.md's "Lazada"
section lists the shapes. `partner_id`/`partner_key`/`shop_id` are other names of
app_key/app_secret/seller_id.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from sandbox.common.refusal import Refusal, optional_int, optional_str
from sandbox.lazada import accounts, control_catalog, push, signing, tokens
from sandbox.lazada.state import Sandbox

Payload = dict[str, Any] | None


def _key(body: dict[str, Any]) -> str | None:
    """app_key (or partner_id): Lazada's app keys are numeric strings; an int is taken too."""
    value = body.get("app_key", body.get("partner_id"))
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value):
        raise Refusal("invalid_app_key", 422)
    return str(value)


def _app(sandbox: Sandbox, body: dict[str, Any]) -> str:
    app_key = _key(body)
    with sandbox.store.transaction() as db:
        if app_key is None or accounts.app_secret(db, app_key) is None:
            raise Refusal("unknown_partner", 404)
    return app_key


def _owner(sandbox: Sandbox, seller_id: int) -> tuple[str, int]:
    with sandbox.store.transaction() as db:
        links = accounts.linked(db, "seller_id", seller_id)
    if not links:
        raise Refusal("unknown_shop", 404)
    return str(links[0]["app_key"]), seller_id


def _lifetimes(body: dict[str, Any]) -> dict[str, int]:
    """`expires_in` / `refresh_expires_in` (seconds, as Lazada names them): the app's own."""
    found = {}
    for name, column in (("expires_in", "access_ttl"), ("refresh_expires_in", "refresh_ttl")):
        value = optional_int(body, name)
        if value is not None:
            if value < 1:
                raise Refusal(f"invalid_{name}", 422)
            found[column] = value
    return found


def partners(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    secret = optional_str(body, "app_secret") or optional_str(body, "partner_key")
    lifetimes = _lifetimes(body)
    with sandbox.store.transaction() as db:
        app_key, secret = accounts.upsert_app(db, _key(body), secret, **lifetimes)
    return {"app_key": app_key, "app_secret": secret}


def shops(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    """A seller authorized to the app, and a fresh code for /auth/token/create."""
    app_key, name = _app(sandbox, body), optional_str(body, "name")
    wanted = optional_int(body, "seller_id") or optional_int(body, "shop_id")
    now = sandbox.clock.now()
    with sandbox.store.transaction() as db:
        seller_id, name = accounts.ensure_seller(db, wanted, name)
        accounts.link(db, app_key, seller_id, now)
        code = tokens.issue_code(db, sandbox.limits, (app_key, seller_id), now)
    return {"seller_id": seller_id, "shop_id": seller_id, "name": name, "code": code}


def shop_code(sandbox: Sandbox, seller_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """A new code; `code` picks its text (the notes' T3 vector uses `0_123456_AbCdEf`)."""
    owner, wanted = _owner(sandbox, seller_id), optional_str(body, "code")
    with sandbox.store.transaction() as db:
        return {"code": tokens.issue_code(db, sandbox.limits, owner, sandbox.clock.now(), wanted)}


def _token(sandbox: Sandbox, seller_id: int, body: dict[str, Any]) -> dict[str, Any]:
    owner, wanted = _owner(sandbox, seller_id), optional_str(body, "access_token")
    with sandbox.store.transaction() as db:
        pair = tokens.issue_pair(db, sandbox.limits, owner, sandbox.clock.now(), wanted)
    return {
        "access_token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "expires_in": pair.expires_in,
        "refresh_expires_in": pair.refresh_expires_in,
    }


def _sign(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    path, params = body.get("path"), body.get("params") or {}
    if not isinstance(path, str) or not isinstance(params, dict):
        raise Refusal("invalid_sign_request", 422)
    values = {str(k): str(v) for k, v in params.items() if k != "sign"}
    secret = optional_str(body, "app_secret")
    if secret is None:
        with sandbox.store.transaction() as db:
            secret = accounts.app_secret(db, str(values.get("app_key", "")))
    if secret is None:
        raise Refusal("unknown_partner", 404)
    text = signing.string_to_sign(path, values)
    return {"string_to_sign": text, "sign": signing.sign(secret, text)}


def _push_changes(body: dict[str, Any]) -> dict[str, Any]:
    url = optional_str(body, "callback_url")
    if url and not url.startswith(("http://", "https://")):
        raise Refusal("invalid_callback_url", 422)
    types = body.get("message_types")
    if types is not None and not (isinstance(types, list) and all(t in push.TYPES for t in types)):
        raise Refusal("invalid_message_types", 422)
    duplicates = optional_int(body, "duplicates")
    if duplicates is not None and not 0 <= duplicates <= 10:
        raise Refusal("invalid_duplicates", 422)
    return {k: body[k] for k in ("callback_url", "message_types", "duplicates") if k in body}


def _configure_push(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    app_key, changes = _app(sandbox, body), _push_changes(body)
    with sandbox.store.transaction() as db:
        return push.configure(db, app_key, changes)


def _push_messages(sandbox: Sandbox, app_key: str) -> dict[str, Any]:
    app_key = _app(sandbox, {"app_key": app_key})
    with sandbox.store.transaction() as db:
        return {"app_key": app_key, "messages": push.messages(db, app_key)}


def add_routes(router: APIRouter, sandbox: Sandbox) -> None:
    """Lazada-only calls: a ready token, seeded products, push config, the string to sign."""
    control_catalog.add_routes(router, sandbox)

    @router.post("/shops/{seller_id}/token")
    def new_token(seller_id: int, payload: Payload = Body(None)) -> dict[str, Any]:
        return _token(sandbox, seller_id, payload or {})

    @router.post("/sign")
    def sign(payload: Payload = Body(None)) -> dict[str, Any]:
        return _sign(sandbox, payload or {})

    @router.post("/push")
    def configure_push(payload: Payload = Body(None)) -> dict[str, Any]:
        return _configure_push(sandbox, payload or {})

    @router.get("/push/{app_key}")
    def push_messages(app_key: str) -> dict[str, Any]:
        return _push_messages(sandbox, app_key)
