"""Per request: its id, one log line, its metrics; and the protected /metrics endpoint.

- `X-Request-ID`: taken from the request when it is a plain token of at most 128 characters
  (a proxy's or a client's id), else a new one; returned on the response and carried by every
  log line of the request (pyledger_project.log_context).
- One log line per request (`pyledger.request`): method, route (the URL pattern), status,
  duration, company, user id, request id. Never the query string, headers or body.
- Metrics (pyledger_project.metrics): requests by route pattern, method and status, latency.
- `/metrics`: with `Authorization: Bearer <PYLEDGER_METRICS_TOKEN>` (answered before the host
  check, so a scraper may use the pod's address), or for a signed-in staff user.
"""

from __future__ import annotations

import hmac
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.conf import settings
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import sync_and_async_middleware

from pyledger_project import log_context, metrics
from tenants.routing.connections import open_tenant_connections

log = logging.getLogger("pyledger.request")

REQUEST_ID = re.compile(r"[A-Za-z0-9._:@+=-]{1,128}")
METRICS_PATH = "/metrics"


def request_id_of(request: HttpRequest) -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def route_of(request: HttpRequest) -> str:
    """The URL pattern that answered: a bounded label whatever the paths clients send."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return str(match.route).replace("^", "").replace("$", "")  # the API router's regex anchors
    if request.path_info.startswith(("/" + settings.STATIC_URL.lstrip("/"), "/app/")):
        return "static"
    return "unmatched"


def company_of(request: HttpRequest) -> str | None:
    company = getattr(request, "company", None)
    return getattr(company, "slug", None)


@sync_and_async_middleware
def observe_middleware(get_response: Callable[[HttpRequest], Any]) -> Callable[[HttpRequest], Any]:
    """The request id, one log line and the metrics of each request; /metrics for its token. Under
    ASGI it stays async, so that it never serialises other requests through one thread."""
    if iscoroutinefunction(get_response):

        async def middleware_async(request: HttpRequest) -> HttpResponse:
            rid = request_id_of(request)
            if request.path_info == METRICS_PATH and _bearer(request) is not None:
                response: HttpResponse = await sync_to_async(metrics_view)(request)
            else:
                started = time.perf_counter()
                with log_context.bind(request_id=rid, request=request):
                    response = await get_response(request)
                    _record(request, response, started)
            response["X-Request-ID"] = rid
            return response

        return middleware_async

    def middleware(request: HttpRequest) -> HttpResponse:
        rid = request_id_of(request)
        if request.path_info == METRICS_PATH and _bearer(request) is not None:
            response: HttpResponse = metrics_view(request)  # before the host check
        else:
            started = time.perf_counter()
            with log_context.bind(request_id=rid, request=request):
                response = get_response(request)
                _record(request, response, started)
        response["X-Request-ID"] = rid
        return response

    return middleware


def _record(request: HttpRequest, response: HttpResponse, started: float) -> None:
    elapsed = time.perf_counter() - started
    route, method = route_of(request), request.method or ""
    metrics.REQUESTS.labels(route, method, str(response.status_code)).inc()
    metrics.LATENCY.labels(route, method).observe(elapsed)
    fields: dict[str, Any] = {
        "method": method,
        "route": route,
        "status": response.status_code,
        "duration_ms": round(elapsed * 1000, 1),
    }
    if (company := company_of(request)) is not None:
        fields["company"] = company  # the tenant context has ended by now
    log.info("request", extra=fields)


def count_tenant_connections(sender: Any, **kwargs: Any) -> None:
    """request_finished, after Django closed the connections it closes: what this thread keeps."""
    metrics.note_tenant_connections(len(open_tenant_connections()))


request_finished.connect(count_tenant_connections, dispatch_uid="pyledger-tenant-connections")


def _bearer(request: HttpRequest) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _refused(status: int, code: str, message: str) -> JsonResponse:
    response = JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
    return response


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format, for the metrics token's bearer or a staff user."""
    expected = settings.PYLEDGER_METRICS_TOKEN or ""
    given = _bearer(request)
    if given is not None:
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            return _refused(401, "not_authenticated", "The metrics token is not valid.")
    else:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return _refused(401, "not_authenticated", "Send the metrics token, or sign in as staff.")
        if not user.is_staff:
            return _refused(403, "permission_denied", "Only staff may read the metrics.")
    if request.method not in ("GET", "HEAD"):
        return _refused(405, "method_not_allowed", "Metrics are read with GET.")
    response = HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
