"""Resolve the company of each request, check access, and run the view inside its context."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from common.errors import DomainError
from common.models import Company

from .access import membership_role
from .context import tenant_context
from .errors import TenantArchived, TenantNotFound, TenantProvisioning, TenantSuspended
from .resolver import resolve

STATUS_ERRORS: dict[str, type[DomainError]] = {
    Company.Status.SUSPENDED: TenantSuspended,
    Company.Status.ARCHIVED: TenantArchived,
    Company.Status.PROVISIONING: TenantProvisioning,
}


def wants_json(request: HttpRequest) -> bool:
    return "/api/" in request.path_info or "application/json" in request.headers.get("Accept", "")


def error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """Render a tenancy error as the API's JSON shape or a small HTML page."""
    if wants_json(request):
        return JsonResponse(error.as_dict(), status=error.status_code)
    return render(request, "tenants/error.html", {"error": error}, status=error.status_code)


def prepare(request: HttpRequest) -> Company | None:
    """Resolve and check the company of `request`; raise a DomainError to refuse it."""
    company = resolve(request)
    if company is None:
        return None
    role = membership_role(request.user, company) if request.user.is_authenticated else None
    if request.user.is_authenticated and role is None:
        # Same answer as an unknown company: a non-member learns nothing about who is a tenant.
        raise TenantNotFound(f"No company '{company.slug}'.")
    error = STATUS_ERRORS.get(company.status)
    if error is not None:
        raise error()
    request.company = company  # type: ignore[attr-defined]
    request.company_role = role  # type: ignore[attr-defined]
    return company


class TenantMiddleware:
    """Sync and async capable. Anonymous requests pass through to the view, which decides
    (token authentication happens later, in DRF, and checks membership again there)."""

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
            return error_response(request, error)
        if company is None:
            response: HttpResponse = self.get_response(request)
            return response
        with tenant_context(company):
            response = self.get_response(request)
        return response

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        try:
            company = await sync_to_async(prepare)(request)
        except DomainError as error:
            return await sync_to_async(error_response)(request, error)
        if company is None:
            response: HttpResponse = await self.get_response(request)
            return response
        with tenant_context(company):
            response = await self.get_response(request)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> None:
        # The /t/<tenant_slug>/ URL parameter is consumed here; views never see it.
        view_kwargs.pop("tenant_slug", None)
