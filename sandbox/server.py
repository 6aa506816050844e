"""Serve one marketplace sandbox with uvicorn: `python -m sandbox.server [platform] [port]`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from sandbox.lazada.app import create_app as create_lazada_app
from sandbox.shopee.app import create_app as create_shopee_app

AppFactory = Callable[[Path], FastAPI]

# platform -> (create_app, default port); the other platforms join here as they are written:
# tiki 8703, sendo 8704, voso 8705, postmart 8706.
PLATFORMS: dict[str, tuple[AppFactory, int]] = {
    "shopee": (create_shopee_app, 8701),
    "lazada": (create_lazada_app, 8702),
}


def build(platform: str, state_dir: Path) -> FastAPI:
    """The platform's app with its state in `state_dir/<platform>.db`."""
    if platform not in PLATFORMS:
        raise ValueError(f"unknown sandbox platform {platform!r}; known: {sorted(PLATFORMS)}")
    factory, _ = PLATFORMS[platform]
    return factory(state_dir / f"{platform}.db")


def default_port(platform: str) -> int:
    return PLATFORMS[platform][1]


def serve(
    platform: str = "shopee",
    host: str = "127.0.0.1",
    port: int | None = None,
    state_dir: Path = Path(".sandbox"),
) -> None:
    """Run the sandbox in the foreground until interrupted (port None: the platform's default)."""
    app = build(platform, state_dir)
    # no access log: its lines would carry the tokens and signatures of every query string
    uvicorn.run(
        app, host=host, port=port or default_port(platform), log_level="info", access_log=False
    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    serve(
        platform=arguments[0] if arguments else "shopee",
        port=int(arguments[1]) if len(arguments) > 1 else None,
    )
