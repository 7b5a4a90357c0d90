"""Resolve the company of each request, check access, and run the view inside its context."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.db import DatabaseError
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from common.errors import DomainError
from common.models import Company

from ..errors import NoTenantActive, TenantNotFound, TenantSuspended
from ..lifecycle.freezing import STATUS_ERRORS, refusal_for
from .access import access_for, is_write, note_cross_company
from .context import tenant_context
from .registry_cache import revalidate
from .resolver import TENANT_HEADER, resolve


def wants_json(request: HttpRequest) -> bool:
    return "/api/" in request.path_info or "application/json" in request.headers.get("Accept", "")


def error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """Render a tenancy error as the API's JSON shape or a small HTML page."""
    if wants_json(request):
        return JsonResponse(error.as_dict(), status=error.status_code)
    return render(request, "tenants/error.html", {"error": error}, status=error.status_code)


def prepare(request: HttpRequest) -> Company | None:
    """Resolve and check the company of `request`; raise a DomainError to refuse it.

    An API request that looks anonymous here may carry a token that DRF reads later. Telling it
    "no such company" or "suspended" now would let anyone probe which companies exist. Such a
    refusal is left on the request (no company is activated) for CompanyRolePermission, which
    answers 401 to the anonymous, 404 to non-members and the status error to members.

    What it leaves on the request (registry_revalidated, tenant_refusal, company, company_role) is
    no attribute HttpRequest declares, hence the ignores where they are set.
    """
    revalidate()  # another process may have removed a member or suspended a company meanwhile
    request.registry_revalidated = True  # type: ignore[attr-defined]  # tokens.py may use the cache
    try:
        company = resolve(request)
    except TenantNotFound as not_found:
        if _defer(request):
            request.tenant_refusal = (not_found, None)  # type: ignore[attr-defined]
            return None
        raise
    if company is None:
        return None
    if _defer(request) and not company.is_active:
        refusal = STATUS_ERRORS.get(company.status, TenantSuspended)()
        request.tenant_refusal = (refusal, company)  # type: ignore[attr-defined]
        return None
    access = access_for(request.user, company) if request.user.is_authenticated else None
    if request.user.is_authenticated and access is None:
        # Same answer as an unknown company: whoever may not enter learns nothing about who is a tenant.
        raise TenantNotFound(f"No company '{company.slug}'.")
    if not company.is_active:
        # Fail closed: a status added later without an error of its own still keeps people out.
        raise STATUS_ERRORS.get(company.status, TenantSuspended)()
    request.company = company  # type: ignore[attr-defined]
    request.company_role = access.role if access is not None else None  # type: ignore[attr-defined]
    if access is not None:
        write = is_write(request.method or "GET", access)
        interface = "api" if "/api/" in request.path_info else "web"
        note_cross_company(
            user=request.user, company=company, access=access, write=write, interface=interface
        )
    return company


def _defer(request: HttpRequest) -> bool:
    return not request.user.is_authenticated and "/api/" in request.path_info


def finish(response: HttpResponse) -> HttpResponse:
    """Mark `response` as depending on the X-Tenant header, so that no cache serves one company's
    answer to a request for another on the same URL."""
    patch_vary_headers(response, [TENANT_HEADER])
    return response


def stream_in_context(response: HttpResponse, company: Company) -> HttpResponse:
    """Produce a streaming body inside the company's context.

    A streaming body is generated after the middleware has returned, outside its `with` block, so
    each chunk is produced with the company re-activated (and reset again before it is sent).
    """
    if not isinstance(response, StreamingHttpResponse) or isinstance(response, FileResponse):
        return response
    if response.is_async:
        response.streaming_content = _achunks_in_context(response.streaming_content, company)
    else:
        response.streaming_content = _chunks_in_context(response.streaming_content, company)
    return response


def _chunks_in_context(chunks: Iterator[bytes], company: Company) -> Iterator[bytes]:
    iterator = iter(chunks)
    while True:
        with tenant_context(company):
            chunk = next(iterator, None)
        if chunk is None:
            return
        yield chunk


async def _achunks_in_context(chunks: AsyncIterator[bytes], company: Company) -> AsyncIterator[bytes]:
    iterator = aiter(chunks)
    while True:
        with tenant_context(company):
            chunk = await anext(iterator, None)
        if chunk is None:
            return
        yield chunk


class TenantMiddleware:
    """Sync and async capable. Anonymous requests pass through to the view, which decides
    (token authentication happens later, in DRF, and checks membership again there).

    The context is set around the view only and reset in `finally` whatever the view does.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
        if self.is_async:
            return self.__acall__(request)
        try:
            company = prepare(request)
        except DomainError as error:
            return finish(error_response(request, error))
        if company is None:
            return finish(self.get_response(request))
        with tenant_context(company):
            response: HttpResponse = self.get_response(request)
        return finish(stream_in_context(response, company))

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        try:
            company = await sync_to_async(prepare)(request)
        except DomainError as error:
            return finish(await sync_to_async(error_response)(request, error))
        if company is None:
            return finish(await self.get_response(request))
        with tenant_context(company):
            response: HttpResponse = await self.get_response(request)
        return finish(stream_in_context(response, company))

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> None:
        # The /t/<tenant_slug>/ URL parameter is consumed here; views never see it.
        view_kwargs.pop("tenant_slug", None)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # A company-scoped URL reached with no company (a root-mounted API path without the
        # X-Tenant header or a company domain) is the client's mistake: 400, not a server error.
        if isinstance(exception, NoTenantActive):
            return error_response(request, exception)
        # A write refused by a frozen database, or a session ended by a suspension: the company's
        # status answers, never a 500 (the API's exception handler does the same).
        company = getattr(request, "company", None)
        if company is not None and isinstance(exception, DatabaseError):
            refusal = refusal_for(exception, company.pk)
            if refusal is not None:
                return error_response(request, refusal)
        return None
