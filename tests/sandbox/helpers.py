"""What every sandbox test uses: the control API call and a loopback push receiver."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

TIMEOUT = 10


def control(base: str, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(method, f"{base}/_control{path}", json=body, timeout=TIMEOUT)


@dataclass
class Receiver:
    """A webhook endpoint: answers `replies` in order (then 200, empty), records what came."""

    url: str
    replies: list[tuple[int, bytes]] = field(default_factory=list)
    received: queue.Queue[tuple[str, bytes]] = field(default_factory=queue.Queue)

    def next_push(self) -> tuple[dict[str, Any], str, bytes]:
        signature, body = self.received.get(timeout=5)
        return json.loads(body), signature, body


@contextmanager
def receiving() -> Iterator[Receiver]:
    holder: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            me = holder[0]
            status, reply = me.replies.pop(0) if me.replies else (200, b"")
            me.received.put((self.headers["Authorization"], body))
            self.send_response(status)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder.append(Receiver(f"http://127.0.0.1:{server.server_address[1]}/push"))
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield holder[0]
    finally:
        server.shutdown()
        server.server_close()
