"""The marketplace request pipeline, in the gateway's order.

stats -> faults -> path -> parameters (query + form + JSON merged) -> system parameters and
signature -> per-app throttle -> access token -> per-seller throttle -> handler -> envelope.
Every error goes out as an error envelope with HTTP 200 unless the `http_status` fault says
otherwise; a call's state change commits before its reply, a partial failure's good part too.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, RedirectResponse, Response

from sandbox.common.faults import Fault
from sandbox.common.web import RawRequest, error_reply, front_door
from sandbox.lazada import signing, tokens
from sandbox.lazada.context import Call
from sandbox.lazada.envelope import (
    API_CALL_LIMIT,
    INTERNAL,
    SERVICE_TIMEOUT,
    ApiError,
    error_body,
    success_body,
)
from sandbox.lazada.params import Params, merge
from sandbox.lazada.routes import PAGES, ROUTES, ApiKind, Endpoint
from sandbox.lazada.state import Sandbox

PREFIX = "/rest"
FAULT_ERRORS = {
    Fault.RATE_LIMIT: API_CALL_LIMIT,
    Fault.BUSY: SERVICE_TIMEOUT,
    Fault.SERVER: INTERNAL,
}


def api_path(url_path: str) -> str:
    """`/rest/orders/get` -> `/orders/get`, the path Lazada signs and names; pages as they are."""
    if url_path.startswith(PREFIX + "/"):
        return url_path[len(PREFIX) :]
    return url_path


def _endpoint(sandbox: Sandbox, raw: RawRequest) -> Endpoint:
    table = ROUTES if raw.path.startswith(PREFIX + "/") else PAGES
    endpoint = table.get(api_path(raw.path))
    if endpoint is None:
        raise ApiError(sandbox.limits.gateway.path_error, "The specified API path is invalid")
    if raw.method not in ("GET", "POST"):
        raise ApiError("InvalidHttpMethod", "Only GET and POST are supported")
    return endpoint


def handle(sandbox: Sandbox, raw: RawRequest) -> Response:
    path = api_path(raw.path)
    parse_error: ApiError | None = None
    try:
        params = merge(raw)
    except ApiError as error:
        params, parse_error = Params({}), error
    caller = params.get("app_key") or ""
    faulty = front_door(sandbox, path, caller, lambda f: _error(sandbox, FAULT_ERRORS[f]()))
    if faulty is not None:
        return faulty
    try:
        if parse_error is not None:
            raise parse_error
        return _run(sandbox, _endpoint(sandbox, raw), raw, params)
    except ApiError as error:
        return _error(sandbox, error)


def _error(sandbox: Sandbox, error: ApiError) -> Response:
    return error_reply(sandbox, error.code, error_body(error))


def _identify(sandbox: Sandbox, endpoint: Endpoint, call: Call) -> None:
    if endpoint.kind is ApiKind.UNSIGNED:
        return
    now_ms = sandbox.clock.now_ms()
    call.app_key = signing.authenticate(call.db, call.limits, call.path, call.params, now_ms)
    sandbox.throttle.check_app(call.app_key, call.path, call.now)
    token = call.params.get("access_token")
    if endpoint.kind is ApiKind.SELLER or (endpoint.kind is ApiKind.PUBLIC and token):
        token = call.params.require("access_token")
        call.seller_id = tokens.check_access(call.db, token, call.app_key, call.now)
    if endpoint.inventory:
        sandbox.throttle.check_seller(call.seller_id, call.now)


def _run(sandbox: Sandbox, endpoint: Endpoint, raw: RawRequest, params: Params) -> Response:
    with sandbox.store.transaction() as db:
        now = sandbox.clock.now()
        call = Call(db, now, sandbox.limits, api_path(raw.path), params, files=raw.files)
        _identify(sandbox, endpoint, call)
        data = endpoint.handler(call)
    if call.redirect_to is not None:
        return RedirectResponse(call.redirect_to, status_code=302)
    if call.partial is not None:
        return _error(sandbox, call.partial)
    return JSONResponse(success_body(endpoint.shape, data))
