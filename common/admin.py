"""Django admin for the registry rows that need no tenancy: domains, currencies, tax rates,
database servers, moves and the audit trail, and the autocomplete widget the admin pages share.

Companies and memberships, whose changes go through the lifecycle, have their pages in
tenants/admin.py: `common` knows nothing of routing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from . import admin_users  # noqa: F401  (users and groups: only a superuser hands out power)
from .models import Currency, DatabaseServer, Domain, RegistryEvent, TaxRate, TenantMove


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


class CheckedAutocompleteAdmin(admin.ModelAdmin[Any]):
    """A ModelAdmin whose autocomplete fields use CheckedAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.site_header = "pyledger administration"
admin.site.site_title = "pyledger"
admin.site.index_title = "Registry and companies"


@admin.register(TenantMove)
class TenantMoveAdmin(admin.ModelAdmin[TenantMove]):
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


@admin.register(Currency)
class CurrencyAdmin(admin.ModelAdmin[Currency]):
    list_display = ["code", "name", "minor_units"]
    list_filter = ["minor_units"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request: HttpRequest, obj: Currency | None = None) -> list[str]:
        # The minor unit fixes the scale of every stored amount in the currency.
        return ["code", "minor_units"] if obj is not None else []


@admin.register(TaxRate)
class TaxRateAdmin(admin.ModelAdmin[TaxRate]):
    list_display = ["country", "code", "name", "rate", "valid_from", "valid_to"]
    list_filter = ["country"]
    search_fields = ["code", "name", "country"]
    date_hierarchy = "valid_from"


@admin.register(DatabaseServer)
class DatabaseServerAdmin(admin.ModelAdmin[DatabaseServer]):
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
class RegistryEventAdmin(admin.ModelAdmin[RegistryEvent]):
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
