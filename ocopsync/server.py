"""`ocopsync run`: the scheduler and the HTTP server in one process."""

from __future__ import annotations

import logging

import uvicorn

from ocopsync.context import AppContext
from scheduler import SyncScheduler
from web.app import create_app


def serve_forever(ctx: AppContext) -> None:
    if ctx.settings.log_level.upper() == "WARNING":  # the default: a service says what it does
        logging.getLogger().setLevel(logging.INFO)
    scheduler = SyncScheduler(ctx.engine)
    scheduler.start()
    try:
        app = create_app(ctx.db, scheduler)
        uvicorn.run(app, host=ctx.settings.http_host, port=ctx.settings.http_port, log_level="info")
    finally:
        scheduler.shutdown()
