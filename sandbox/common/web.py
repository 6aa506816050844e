"""The HTTP shell every sandbox shares: reading a request, the fault front door, the app itself.

A platform supplies `handle(raw) -> Response` (its gateway pipeline, run in a worker thread), the
URL patterns of its marketplace API, and its control router; everything else is the same.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import HTMLResponse, JSONResponse, Response

from sandbox.common.faults import GARBAGE_PAGE, Fault
from sandbox.common.refusal import Refusal
from sandbox.common.runtime import Runtime

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    data: bytes
    name: str = ""  # the multipart field it came in


@dataclass
class RawRequest:
    path: str
    method: str
    query: list[tuple[str, str]]
    content_type: str = ""
    body: bytes = b""
    multipart: bool = False
    form: dict[str, str] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)


async def read_request(request: Request) -> RawRequest:
    """Query pairs as sent; a multipart body as fields and files, any other body as raw bytes."""
    content_type = request.headers.get("content-type", "")
    raw = RawRequest(
        request.url.path, request.method, list(request.query_params.multi_items()), content_type
    )
    if not content_type.startswith("multipart/form-data"):
        raw.body = await request.body()
        return raw
    raw.multipart = True
    try:
        form = await request.form()
    except Exception:  # a broken multipart body: the handler sees no fields, no files
        return raw
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            data = await value.read()
            raw.files.append(Upload(value.filename or "", value.content_type or "", data, key))
        else:
            raw.form[key] = value
    return raw


def error_reply(sandbox: Runtime, code: str, body: dict[str, Any]) -> JSONResponse:
    """An error envelope: counted in stats, sent with the `http_status` fault's status."""
    sandbox.stats.error(code)
    return JSONResponse(body, status_code=sandbox.faults.http_status())


def front_door(
    sandbox: Runtime, path: str, caller: str, fault_reply: Callable[[Fault], Response]
) -> Response | None:
    """Count the call and apply the faults in force; None lets the call through."""
    sandbox.stats.call(path)
    fault = sandbox.faults.pick(path, caller, sandbox.clock.now())
    if fault is None:
        return None
    if fault is Fault.GARBAGE:
        return HTMLResponse(GARBAGE_PAGE, status_code=502)
    return fault_reply(fault)


def build_app(
    sandbox: Runtime,
    *,
    title: str,
    patterns: list[str],
    handle: Callable[[RawRequest], Response],
    router: APIRouter,
    api_path: Callable[[str], str] = str,
) -> FastAPI:
    """The FastAPI app: the marketplace API on `patterns`, the control API (`router`, see
    `sandbox.common.control.build_router`), the push sender.

    `api_path` maps a URL path to the API path the `latency_ms` fault's `paths` name."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        sandbox.pusher.start()
        yield
        sandbox.close()

    app = FastAPI(title=title, docs_url="/_control/docs", lifespan=lifespan)
    app.state.sandbox = sandbox

    async def marketplace(request: Request) -> Response:
        raw = await read_request(request)
        delay = sandbox.faults.latency(api_path(raw.path))
        if delay:
            await asyncio.sleep(delay)
        return await run_in_threadpool(handle, raw)

    for pattern in patterns:
        app.add_api_route(pattern, marketplace, methods=METHODS, include_in_schema=False)
    app.include_router(router)

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refusal)
        return JSONResponse({"error": exc.code}, status_code=exc.status)

    app.add_exception_handler(Refusal, refused)
    return app
