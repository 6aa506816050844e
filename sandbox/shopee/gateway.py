"""The marketplace request pipeline, in Shopee's order.

stats -> faults -> path and method -> common parameters and signature -> access token -> body ->
handler -> envelope. Every error goes out as an error envelope with HTTP 200, unless the
`http_status` fault says otherwise; the state change of a call commits before its reply.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse, RedirectResponse, Response

from sandbox.common.faults import Fault
from sandbox.common.web import RawRequest, error_reply, front_door
from sandbox.shopee import signing
from sandbox.shopee.context import Call, Query
from sandbox.shopee.envelope import ApiError, bad_param, error_body, success_body
from sandbox.shopee.routes import ROUTES, Endpoint
from sandbox.shopee.signing import ApiKind, Identity
from sandbox.shopee.state import Sandbox

UNKNOWN_PATH = ApiError(
    "error_param",
    "Permission denied. This API is currently offline or the request path is incorrect.",
)
FAULT_ERRORS = {
    Fault.RATE_LIMIT: ApiError(
        "error_rate_limit", "Too many requests. You have reached the rate limit."
    ),
    Fault.BUSY: ApiError(
        "error_system_busy", "Our system is taking some time to respond, please try later."
    ),
    Fault.SERVER: ApiError("error_server", "Something wrong. Please try later."),
}


def handle(sandbox: Sandbox, raw: RawRequest) -> Response:
    query = Query(raw.query)
    faulty = front_door(
        sandbox, raw.path, query.get("partner_id") or "", lambda f: _error(sandbox, FAULT_ERRORS[f])
    )
    if faulty is not None:
        return faulty
    try:
        return _run(sandbox, _endpoint(raw), raw, query)
    except ApiError as error:
        return _error(sandbox, error)


def _error(sandbox: Sandbox, error: ApiError) -> Response:
    return error_reply(sandbox, error.error, error_body(error.error, error.message))


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
        images = [upload for upload in raw.files if upload.name == "image"]
        call = Call(db, sandbox.clock.now(), sandbox.limits, raw.path, query, {}, files=images)
        identity = _identify(sandbox, endpoint, call)
        call.partner_id, call.shop_id = identity.partner_id, identity.shop_id
        call.body = _body(endpoint, raw)
        response = endpoint.handler(call)
    if call.redirect_to is not None:
        return RedirectResponse(call.redirect_to, status_code=302)
    return JSONResponse(success_body(endpoint.shape, response, call.warnings))
