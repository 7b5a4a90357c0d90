"""Site-wide error pages: API paths get the API's JSON error shape, pages get HTML."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import bad_request, page_not_found, server_error

from common.api_errors import suspicious_error
from tenants.routing.middleware import error_response, wants_json


def refused(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 for what it refuses outside the API views: a body over the upload limits
    (413), too many fields or files, a disallowed host."""
    if isinstance(exception, SuspiciousOperation):
        return error_response(request, suspicious_error(exception))
    return bad_request(request, exception or Exception("Bad request"))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"code": "not_found", "message": "Not found.", "fields": {}}, status=404)
    return page_not_found(request, exception or Exception("Not found"))


def server_failure(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        body = {"code": "server_error", "message": "Something went wrong on our side.", "fields": {}}
        return JsonResponse(body, status=500)
    return server_error(request)
