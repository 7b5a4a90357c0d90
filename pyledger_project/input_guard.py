"""Refuse hostile text before anything reads it: NUL and control characters in the path, the
query string, header values, cookies and form fields; and form bodies over the upload limits.

It runs first in the chain, before the session, authentication and tenancy middleware look
anything up in PostgreSQL (which cannot store or compare NUL: the driver raises, and that used
to be a 500). JSON bodies are checked by their parser (common.parsers.JSONParser).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.decorators import sync_and_async_middleware

from common.api_errors import MalformedRequest, suspicious_error
from common.errors import DomainError
from common.text import InvalidCharacters, has_control_characters
from tenants.routing.middleware import error_response

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _header_values(request: HttpRequest) -> Iterator[tuple[str, str]]:
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and isinstance(value, str):
            # Header values may carry a tab; nothing else below a space.
            yield key, value.replace("\t", " ")


def _form_fields(request: HttpRequest) -> Iterator[tuple[str, str]]:
    if request.method != "POST" or not (request.content_type or "").startswith(FORM_TYPES):
        return
    for key, values in request.POST.lists():
        yield key, key
        for value in values:
            yield key, value
    for key, uploads in request.FILES.lists():
        for upload in uploads:
            yield key, str(upload.name or "")


def refusal(request: HttpRequest) -> DomainError | None:
    """Why `request` is refused before it goes any further, or None."""
    where = None
    if has_control_characters(request.path):
        where = "path"
    else:
        for key, values in request.GET.lists():
            if has_control_characters(key) or any(has_control_characters(v) for v in values):
                where = f"query parameter {key[:40]!r}"
                break
    if where is None:
        for key, value in _header_values(request):
            if has_control_characters(value):
                where = "header " + key.removeprefix("HTTP_").replace("_", "-").title()
                break
    if where is None:
        try:
            for key, value in _form_fields(request):
                if has_control_characters(value):
                    where = f"form field {key[:40]!r}"
                    break
        except SuspiciousOperation as exc:
            return suspicious_error(exc)
        except MultiPartParserError as exc:
            return MalformedRequest(f"The request body could not be read: {exc}")
    if where is None:
        return None
    return InvalidCharacters(
        f"The {where} contains NUL or another control character.",
        fields={"request": [InvalidCharacters.default_message]},
    )


@sync_and_async_middleware
def input_guard(get_response: Callable[[HttpRequest], Any]) -> Callable[[HttpRequest], Any]:
    """The middleware: answer a refusal at once, else go on. The checks read only what the
    server already holds in memory, so the async variant runs them in the event loop."""
    if iscoroutinefunction(get_response):

        async def guard_async(request: HttpRequest) -> HttpResponse:
            refused = refusal(request)
            if refused is not None:
                return await sync_to_async(error_response)(request, refused)
            response: HttpResponse = await get_response(request)
            return response

        return guard_async

    def guard(request: HttpRequest) -> HttpResponse:
        refused = refusal(request)
        if refused is not None:
            return error_response(request, refused)
        response: HttpResponse = get_response(request)
        return response

    return guard


# --- before Django builds the request --------------------------------------------------------
# Django's WSGIRequest and ASGIRequest look up the Content-Type's charset while they are built
# (codecs.lookup), before any middleware: a NUL there raised ValueError, a 500 from the server.


def content_type_refusal(content_type: str) -> DomainError | None:
    if has_control_characters(content_type):
        return InvalidCharacters(
            "The header Content-Type contains NUL or another control character.",
            fields={"request": [InvalidCharacters.default_message]},
        )
    return None


def _refusal_body(error: DomainError) -> bytes:
    return json.dumps(error.as_dict()).encode()


class WSGIGuard:
    """The WSGI application, refusing a request whose Content-Type Django cannot build."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        refused = content_type_refusal(environ.get("CONTENT_TYPE", ""))
        if refused is None:
            return self.app(environ, start_response)
        body = _refusal_body(refused)
        start_response(
            f"{refused.status_code} Bad Request",
            [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        )
        return [body]


class ASGIGuard:
    """The ASGI application, refusing a request whose Content-Type Django cannot build."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers", ()):
                refused = name.lower() == b"content-type" and content_type_refusal(value.decode("latin-1"))
                if refused:
                    body = _refusal_body(refused)
                    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
                    await send(
                        {"type": "http.response.start", "status": refused.status_code, "headers": headers}
                    )
                    await send({"type": "http.response.body", "body": body})
                    return
        await self.app(scope, receive, send)
