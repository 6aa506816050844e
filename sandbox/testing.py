"""Run a sandbox in a background thread on a free loopback port, for tests and the demo.

with running("shopee", tmp_path) as base_url:
    requests.post(f"{base_url}/_control/reset")
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from sandbox.server import build

_START_TIMEOUT = 10.0


def _bound_socket(port: int = 0) -> socket.socket:
    """A loopback socket (port 0: a free one), bound before uvicorn starts (no port race)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Without these, a handed-over socket answers each request ~40 ms late (Nagle/delayed ACK).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    return sock


@contextmanager
def running(platform: str, state_dir: Path, port: int = 0) -> Iterator[str]:
    """Start the platform's sandbox on 127.0.0.1 and yield its base URL; stop it on exit.

    Port 0 picks a free port (tests); the demo asks for the platform's own port."""
    with serving(build(platform, Path(state_dir)), platform, port) as base_url:
        yield base_url


@contextmanager
def serving(app: FastAPI, name: str, port: int = 0) -> Iterator[str]:
    """Serve an already built sandbox app (say, one made with non-default limits)."""
    sock = _bound_socket(port)
    port = int(sock.getsockname()[1])
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run,
        kwargs={"sockets": [sock]},
        name=f"sandbox-{name}-{port}",
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + _START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError(f"the {name} sandbox did not start on port {port}")
        time.sleep(0.005)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=_START_TIMEOUT)
        sock.close()
