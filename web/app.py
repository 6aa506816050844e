"""The HTTP side of `ocopsync run`: health and Prometheus metrics (the dashboards build on this)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from scheduler import SyncScheduler


def create_app(db: Engine, scheduler: SyncScheduler | None = None) -> FastAPI:
    app = FastAPI(title="OCOP Sync", version="0.1.0")

    @app.get("/healthz")
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

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app
