"""The HTTP side of `ocopsync run`: pages, the REST API, webhooks, /healthz and /metrics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from starlette.middleware.sessions import SessionMiddleware

from scheduler import SyncScheduler
from sync.tick import SyncEngine
from web import api, pages, webhooks
from web.auth import LoginRequired, WebState, session_secret
from web.users import ensure_table

STATIC = Path(__file__).parent / "static"


def create_app(
    db: Engine,
    scheduler: SyncScheduler | None = None,
    *,
    engine: SyncEngine | None = None,
    secret: str | None = None,
    https_only: bool = False,
) -> FastAPI:
    """`engine` ticks channels when no scheduler runs here (defaults to the scheduler's)."""
    ensure_table(db)
    app = FastAPI(title="OCOP Sync", version="0.1.0")
    app.state.web = WebState(db, engine or (scheduler.engine if scheduler else None), scheduler)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret or session_secret(),
        session_cookie="ocopsync_session",
        same_site="lax",
        https_only=https_only,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(webhooks.router)

    @app.exception_handler(LoginRequired)
    def to_login(_request: Request, _exc: LoginRequired) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.get("/healthz", tags=["operations"])
    def healthz() -> JSONResponse:
        body: dict[str, Any] = {"status": "ok"}
        try:
            with db.connect() as conn:
                conn.execute(text("SELECT 1"))
            body["database"] = "ok"
        except Exception as exc:  # the reason, never the URL (it may hold a password)
            body.update(status="error", database=type(exc).__name__)
        if scheduler is not None:
            running = scheduler.scheduler.running
            body["scheduler"] = "running" if running else "stopped"
            body["jobs"] = len(scheduler.jobs())
            if not running:
                body["status"] = "error"
        return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)

    @app.get("/metrics", tags=["operations"])
    def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app
