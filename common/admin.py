"""Django admin for the registry: staff register, provision, migrate and suspend companies here.

The lifecycle actions call the same services as the management commands (tenants.services), so
admin and command line behave the same. They are imported inside the action functions: `common`
does not depend on `tenants` at import time, only when a member of staff clicks an action.
A DomainError becomes an admin message, never a 500.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from . import admin_users  # noqa: F401  (users and groups: only a superuser hands out power)
from .errors import DomainError, first_line
from .models import Company, Currency, DatabaseServer, Domain, Membership, RegistryEvent, TaxRate, TenantMove


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks its selected values up when a form with errors is shown
    again; a value that is no key of the model ("abc" for an integer id) raised ValueError there,
    a 500. Such values are left out of the lookup (the form's own error says what was wrong)."""

    def optgroups(self, name: str, value: Sequence[str], attr: Any = None) -> Any:
        target = self.field.target_field
        kept = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            kept.append(item)
        return super().optgroups(name, kept, attr)


class CheckedAutocompleteAdmin(admin.ModelAdmin):
    """A ModelAdmin whose autocomplete fields use CheckedAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.site_header = "pyledger administration"
admin.site.site_title = "pyledger"
admin.site.index_title = "Registry and companies"


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
    from tenants.connections import close_tenant_connections

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


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class MembershipInline(admin.TabularInline):
    """Members, read-only here: they change on the Memberships pages, through the one service
    that keeps the last owner and writes the audit trail (tenants.memberships)."""

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


class CompanyAdminForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = ["slug", "name", "base_currency", "country", "server"]
        help_texts = {
            "server": "Blank: the server accepting new tenants with the fewest companies "
            "(or the common database's server when no server is registered).",
        }

    def clean_slug(self) -> str:
        from tenants.errors import InvalidSlug
        from tenants.provisioning import validate_slug

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
    actions = ["bootstrap", "migrate", "suspend", "reactivate", "archive"]

    def get_readonly_fields(self, request: HttpRequest, obj: Company | None = None) -> list[str]:
        # Status changes only through the actions. Where the books live and in which currency they
        # are kept cannot change by editing a field: moving a database is an operation of its own.
        if obj is None:
            return ["status", "db_name"]
        return ["slug", "base_currency", "server", "status", "db_name", "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Company, form: Any, change: bool) -> None:
        if not change:
            # Registered only (status provisioning): the `bootstrap` action creates the database.
            from tenants.provisioning import database_name
            from tenants.services import choose_server

            obj.db_name = database_name(obj.slug)
            if obj.server is None:
                obj.server = choose_server()
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Company | None = None) -> bool:
        # Deleting the row would orphan the company's database: archive it instead.
        return False

    @admin.action(description="Bootstrap: create database, migrate, seed, activate", permissions=["change"])
    def bootstrap(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        from tenants.services import tenant_bootstrap

        def operation(company: Company) -> str:
            result = tenant_bootstrap(
                slug=company.slug,
                name=company.name,
                base_currency=company.base_currency_id,
                country=company.country,
            )
            return f"active on database {result.company.db_name} ({', '.join(result.done) or 'no change'})"

        run_for_each(self, request, queryset.select_related("server"), operation)

    @admin.action(description="Migrate the company databases", permissions=["change"])
    def migrate(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        from tenants.errors import TenantStateError
        from tenants.migrate import migrate_company

        def operation(company: Company) -> str:
            if company.status == Company.Status.PROVISIONING:
                raise TenantStateError("still provisioning: bootstrap it instead.")
            result = migrate_company(company)
            if result.outcome == "failed":
                raise TenantStateError(f"migration failed: {result.detail}")
            snapshot = f"; snapshot taken first: {result.snapshot}" if result.snapshot else ""
            return f"{result.outcome} {result.detail}".rstrip() + snapshot

        run_for_each(self, request, queryset.select_related("server"), operation)

    def _change_status(
        self, request: HttpRequest, queryset: QuerySet[Company], change: Callable[..., bool], status: str
    ) -> None:
        """Apply a status service (its rules are the commands' rules) to each selected company."""

        def operation(company: Company) -> str:
            return status if change(company=company, actor=request.user, via="admin") else f"already {status}"

        run_for_each(self, request, queryset.select_related("server"), operation)

    @admin.action(description="Suspend: refuse requests until reactivated", permissions=["change"])
    def suspend(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        from tenants.services import tenant_suspend

        self._change_status(request, queryset, tenant_suspend, Company.Status.SUSPENDED)

    @admin.action(description="Reactivate suspended or archived companies", permissions=["change"])
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        from tenants.services import tenant_reactivate

        self._change_status(request, queryset, tenant_reactivate, Company.Status.ACTIVE)

    @admin.action(description="Archive: keep the books, refuse all access", permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        from tenants.services import tenant_archive

        self._change_status(request, queryset, tenant_archive, Company.Status.ARCHIVED)


@admin.register(TenantMove)
class TenantMoveAdmin(admin.ModelAdmin):
    """Moves and restores, read-only: they are run and resumed with move_tenant / restore_tenant."""

    list_display = ["company", "kind", "step", "source_server", "target_server", "started_at", "finished_at"]
    list_filter = ["kind", "step"]
    search_fields = ["company__slug"]
    list_select_related = ["company"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TenantMove | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: TenantMove | None = None) -> bool:
        return False


@admin.register(Domain)
class DomainAdmin(CheckedAutocompleteAdmin):
    list_display = ["hostname", "company"]
    search_fields = ["hostname", "company__slug", "company__name"]
    list_select_related = ["company"]
    autocomplete_fields = ["company"]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "company", "role"]

    def clean_role(self) -> str:
        from tenants.memberships import LastOwner, check_owner_left

        role: str = self.cleaned_data["role"]
        if self.instance.pk is not None:
            try:
                check_owner_left(self.instance, role)
            except LastOwner as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from None
        return role


@admin.register(Membership)
class MembershipAdmin(CheckedAutocompleteAdmin):
    """Memberships change through tenants.memberships (the API's rules and audit trail): a
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
        from tenants.memberships import LastOwner, check_owner_left

        if obj is not None:
            try:
                check_owner_left(obj, None)
            except LastOwner:
                return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        from tenants.memberships import member_set

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
        from tenants.memberships import member_remove

        member_remove(company=obj.company, user=obj.user, actor=request.user, via="admin")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        from tenants.memberships import member_remove

        for membership in queryset.select_related("company", "user"):
            try:
                member_remove(
                    company=membership.company, user=membership.user, actor=request.user, via="admin"
                )
            except DomainError as exc:
                self.message_user(request, f"{membership}: {exc.message}", messages.ERROR)


@admin.register(Currency)
class CurrencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "minor_units"]
    list_filter = ["minor_units"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request: HttpRequest, obj: Currency | None = None) -> list[str]:
        # The minor unit fixes the scale of every stored amount in the currency.
        return ["code", "minor_units"] if obj is not None else []


@admin.register(TaxRate)
class TaxRateAdmin(admin.ModelAdmin):
    list_display = ["country", "code", "name", "rate", "valid_from", "valid_to"]
    list_filter = ["country"]
    search_fields = ["code", "name", "country"]
    date_hierarchy = "valid_from"


@admin.register(DatabaseServer)
class DatabaseServerAdmin(admin.ModelAdmin):
    """Servers hold no password: only the name of the variable (or secret file) that does."""

    list_display = ["name", "host", "port", "user", "password_source", "accepts_new_tenants", "tenants"]
    list_filter = ["accepts_new_tenants"]
    search_fields = ["name", "host"]
    readonly_fields = ["password_source", "created_at"]
    fields = ["name", "host", "port", "user", "password_env", "password_source", "options"]
    fields += ["accepts_new_tenants", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DatabaseServer]:
        return super().get_queryset(request).annotate(tenant_count=Count("companies"))

    @admin.display(description="tenants", ordering="tenant_count")
    def tenants(self, obj: DatabaseServer) -> int:
        return getattr(obj, "tenant_count", 0)

    @admin.display(description="password source")
    def password_source(self, obj: DatabaseServer) -> str:
        """Where this process would read the password from; the value itself is never shown."""
        name = obj.password_env
        if not name:
            return "none (trust, peer or certificate authentication)"
        if os.environ.get(f"{name}_FILE"):
            return f"secret file ${name}_FILE"
        if name in os.environ:
            return f"environment ${name}"
        return f"missing: set {name}_FILE or {name}"


@admin.register(RegistryEvent)
class RegistryEventAdmin(admin.ModelAdmin):
    """The common audit trail: read-only, written only by the services that make the changes."""

    list_display = ["at", "action", "actor_name", "company_slug"]
    list_filter = ["action"]
    search_fields = ["action", "actor_name", "company_slug"]
    date_hierarchy = "at"
    readonly_fields = ["at", "action", "actor", "actor_name", "company", "company_slug", "details"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RegistryEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RegistryEvent | None = None) -> bool:
        return False
