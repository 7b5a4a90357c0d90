"""Site-wide error pages: API paths get the API's JSON error shape, pages get HTML."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found, server_error

from tenants.middleware import wants_json


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"code": "not_found", "message": "Not found.", "fields": {}}, status=404)
    return page_not_found(request, exception or Exception("Not found"))


def server_failure(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        body = {"code": "server_error", "message": "Something went wrong on our side.", "fields": {}}
        return JsonResponse(body, status=500)
    return server_error(request)
