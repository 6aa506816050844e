"""The Shopee sandbox application: Shopee's own paths plus the `/_control` API."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from fastapi import FastAPI

from sandbox.common.control import build_router
from sandbox.common.web import build_app
from sandbox.shopee import control, control_catalog
from sandbox.shopee.gateway import handle
from sandbox.shopee.limits import Limits
from sandbox.shopee.state import Sandbox

DEFAULT_PORT = 8701


def create_app(state_path: Path, *, limits: Limits | None = None) -> FastAPI:
    """A sandbox whose state lives in `state_path` (created when missing)."""
    sandbox = Sandbox(state_path, limits or Limits())
    return build_app(
        sandbox,
        title="OCOP Sync sandbox: Shopee Open Platform v2",
        patterns=["/api/{rest:path}", "/auth"],
        handle=partial(handle, sandbox),
        router=build_router(sandbox, control, control_catalog),
    )
