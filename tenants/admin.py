"""Django admin of the tenant lifecycle: staff register, bootstrap, migrate, suspend, reactivate and
archive companies, and change memberships, here.

Each action is one call into the function the management command calls (tenants.lifecycle.services,
tenants.lifecycle.memberships), so admin and command line obey the same rules. A DomainError becomes an
admin message, never a 500. The pages of registry rows that need no lifecycle (currencies, servers,
the audit trail) stay in common/admin.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import OperationalError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from common.admin import CheckedAutocompleteAdmin
from common.errors import DomainError, first_line
from common.models import Company, Domain, Membership

from .errors import InvalidSlug, TenantStateError
from .lifecycle import services
from .lifecycle.memberships import LastOwner, check_owner_left, member_remove, member_set
from .lifecycle.provisioning import validate_slug
from .routing.connections import close_tenant_connections


def run_for_each(
    modeladmin: admin.ModelAdmin[Company],
    request: HttpRequest,
    companies: Iterable[Company],
    operation: Callable[[Company], str],
) -> None:
    """Run `operation` on each company; report each result or error as a message, go on past failures.

    `operation` returns the success message. Domain errors and unreachable databases are shown as
    errors; anything else is a bug and propagates (a logged 500) rather than being hidden.
    """
    for company in companies:
        try:
            text = operation(company)
        except DomainError as exc:
            modeladmin.message_user(request, f"{company.slug}: {exc.message}", messages.ERROR)
        except OperationalError as exc:
            modeladmin.message_user(
                request, f"{company.slug}: database unreachable: {first_line(exc)}", messages.ERROR
            )
        else:
            modeladmin.message_user(request, f"{company.slug}: {text}", messages.SUCCESS)
        finally:
            # An admin request may touch many tenants: give each connection back straight away.
            close_tenant_connections()


class DomainInline(admin.TabularInline[Domain, Company]):
    model = Domain
    extra = 0


class MembershipInline(admin.TabularInline[Membership, Company]):
    """Members, read-only here: they change on the Memberships pages, through the one service
    that keeps the last owner and writes the audit trail (tenants.lifecycle.memberships)."""

    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["user", "role", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CompanyAdminForm(forms.ModelForm[Company]):
    class Meta:
        model = Company
        fields = ["slug", "name", "base_currency", "country", "server"]
        help_texts = {
            "server": "Blank: the server accepting new tenants with the fewest companies "
            "(or the common database's server when no server is registered).",
        }

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        try:
            return validate_slug(slug)
        except InvalidSlug as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None

    def clean_country(self) -> str:
        country: str = self.cleaned_data.get("country", "")
        if country and (len(country) != 2 or not country.isalpha()):
            raise forms.ValidationError("Use an ISO 3166 two-letter code such as GB.")
        return country.upper()


@admin.register(Company)
class CompanyAdmin(CheckedAutocompleteAdmin):
    form = CompanyAdminForm
    list_display = ["slug", "name", "status", "server", "db_name", "base_currency", "created_at"]
    list_filter = ["status", "server"]
    search_fields = ["slug", "name", "db_name", "domains__hostname"]
    list_select_related = ["server", "base_currency"]
    inlines = [DomainInline, MembershipInline]
    autocomplete_fields = ["base_currency"]
    actions = [
        "bootstrap",
        "migrate",
        "migrate_in_background",
        "backup_in_background",
        "suspend",
        "reactivate",
        "archive",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Company | None = None) -> list[str]:
        # Status changes only through the actions. Where the books live and in which currency they
        # are kept cannot change by editing a field: moving a database is an operation of its own.
        if obj is None:
            return ["status", "db_name"]
        return ["slug", "base_currency", "server", "status", "db_name", "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Company, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # Registered only (status provisioning), as `bootstrap_tenant` would: the `bootstrap`
        # action creates the database.
        company, _ = services.tenant_register(
            slug=obj.slug,
            name=obj.name,
            base_currency=obj.base_currency_id,
            country=obj.country,
            server=obj.server,
        )
        obj.pk, obj.db_name, obj.server, obj.status = (
            company.pk,
            company.db_name,
            company.server,
            company.status,
        )
        obj.created_at, obj.updated_at = company.created_at, company.updated_at

    def has_delete_permission(self, request: HttpRequest, obj: Company | None = None) -> bool:
        # Deleting the row would orphan the company's database: archive it instead.
        return False

    def _for_each(
        self, request: HttpRequest, queryset: QuerySet[Company], operation: Callable[[Company], str]
    ) -> None:
        run_for_each(self, request, queryset.select_related("server"), operation)

    @admin.action(description="Bootstrap: create database, migrate, seed, activate", permissions=["change"])
    def bootstrap(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        def operation(company: Company) -> str:
            result = services.tenant_bootstrap(
                slug=company.slug,
                name=company.name,
                base_currency=company.base_currency_id,
                country=company.country,
            )
            return f"active on database {result.company.db_name} ({', '.join(result.done) or 'no change'})"

        self._for_each(request, queryset, operation)

    @admin.action(description="Migrate the company databases", permissions=["change"])
    def migrate(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        def operation(company: Company) -> str:
            if company.status == Company.Status.PROVISIONING:  # the action next to this one finishes it
                raise TenantStateError("still provisioning: bootstrap it instead.")
            result = services.tenant_migrate(company)
            snapshot = f"; snapshot taken first: {result.snapshot}" if result.snapshot else ""
            return f"{result.outcome} {result.detail}".rstrip() + snapshot

        self._for_each(request, queryset, operation)

    def _queue(self, request: HttpRequest, queryset: QuerySet[Company], task: str) -> None:
        """Queue `task` for each selected company; the Background jobs page shows how far they got."""
        from jobs.registry import enqueue

        queued = 0
        for company in queryset:
            try:
                enqueue(task, company=company, requested_by=request.user)
                queued += 1
            except DomainError as exc:
                self.message_user(request, f"{company.slug}: {exc.message}", messages.ERROR)
        url = reverse("admin:jobs_job_changelist") + f"?task={task}"
        self.message_user(
            request,
            format_html('{} jobs queued: follow them on <a href="{}">Background jobs</a>.', queued, url),
            messages.SUCCESS if queued else messages.WARNING,
        )

    @admin.action(description="Migrate in the background (a job per company)", permissions=["change"])
    def migrate_in_background(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        self._queue(request, queryset, "tenants.migrate")

    @admin.action(description="Back up in the background (a job per company)", permissions=["change"])
    def backup_in_background(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        self._queue(request, queryset, "tenants.backup")

    def _change_status(
        self, request: HttpRequest, queryset: QuerySet[Company], change: Callable[..., bool], status: str
    ) -> None:
        """Apply a status service (its rules are the commands' rules) to each selected company."""

        def operation(company: Company) -> str:
            return status if change(company=company, actor=request.user, via="admin") else f"already {status}"

        self._for_each(request, queryset, operation)

    @admin.action(description="Suspend: refuse requests until reactivated", permissions=["change"])
    def suspend(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        self._change_status(request, queryset, services.tenant_suspend, Company.Status.SUSPENDED)

    @admin.action(description="Reactivate suspended or archived companies", permissions=["change"])
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        self._change_status(request, queryset, services.tenant_reactivate, Company.Status.ACTIVE)

    @admin.action(description="Archive: keep the books, refuse all access", permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        self._change_status(request, queryset, services.tenant_archive, Company.Status.ARCHIVED)


class MembershipForm(forms.ModelForm[Membership]):
    class Meta:
        model = Membership
        fields = ["user", "company", "role"]

    def clean_role(self) -> str:
        role: str = self.cleaned_data["role"]
        if self.instance.pk is not None:
            try:
                check_owner_left(self.instance, role)
            except LastOwner as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from None
        return role


@admin.register(Membership)
class MembershipAdmin(CheckedAutocompleteAdmin):
    """Memberships change through tenants.lifecycle.memberships (the API's rules and audit trail): a
    membership's user and company are fixed once made, and the last owner cannot be deleted."""

    form = MembershipForm
    list_display = ["user", "company", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "company__slug", "company__name"]
    list_select_related = ["user", "company"]
    autocomplete_fields = ["user", "company"]

    def get_readonly_fields(self, request: HttpRequest, obj: Membership | None = None) -> list[str]:
        return ["user", "company", "created_at"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        if obj is not None:
            try:
                check_owner_left(obj, None)
            except LastOwner:
                return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        saved, _ = member_set(
            company=obj.company,
            user=obj.user,
            role=obj.role,
            actor=request.user,
            via="admin",
            must_exist=change,
        )
        obj.pk, obj.created_at = saved.pk, saved.created_at

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        member_remove(company=obj.company, user=obj.user, actor=request.user, via="admin")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("company", "user"):
            try:
                member_remove(
                    company=membership.company, user=membership.user, actor=request.user, via="admin"
                )
            except DomainError as exc:
                self.message_user(request, f"{membership}: {exc.message}", messages.ERROR)
