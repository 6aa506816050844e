"""The Shopee sandbox application: Shopee's own paths plus the `/_control` API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import JSONResponse, Response

from sandbox.shopee import control
from sandbox.shopee.context import Upload
from sandbox.shopee.envelope import Refusal
from sandbox.shopee.gateway import RawRequest, handle
from sandbox.shopee.limits import Limits
from sandbox.shopee.state import Sandbox

DEFAULT_PORT = 8701
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


async def _read(request: Request) -> RawRequest:
    raw = RawRequest(request.url.path, request.method, list(request.query_params.multi_items()))
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        raw.multipart = True
        try:
            form = await request.form()
        except Exception:  # a broken multipart body: the handler sees no fields, no files
            return raw
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key == "image":
                    data = await value.read()
                    raw.files.append(Upload(value.filename or "", value.content_type or "", data))
            else:
                raw.form[key] = value
    else:
        raw.body = await request.body()
    return raw


def create_app(state_path: Path, *, limits: Limits | None = None) -> FastAPI:
    """A sandbox whose state lives in `state_path` (created when missing)."""
    sandbox = Sandbox(state_path, limits or Limits())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        sandbox.pusher.start()
        yield
        sandbox.close()

    app = FastAPI(
        title="OCOP Sync sandbox: Shopee Open Platform v2",
        docs_url="/_control/docs",
        lifespan=lifespan,
    )
    app.state.sandbox = sandbox

    async def marketplace(request: Request) -> Response:
        raw = await _read(request)
        delay = sandbox.faults.latency(raw.path)
        if delay:
            await asyncio.sleep(delay)
        return await run_in_threadpool(handle, sandbox, raw)

    app.add_api_route("/api/{rest:path}", marketplace, methods=METHODS, include_in_schema=False)
    app.add_api_route("/auth", marketplace, methods=METHODS, include_in_schema=False)
    app.include_router(control.build_router(sandbox))

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refusal)
        return JSONResponse({"error": exc.code}, status_code=exc.status)

    app.add_exception_handler(Refusal, refused)
    return app
