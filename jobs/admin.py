from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    """Background jobs, read-only: queued by the API, the admin's actions and periodic tasks."""

    list_display = [
        "id",
        "task",
        "company",
        "status",
        "progress",
        "attempts",
        "error_code",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "task"]
    search_fields = ["company__slug", "task"]
    list_select_related = ["company"]
    readonly_fields = [f.name for f in Job._meta.fields]

    @admin.display(description="progress")
    def progress(self, obj: Job) -> str:
        if obj.progress_total:
            percent = 100 * obj.progress_done // obj.progress_total
            return f"{obj.progress_done} / {obj.progress_total} ({percent}%)"
        return str(obj.progress_done or "")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False
