"""Fixtures of the events tests: acme's books, API users, and a local webhook receiver."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pytest_django import Settings

from ledger.api.tests.conftest import client_for, fresh_throttles, make_user, users  # noqa: F401  (fixtures)
from ledger.tests.conftest import ALICE as ALICE  # re-exported to the events' tests
from ledger.tests.conftest import Post as Post
from ledger.tests.conftest import books, post, race, race_books  # noqa: F401  (fixtures)


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    path: str = ""


@dataclass
class Receiver:
    """A tiny HTTP server in a thread: records each POST, answers the next status of `script`
    (then `status`), optionally with a Location header."""

    url: str = ""
    status: int = 204
    script: list[int] = field(default_factory=list)
    location: str = ""
    got: list[Received] = field(default_factory=list)

    def answer(self) -> int:
        return self.script.pop(0) if self.script else self.status


@pytest.fixture
def receiver(settings: Settings) -> Iterator[Receiver]:
    settings.PYLEDGER_WEBHOOK_ALLOW_PRIVATE = True
    made = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            made.got.append(Received(headers, self.rfile.read(length), self.path))
            self.send_response(made.answer())
            if made.location:
                self.send_header("Location", made.location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    made.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    # A short poll: shutdown() waits for it (half a second by default, at every test's end).
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield made
    finally:
        server.shutdown()
        server.server_close()
