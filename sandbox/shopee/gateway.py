"""The marketplace request pipeline, in Shopee's order.

stats -> faults -> path and method -> common parameters and signature -> access token -> body ->
handler -> envelope. Every error goes out as an error envelope with HTTP 200, unless the
`http_status` fault says otherwise; the state change of a call commits before its reply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from sandbox.shopee import signing
from sandbox.shopee.context import Call, Query, Upload
from sandbox.shopee.envelope import ApiError, bad_param, error_body, success_body
from sandbox.shopee.faults import GARBAGE
from sandbox.shopee.routes import ROUTES, Endpoint
from sandbox.shopee.signing import ApiKind, Identity
from sandbox.shopee.state import Sandbox

UNKNOWN_PATH = ApiError(
    "error_param",
    "Permission denied. This API is currently offline or the request path is incorrect.",
)


@dataclass
class RawRequest:
    path: str
    method: str
    query: list[tuple[str, str]]
    body: bytes = b""
    multipart: bool = False
    form: dict[str, str] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)


def handle(sandbox: Sandbox, raw: RawRequest) -> Response:
    sandbox.stats.call(raw.path)
    query = Query(raw.query)
    hit = sandbox.faults.pick(raw.path, query.get("partner_id") or "", sandbox.clock.now())
    if hit is not None and hit.garbage:
        return HTMLResponse(GARBAGE, status_code=502)
    if hit is not None and hit.error is not None:
        return _error(sandbox, ApiError(*hit.error))
    try:
        return _run(sandbox, _endpoint(raw), raw, query)
    except ApiError as error:
        return _error(sandbox, error)


def _error(sandbox: Sandbox, error: ApiError) -> Response:
    sandbox.stats.error(error.error)
    return JSONResponse(
        error_body(error.error, error.message), status_code=sandbox.faults.http_status()
    )


def _endpoint(raw: RawRequest) -> Endpoint:
    endpoint = ROUTES.get(raw.path)
    if endpoint is None:
        raise UNKNOWN_PATH
    if raw.method != endpoint.method:
        raise ApiError(
            "error_param", f"Wrong request method, this API only supports {endpoint.method}."
        )
    return endpoint


def _identify(sandbox: Sandbox, endpoint: Endpoint, call: Call) -> Identity:
    if endpoint.kind is ApiKind.UNSIGNED:
        return signing.partner_only(call.db, call.query)
    skew = sandbox.limits.timestamp_skew
    return signing.authenticate(call.db, endpoint.kind, call.path, call.query, call.now, skew)


def _body(endpoint: Endpoint, raw: RawRequest) -> dict[str, Any]:
    if endpoint.method != "POST":
        return {}
    if raw.multipart:
        return dict(raw.form)
    if not raw.body.strip():
        return {}
    try:
        parsed = json.loads(raw.body)
    except (ValueError, UnicodeDecodeError):
        raise bad_param("the request body should be JSON") from None
    if not isinstance(parsed, dict):
        raise bad_param("the request body should be a JSON object")
    return parsed


def _run(sandbox: Sandbox, endpoint: Endpoint, raw: RawRequest, query: Query) -> Response:
    with sandbox.store.transaction() as db:
        call = Call(db, sandbox.clock.now(), sandbox.limits, raw.path, query, {}, files=raw.files)
        identity = _identify(sandbox, endpoint, call)
        call.partner_id, call.shop_id = identity.partner_id, identity.shop_id
        call.body = _body(endpoint, raw)
        response = endpoint.handler(call)
    if call.redirect_to is not None:
        return RedirectResponse(call.redirect_to, status_code=302)
    return JSONResponse(success_body(endpoint.shape, response, call.warnings))
