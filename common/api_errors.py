"""One error shape for the whole API: {"code", "message", "fields"}.

Domain errors carry their own code and status; DRF and Django errors are translated; anything
else is logged and answered with a JSON 500 that reveals nothing of the stack.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError

logger = logging.getLogger("pyledger.api")


class RequestTooLarge(DomainError):
    code = "request_too_large"
    status_code = 413
    default_message = "The request body is larger than this server accepts."


class MalformedRequest(DomainError):
    code = "malformed_request"
    default_message = "The request could not be read."


def suspicious_error(exc: SuspiciousOperation) -> DomainError:
    """Django's refusals of a request body (too big, too many fields or files) as domain errors."""
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge()
    return MalformedRequest(f"The request could not be read: {exc}")


def _first_code(detail: Any) -> str:
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value)
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    return str(getattr(detail, "code", "invalid"))


def _message(detail: Any) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            inner = _message(value)
            return inner if key in ("non_field_errors", "detail") else f"{key}: {inner}"
    if isinstance(detail, list) and detail:
        return _message(detail[0])
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, SuspiciousOperation):
        exc = suspicious_error(exc)
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(
            {"code": "server_error", "message": "Something went wrong on our side.", "fields": {}}, status=500
        )
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = {"code": _first_code(exc.detail), "message": _message(exc.detail), "fields": fields}
        if body["code"] in ("invalid", "required", "null", "blank"):
            body["code"] = "validation_error"
    else:
        body = {"code": _first_code(exc.detail), "message": _message(exc.detail), "fields": {}}
    response.data = body
    return response
