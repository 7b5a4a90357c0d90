"""Django admin for one company's recurring entries (the company of the admin's switcher): read-only.

Staff read the templates and what each date booked or why it failed; templates change through the
API (accountants), whose services check the lines and keep `next_run`.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ledger.admin import ReadOnlyAdmin

from .models import Occurrence, RecurringEntry


class OccurrenceInline(admin.TabularInline[Occurrence, RecurringEntry]):
    model = Occurrence
    fields = readonly_fields = ("date", "status", "entry", "error_code", "error", "attempts", "updated_at")
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: RecurringEntry | None = None) -> bool:
        return False


@admin.register(RecurringEntry)
class RecurringEntryAdmin(ReadOnlyAdmin[RecurringEntry]):
    list_display = [
        "name",
        "frequency",
        "interval",
        "day",
        "start_date",
        "end_date",
        "next_run",
        "post",
        "paused",
    ]
    list_filter = ["frequency", "paused", "post"]
    search_fields = ["name", "memo", "reference"]
    inlines = [OccurrenceInline]


@admin.register(Occurrence)
class OccurrenceAdmin(ReadOnlyAdmin[Occurrence]):
    list_display = ["template", "date", "status", "entry", "error_code", "attempts", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["template", "entry__fiscal_year"]
    date_hierarchy = "date"
