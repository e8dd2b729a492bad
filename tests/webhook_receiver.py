"""A real webhook receiver for tests: http.server on a 127.0.0.1 port in a thread. It checks
each request's signature, records every event id it is sent (repeats too) and answers
``status`` (204 by default). The port is chosen free before the server starts, so a test
can send to it while nothing listens there (connection refused)."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from caseflow.services.messaging.webhook_delivery import SIGNATURE_HEADER, verify


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Receiver:
    def __init__(self, secret: str = "", port: int | None = None) -> None:
        self.port = port or free_port()
        self.secret = secret
        self.status = 204
        self.answer = b""  # the body of each answer
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.bad_signatures = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    @property
    def ids(self) -> list[str]:
        return [event["id"] for event in self.received]

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                header = self.headers.get(SIGNATURE_HEADER, "")
                with receiver._lock:
                    if receiver.secret and not verify(receiver.secret, header, body):
                        receiver.bad_signatures += 1
                    receiver.received.append(json.loads(body))
                    receiver.headers.append(dict(self.headers.items()))
                self.send_response(receiver.status)
                self.send_header("Content-Length", str(len(receiver.answer)))
                self.end_headers()
                self.wfile.write(receiver.answer)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
