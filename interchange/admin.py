"""Django admin for one company's book imports (the company of the admin's switcher): read-only.

Staff read each import's status and report; imports are made through the API (owners) or
`manage.py import_books`.
"""

from __future__ import annotations

from django.contrib import admin

from ledger.admin import ReadOnlyAdmin

from .models import BookImport


@admin.register(BookImport)
class BookImportAdmin(ReadOnlyAdmin[BookImport]):
    list_display = [
        "id",
        "format",
        "file_name",
        "size",
        "status",
        "created_by_name",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "format"]
    search_fields = ["file_name"]
    exclude = ["data"]
