"""A real HTTP receiver on loopback for the webhook tests: it verifies each request's
signature with standardwebhooks' Webhook.verify, and answers as the test scripts it
(a status code, or a pause longer than the sender waits)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    verified: Any  # the JSON the signature covers, or None when it did not verify


@dataclass
class Receiver:
    url: str
    secret: str = ""
    # Answers in turn, the last repeated: a status code, or ("sleep", seconds) then 200.
    script: list[Any] = field(default_factory=lambda: [204])
    received: list[Received] = field(default_factory=list)

    def answer(self) -> Any:
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    @property
    def verified(self) -> list[Any]:
        return [r.verified for r in self.received if r.verified is not None]


@contextmanager
def receiver() -> Iterator[Receiver]:
    found = Receiver(url="")
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = dict(self.headers.items())
            try:
                verified = Webhook(found.secret).verify(body, headers)
            except (WebhookVerificationError, ValueError):
                verified = None
            found.received.append(Received(headers, body, verified))
            answer = found.answer()
            if isinstance(answer, tuple):
                stop.wait(answer[1])
                answer = 200
            try:
                self.send_response(answer)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"thanks" if answer < 300 else b"receiver down for maintenance")
            except OSError:
                pass  # the sender gave up waiting

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    found.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    try:
        yield found
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
