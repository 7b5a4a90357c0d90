"""A Content-Type Django cannot build a request from is a 400 from the WSGI and ASGI apps."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

import pytest
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler

from pyledger_project.input_guard import ASGIGuard, WSGIGuard

HOSTILE = "application/json; charset=\x00"


def test_the_wsgi_app_refuses_a_nul_in_the_content_type(db):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/v1/auth/token/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.input": io.BytesIO(b"{}"),
        "wsgi.url_scheme": "http",
        "CONTENT_LENGTH": "2",
        "CONTENT_TYPE": HOSTILE,
    }
    started: list[str] = []

    body = b"".join(WSGIGuard(WSGIHandler())(environ, lambda status, headers: started.append(status)))

    assert started == ["400 Bad Request"]
    assert json.loads(body)["code"] == "invalid_characters"


def test_without_the_guard_django_fails_on_it():
    # Why the guard exists: Django looks the charset up while it builds the request.
    with pytest.raises(ValueError, match="null"):
        WSGIHandler().request_class(
            {"REQUEST_METHOD": "GET", "CONTENT_TYPE": HOSTILE, "wsgi.input": io.BytesIO()}
        )


def test_the_asgi_app_refuses_a_nul_in_the_content_type():
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/auth/token/",
        "headers": [(b"content-type", HOSTILE.encode("latin-1"))],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"{}"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(ASGIGuard(ASGIHandler())(scope, receive, send))

    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"])["code"] == "invalid_characters"
