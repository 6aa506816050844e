"""The Lazada sandbox application: the `/rest` API, the consent page, and `/_control`."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from fastapi import FastAPI

from sandbox.common.control import build_router
from sandbox.common.web import build_app
from sandbox.lazada import control, control_catalog
from sandbox.lazada.gateway import api_path, handle
from sandbox.lazada.limits import Limits
from sandbox.lazada.state import Sandbox

DEFAULT_PORT = 8702


def create_app(state_path: Path, *, limits: Limits | None = None) -> FastAPI:
    """A sandbox whose state lives in `state_path` (created when missing)."""
    sandbox = Sandbox(state_path, limits or Limits())
    router = build_router(sandbox, control, control_catalog)
    control.add_routes(router, sandbox)
    return build_app(
        sandbox,
        title="OCOP Sync sandbox: Lazada Open Platform (VN)",
        patterns=["/rest/{rest:path}", "/oauth/authorize"],
        handle=partial(handle, sandbox),
        router=router,
        api_path=api_path,
    )
