"""Django admin for one company's books: the company chosen on the admin's company switcher.

Every view runs inside that company's tenant_context (pyledger_project.admin_site), so the router
sends each queryset to its database, and the user's role in that company decides what they may do
(as in the API: see CompanyModelAdmin.roles). Writes go through ledger.services, the functions the API
calls, so the admin obeys the same rules and writes the same audit rows: posted and reversed
entries are read-only, posting, reversing and closing are actions, and a service's refusal comes
back as a form error or an admin message, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypedDict, TypeVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import construct_change_message
from django.db import models
from django.db.models import Model, Q, QuerySet, Subquery, Sum
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django_stubs_ext import WithAnnotations

from common.errors import DomainError
from ledger.actor import Actor
from ledger.codes import account_code_problem
from ledger.models import (
    Account,
    AuditEvent,
    ExchangeRate,
    FiscalPeriod,
    JournalEntry,
    JournalLine,
    LedgerSettings,
    TaxCode,
)
from ledger.money import money_text
from ledger.services.accounts import account_create, account_deactivate, account_delete, account_update
from ledger.services.entries import (
    journal_entry_create,
    journal_entry_post,
    journal_entry_reverse,
    journal_entry_update_draft,
)
from ledger.services.periods import period_close, period_reopen
from pyledger_project.admin_site import DEFAULT_ROLES, CompanyInline, CompanyModelAdmin
from tenants.routing.access import OWNER

_ModelT = TypeVar("_ModelT", bound=Model)
_T = TypeVar("_T", bound=Model)

SERVICE_ERROR = "pyledger_service_error"


def actor(request: HttpRequest) -> Actor:
    return Actor.from_user(request.user)


def copy_saved(target: Model, saved: Model) -> None:
    """Make the admin's unsaved form instance the row a service saved (for logging, redirects)."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False
    target._state.db = saved._state.db


def for_each(
    modeladmin: admin.ModelAdmin[_T],
    request: HttpRequest,
    objects: Iterable[_T],
    operation: Callable[[_T], str],
    done: str,
) -> None:
    """Run `operation` on each object, in the service's own transaction; it returns how to name
    the result. Each refusal becomes an error message and never stops the others; the successes
    are reported in one message."""
    succeeded: list[str] = []
    for obj in objects:
        try:
            succeeded.append(operation(obj))
        except DomainError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
    if succeeded:
        modeladmin.message_user(request, f"{done}: {', '.join(succeeded)}.", messages.SUCCESS)


class ServiceErrorForm(forms.ModelForm[Any]):
    """A form that shows a service's DomainError: its message on top, its field errors below."""

    service_error: DomainError | None = None

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        error = self.service_error
        if error is not None:
            self.add_error(None, error.message)
            for name, problems in error.fields.items():
                if name in self.fields and name not in self.errors and isinstance(problems, list):
                    self.add_error(name, [str(problem) for problem in problems])
        return cleaned


class ServiceSavedAdmin(CompanyModelAdmin[_ModelT]):
    """Saved through a service. When the service refuses, the same POST is validated again with
    the error attached to the form, so the page comes back with the input kept and the error shown
    (the refused attempt's transaction is rolled back by changeform_view's atomic block)."""

    form = ServiceErrorForm

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            if request.method != "POST" or hasattr(request, SERVICE_ERROR):
                raise
            setattr(request, SERVICE_ERROR, error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(
        self, request: HttpRequest, obj: _ModelT | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        form = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, SERVICE_ERROR, None)
        if error is None:
            return form
        return type(form.__name__, (form,), {"service_error": error})


# --- chart of accounts ---------------------------------------------------------------------


class AccountForm(ServiceErrorForm):
    def clean_code(self) -> str:
        # Says what is wrong with a code before the model's CHECK would say only its name.
        code: str = self.cleaned_data["code"]
        problem = account_code_problem(code)
        if problem is not None:
            raise forms.ValidationError(problem)
        return code


@admin.register(Account)
class AccountAdmin(ServiceSavedAdmin[Account]):
    form = AccountForm
    list_display = ["code", "name", "type", "parent", "currency", "is_active"]
    list_display_links = ["code", "name"]
    list_filter = ["type", "is_active", ("currency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "currency"]
    ordering = ["code"]
    actions = ["deactivate"]

    def get_fields(self, request: HttpRequest, obj: Account | None = None) -> tuple[str, ...]:
        if obj is None:
            return ("code", "name", "type", "parent", "currency")
        return ("code", "type", "name", "parent", "currency", "is_active", "created_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Account | None = None) -> list[str]:
        # The code is how entries, reports and the API name an account; the type decides on which
        # side of the balance sheet its history lands. Neither changes once it exists.
        return [] if obj is None else ["code", "type", "created_at"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, through account_delete
        return actions

    def save_model(self, request: HttpRequest, obj: Account, form: Any, change: bool) -> None:
        data = form.cleaned_data
        parent, currency = data.get("parent"), data.get("currency")
        if not change:
            saved = account_create(
                code=data["code"],
                name=data["name"],
                type=data["type"],
                parent=parent.code if parent else None,
                currency=currency.code if currency else None,
                actor=actor(request),
            )
        else:
            # Only what the form changed: the service records every field it is given.
            changed = set(form.changed_data)
            saved = account_update(
                account=obj,
                actor=actor(request),
                name=data["name"] if "name" in changed else None,
                parent=(parent.code if parent else "") if "parent" in changed else None,
                currency=(currency.code if currency else "") if "currency" in changed else None,
                is_active=data["is_active"] if "is_active" in changed else None,
            )
        copy_saved(obj, saved)

    def delete_model(self, request: HttpRequest, obj: Account) -> None:
        account_delete(account=obj, actor=actor(request))

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.path.removesuffix("delete/") + "change/")

    @admin.action(description="Deactivate selected accounts", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Account]) -> None:
        def deactivate(account: Account) -> str:
            return str(account_deactivate(account=account, actor=actor(request)))

        for_each(self, request, queryset, deactivate, "Deactivated")


# --- journal entries -----------------------------------------------------------------------


def base_currency() -> str:
    """The books' base currency (a query; the admin shows a few lines at a time)."""
    return str(LedgerSettings.objects.values_list("base_currency", flat=True).get())


def is_draft(entry: JournalEntry | None) -> bool:
    return entry is None or entry.status == JournalEntry.Status.DRAFT


class JournalLineForm(forms.ModelForm[JournalLine]):
    """One line as the services take it: blank currency and rate mean the account's currency
    (or the base currency) and the day's rate."""

    class Meta:
        model = JournalLine
        fields = ["account", "side", "amount", "currency", "exchange_rate", "tax_code", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        line = self.instance
        if line.pk and line.amount is not None and line.currency_id:  # 123.45, not the column's 123.4500
            self.initial["amount"] = money_text(line.amount, line.currency_id)
        if "currency" in self.fields:
            self.fields["currency"].required = False
        if "exchange_rate" in self.fields:
            self.fields["exchange_rate"].required = False
            self.fields["exchange_rate"].initial = None


class JournalLineInline(CompanyInline):
    model = JournalLine
    form = JournalLineForm
    ordering = ["line_no"]
    min_num = 0
    readonly_fields = ("line_no", "amount_shown", "base_amount_shown")

    def get_fields(self, request: HttpRequest, obj: JournalEntry | None = None) -> tuple[str, ...]:
        editable = ("account", "side", "amount", "currency", "exchange_rate", "tax_code", "description")
        if is_draft(obj):
            return editable
        shown = ("amount_shown", "currency", "exchange_rate", "base_amount_shown")
        return ("line_no", "account", "side", *shown, "tax_code", "description")

    @admin.display(description="amount")
    def amount_shown(self, line: JournalLine) -> str | None:
        return money_text(line.amount, line.currency_id)

    @admin.display(description="base amount")
    def base_amount_shown(self, line: JournalLine) -> str | None:
        return money_text(line.base_amount, base_currency())

    def get_extra(self, request: HttpRequest, obj: JournalEntry | None = None, **kwargs: Any) -> int:
        if obj is None:
            return 2
        return 1 if is_draft(obj) else 0

    def has_add_permission(self, request: HttpRequest, obj: JournalEntry | None = None) -> bool:
        return is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: JournalEntry | None = None) -> bool:
        return is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: JournalEntry | None = None) -> bool:
        return is_draft(obj) and super().has_delete_permission(request, obj)


def line_inputs(formsets: Iterable[BaseFormSet[Any]]) -> list[dict[str, Any]]:
    """The kept lines of the inline, in the services' input shape (LineInput fields)."""
    lines = []
    for formset in formsets:
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            side = "debit" if data["side"] == JournalLine.Side.DEBIT else "credit"
            currency, tax_code = data.get("currency"), data.get("tax_code")
            lines.append(
                {
                    "account": data["account"].code,
                    side: data["amount"],
                    "currency": currency.code if currency else None,
                    "exchange_rate": data.get("exchange_rate"),
                    "tax_code": tax_code.code if tax_code else None,
                    "description": data.get("description", ""),
                }
            )
    return lines


ENTRY_DETAIL = (
    "number",
    "date",
    "status",
    "kind",
    "memo",
    "reference",
    "fiscal_year",
    "period",
    "created_by_name",
    "created_at",
    "posted_by_name",
    "posted_at",
    "reversal_of",
    "reversed_by_entry",
    "prev_hash",
    "hash",
)


class EntryTotals(TypedDict):
    """What JournalEntryAdmin.get_queryset annotates each entry with."""

    debit_total: Decimal | None  # None for an entry without lines
    base_currency: str


@admin.register(JournalEntry)
class JournalEntryAdmin(ServiceSavedAdmin[JournalEntry]):
    """Drafts are edited here; posted and reversed entries are shown read-only (no change, no
    delete: the database refuses both as well). Post and reverse with the actions."""

    inlines = [JournalLineInline]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}
    list_display = ["__str__", "date", "status", "memo", "reference", "total", "created_by_name", "posted_at"]
    list_filter = ["status", "kind", "period__fiscal_year", "period"]
    search_fields = ["memo", "reference"]
    date_hierarchy = "date"
    ordering = ["-date", "-id"]
    actions = ["post_drafts", "reverse_entries"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[JournalEntry]:
        debits = Sum("lines__base_amount", filter=Q(lines__side=JournalLine.Side.DEBIT))
        return (
            super()
            .get_queryset(request)
            .select_related("reversed_by", "fiscal_year")
            .annotate(
                debit_total=debits, base_currency=Subquery(LedgerSettings.objects.values("base_currency")[:1])
            )
        )

    @admin.display(description="total (base)", ordering="debit_total")
    def total(self, obj: WithAnnotations[JournalEntry, EntryTotals]) -> str | None:
        return money_text(obj.debit_total or Decimal(0), obj.base_currency)

    @admin.display(description="reversed by")
    def reversed_by_entry(self, obj: JournalEntry) -> str:
        reversal = getattr(obj, "reversed_by", None)
        return str(reversal) if reversal is not None else "-"

    def get_fields(self, request: HttpRequest, obj: JournalEntry | None = None) -> tuple[str, ...]:
        if obj is None:
            return ("date", "memo", "reference")
        if is_draft(obj):
            return ("date", "memo", "reference", "status", "period", "created_by_name", "created_at")
        return ENTRY_DETAIL

    def get_readonly_fields(self, request: HttpRequest, obj: JournalEntry | None = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        if is_draft(obj):
            return ("status", "period", "created_by_name", "created_at")
        return ENTRY_DETAIL

    def has_change_permission(self, request: HttpRequest, obj: JournalEntry | None = None) -> bool:
        return is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: JournalEntry | None = None) -> bool:
        # Drafts one at a time (as the API allows); never posted or reversed entries, and no bulk
        # delete, which would not look at each entry's status.
        return obj is not None and is_draft(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: JournalEntry, form: Any, change: bool) -> None:
        """Nothing here: save_related writes the entry with its lines in one service call."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        data = form.cleaned_data
        fields = {"date": data["date"], "memo": data.get("memo", ""), "reference": data.get("reference", "")}
        if change:
            saved = journal_entry_update_draft(
                entry=form.instance, actor=actor(request), lines=line_inputs(formsets), **fields
            )
        else:
            saved = journal_entry_create(actor=actor(request), lines=line_inputs(formsets), **fields)
        copy_saved(form.instance, saved)

    def construct_change_message(
        self, request: HttpRequest, form: forms.Form, formsets: Iterable[BaseFormSet[Any]], add: bool = False
    ) -> list[dict[str, dict[str, list[str]]]]:
        # The lines were written by the service, not by the formsets: describe the entry's form.
        return construct_change_message(form, [], add)

    @admin.action(description="Post selected drafts", permissions=["change"])
    def post_drafts(self, request: HttpRequest, queryset: QuerySet[JournalEntry]) -> None:
        def post(entry: JournalEntry) -> str:
            return f"{entry} as {journal_entry_post(entry=entry, actor=actor(request))}"

        for_each(self, request, queryset.order_by("date", "id"), post, "Posted")

    @admin.action(description="Reverse selected posted entries (on their own dates)", permissions=["change"])
    def reverse_entries(self, request: HttpRequest, queryset: QuerySet[JournalEntry]) -> None:
        def reverse(entry: JournalEntry) -> str:
            return f"{entry} by {journal_entry_reverse(entry=entry, actor=actor(request))}"

        for_each(self, request, queryset.order_by("date", "id"), reverse, "Reversed")


# --- periods, rates, tax codes, audit trail: read-only, periods closed by action -------------


class ReadOnlyAdmin(CompanyModelAdmin[_ModelT]):
    """Browse only: these rows change through services (or, for the audit trail, never)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: _ModelT | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: _ModelT | None = None) -> bool:
        return False


@admin.register(FiscalPeriod)
class FiscalPeriodAdmin(ReadOnlyAdmin[FiscalPeriod]):
    list_display = ["__str__", "fiscal_year", "number", "start_date", "end_date", "status"]
    list_filter = ["status", "fiscal_year"]
    list_select_related = ["fiscal_year"]
    ordering = ["start_date"]
    actions = ["close_periods", "reopen_periods"]
    roles = {**DEFAULT_ROLES, "close": OWNER}  # as the API's period close and reopen

    def has_close_permission(self, request: HttpRequest) -> bool:
        """Closing and reopening are for owners; the rows themselves stay read-only."""
        return self.role_allows(request, "close")

    @admin.action(description="Close selected periods", permissions=["close"])
    def close_periods(self, request: HttpRequest, queryset: QuerySet[FiscalPeriod]) -> None:
        def close(period: FiscalPeriod) -> str:
            return str(period_close(period=period, actor=actor(request)))

        for_each(self, request, queryset, close, "Closed")

    @admin.action(description="Reopen selected periods", permissions=["close"])
    def reopen_periods(self, request: HttpRequest, queryset: QuerySet[FiscalPeriod]) -> None:
        def reopen(period: FiscalPeriod) -> str:
            return str(period_reopen(period=period, actor=actor(request), reason="Reopened in the admin."))

        for_each(self, request, queryset, reopen, "Reopened")


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnlyAdmin[ExchangeRate]):
    list_display = ["currency", "date", "rate"]
    list_filter = [("currency", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "date"
    ordering = ["currency", "-date"]


@admin.register(TaxCode)
class TaxCodeAdmin(ReadOnlyAdmin[TaxCode]):
    list_display = ["code", "name", "rate", "valid_from", "valid_to", "account", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["account"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    list_display = ["at", "actor_name", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_name"]
    date_hierarchy = "at"
