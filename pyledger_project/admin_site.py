"""Which company's books the Django admin shows: chosen on /admin/company/, kept in the session.

TenantMiddleware finds a company in /t/<slug>/, the X-Tenant header or a company domain; admin
URLs carry none of them. Staff choose a company on the switcher page instead, and every view of a
ledger ModelAdmin (CompanyModelAdmin) runs inside tenant_context() of that company, so the router
sends its querysets to that company's database. With no company chosen (or one that can no longer
be entered) a ledger page redirects to the switcher with a message, never a NoTenantActive error.

Who may do what on those pages is the company role of tenants.routing.access, the policy the API applies:
a viewer (or `view_all_books`) reads, an accountant (or `change_all_books`) also writes the books,
an owner (or a superuser) also closes periods. Django's per-model permissions on the ledger's models
play no part: they would hold in every company at once. An entry through a cross-company grant is
recorded as in the API.

The rest of the admin (registry, users) lives in the common database and needs no company.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.admin.options import get_content_type_for_model
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import SimpleTemplateResponse, TemplateResponse
from django.urls import URLPattern, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from common.errors import DomainError
from common.models import Company
from tenants.errors import TenantNotFound, TenantSuspended
from tenants.lifecycle.freezing import STATUS_ERRORS
from tenants.routing.access import (
    ACCOUNTANT,
    OWNER,
    VIEWER,
    Access,
    access_for,
    enterable,
    is_write,
    note_cross_company,
)
from tenants.routing.context import current_tenant, tenant_context

SESSION_KEY = "pyledger_admin_company"
SWITCHER_URL_NAME = "admin-company"

_ModelT = TypeVar("_ModelT", bound=Model)
View = Callable[..., HttpResponse]


class NoCompanyChosen(DomainError):
    code = "admin_company_required"
    status_code = 400
    default_message = "Choose a company to see its books."


BOOKS_ATTR = "pyledger_admin_books"
DEFAULT_ROLES = {"view": VIEWER, "add": ACCOUNTANT, "change": ACCOUNTANT, "delete": ACCOUNTANT}


def enter(request: HttpRequest, company: Company) -> Access:
    """Refuse `company` the way TenantMiddleware refuses a resolved one (raise a DomainError), or
    return the user's access to it."""
    access = access_for(request.user, company)
    if access is None:
        raise TenantNotFound(f"No company '{company.slug}'.")
    if not company.is_active:
        raise STATUS_ERRORS.get(company.status, TenantSuspended)()
    return access


def admin_company(request: HttpRequest) -> tuple[Company, Access]:
    """The company chosen in this admin session, checked again on every request, and the access."""
    chosen = request.session.get(SESSION_KEY)
    if not chosen:
        raise NoCompanyChosen()
    company = Company.objects.select_related("server").filter(slug=chosen["slug"]).first()
    if company is None:
        raise TenantNotFound(f"No company '{chosen['slug']}'.")
    return company, enter(request, company)


def books_access(request: HttpRequest) -> Access | None:
    """The user's access to the books the admin shows; None: no company chosen, or no access.

    Inside a books page it is the one in_admin_company checked; elsewhere (the index, the side
    bar) the session's company is checked once per request.
    """
    if not hasattr(request, BOOKS_ATTR):
        try:
            _, access = admin_company(request)
        except DomainError:
            access = None
        setattr(request, BOOKS_ATTR, access)
    found: Access | None = getattr(request, BOOKS_ATTR)
    return found


def books_allow(request: HttpRequest, least: str) -> bool:
    """Whether the user may act with role `least` in the admin's company."""
    access = books_access(request)
    return access is not None and access.allows(least)


def choose(request: HttpRequest, company: Company | None) -> None:
    """Remember `company` (None: forget it). The name is kept only for the header."""
    if company is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = {"slug": company.slug, "name": company.name}


def switcher_url(next_url: str = "") -> str:
    url = reverse(SWITCHER_URL_NAME)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def in_admin_company(view: View) -> View:
    """Run `view` inside the admin company's tenant_context, rendering its response there too.

    A TemplateResponse is rendered after the view returns, when the context would already be
    reset, and the admin's changelists evaluate their querysets while rendering: so it is rendered
    here. Anyone not yet allowed into the admin passes through to admin_view's login redirect.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (request.user.is_active and request.user.is_staff):
            return view(request, *args, **kwargs)
        try:
            company, access = admin_company(request)
        except DomainError as error:
            if not isinstance(error, NoCompanyChosen):
                choose(request, None)
            messages.warning(request, error.message)
            return HttpResponseRedirect(switcher_url(request.get_full_path()))
        request.company = company  # type: ignore[attr-defined]  # HttpRequest declares none
        setattr(request, BOOKS_ATTR, access)
        write = is_write(request.method or "GET", access)
        note_cross_company(user=request.user, company=company, access=access, write=write, interface="admin")
        with tenant_context(company):
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse):
                response.render()
        return response

    return wrapper


class CompanyModelAdmin(admin.ModelAdmin[_ModelT]):
    """A ModelAdmin whose every URL runs inside the admin company (see in_admin_company), and whose
    permissions are the user's role in it: `roles` names the least role of each permission, as an
    API view's `roles` does for its actions (an extra permission, e.g. "close", adds its own).

    The admin's log (LogEntry) lives in the common database and knows an object by content type
    and primary key, which every company's books reuse: account 5 of acme and account 5 of foo
    would share one history. So each entry's object_repr starts with `[<slug>] `, and the history
    page lists only the entries of the company shown (entries written before this have no tag and
    no longer appear there). "Recent actions" on the index shows the tag too.

    Generic by hand: ModelAdmin is subscriptable for the type checker only.
    """

    roles: dict[str, str] = DEFAULT_ROLES

    def role_allows(self, request: HttpRequest, permission: str) -> bool:
        return books_allow(request, self.roles.get(permission, OWNER))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.role_allows(request, "view")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.role_allows(request, "view")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.role_allows(request, "add")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.role_allows(request, "change")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.role_allows(request, "delete")

    def get_urls(self) -> list[URLPattern]:
        urls = super().get_urls()
        for pattern in urls:
            pattern.callback = in_admin_company(pattern.callback)
        return urls

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> LogEntry:
        return self._log(request, [obj], ADDITION, message)[0]

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> LogEntry:
        return self._log(request, [obj], CHANGE, message)[0]

    def log_deletions(self, request: HttpRequest, queryset: Any) -> list[LogEntry]:
        return self._log(request, list(queryset), DELETION, "")

    def _log(self, request: HttpRequest, objects: list[Any], flag: int, message: Any) -> list[LogEntry]:
        tag = company_tag()
        text = json.dumps(message) if isinstance(message, list) else message
        user_id = request.user.pk
        assert user_id is not None  # admin views are for signed-in staff only
        entries = [
            LogEntry(
                user_id=user_id,
                content_type_id=get_content_type_for_model(obj).pk,
                object_id=str(obj.pk),
                object_repr=f"{tag}{obj}"[:200],
                action_flag=flag,
                change_message=text,
            )
            for obj in objects
        ]
        for entry in entries:
            entry.save()
        return entries

    def get_paginator(
        self, request: HttpRequest, queryset: Any, per_page: int, *args: Any, **kwargs: Any
    ) -> Any:
        if getattr(queryset, "model", None) is LogEntry:  # the history page
            queryset = queryset.filter(object_repr__startswith=company_tag())
        return super().get_paginator(request, queryset, per_page, *args, **kwargs)


class CompanyInline(admin.TabularInline[Any, Any]):
    """An inline of a CompanyModelAdmin: the same roles decide what may be done with its rows."""

    roles: dict[str, str] = DEFAULT_ROLES

    def role_allows(self, request: HttpRequest, permission: str) -> bool:
        return books_allow(request, self.roles.get(permission, OWNER))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.role_allows(request, "view")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.role_allows(request, "add")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.role_allows(request, "change")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.role_allows(request, "delete")


def autocomplete(request: HttpRequest) -> HttpResponse:
    """The admin's autocomplete view; a search among the books runs inside the admin company.

    Django's view searches the model of any relation it is asked about, not only the admin's
    autocomplete fields: left alone it would search whichever company the request happened to
    name (X-Tenant), or fail with no company at all. Mounted through admin.site.admin_view.
    """
    view: View = admin.site.autocomplete_view
    if request.GET.get("app_label") in settings.PYLEDGER_TENANT_APPS:
        view = in_admin_company(view)
    return view(request)


def company_tag() -> str:
    """How admin log entries name the company whose books they are about: `[acme] `."""
    tenant = current_tenant()
    if tenant is None:  # CompanyModelAdmin views always run inside a company
        raise NoCompanyChosen()
    return f"[{tenant.slug}] "


def safe_next(request: HttpRequest, value: str) -> str:
    """`value` when it is a URL on this site, else the admin index."""
    allowed = url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if value and allowed else reverse("admin:index")


def company_switch(request: HttpRequest) -> HttpResponse:
    """List the companies; POST `company=<slug>` to show its books (an empty slug forgets it).

    Only the companies the user may enter are listed (tenants.routing.access); the POST checks again.
    Mounted through admin.site.admin_view: staff only, CSRF protected, never cached.
    """
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next") or "")
    if request.method == "POST":
        slug = request.POST.get("company", "").strip()
        if not slug:
            choose(request, None)
            messages.info(request, "No company chosen: the books are hidden until you choose one.")
            return HttpResponseRedirect(switcher_url())
        company = Company.objects.filter(slug=slug).first()
        try:
            if company is None:
                raise TenantNotFound(f"No company '{slug[:60]}'.")
            enter(request, company)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(switcher_url(next_url))
        choose(request, company)
        messages.success(request, f"Now showing the books of {company.name} ({company.slug}).")
        return HttpResponseRedirect(next_url)
    chosen = request.session.get(SESSION_KEY) or {}
    context = {
        **admin.site.each_context(request),
        "title": "Choose a company",
        "companies": [c for c, _ in enterable(request.user, Company.objects.order_by("slug"))],
        "chosen_slug": chosen.get("slug", ""),
        "next": next_url,
        "active_status": Company.Status.ACTIVE,
    }
    return TemplateResponse(request, "admin/pyledger/company_switch.html", context)
