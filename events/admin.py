"""Read-only admin of a company's events and webhooks (the company chosen on the admin's
switcher): staff see what the API shows, with the same roles. Endpoints change through the API,
where their secret is shown once; the admin never shows a secret."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ledger.admin import ReadOnlyAdmin
from pyledger_project.admin_site import CompanyInline
from tenants.routing.access import ACCOUNTANT, OWNER

from .models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin[Event]):
    roles = {"view": ACCOUNTANT}  # as the API's event feed
    list_display = ["cursor", "type", "occurred_at", "event_id"]
    list_filter = ["type"]
    search_fields = ["event_id"]
    ordering = ["-id"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin[WebhookEndpoint]):
    roles = {"view": OWNER}  # as the API's webhooks
    list_display = ["url", "is_active", "consecutive_failures", "disabled_reason", "created_at"]
    list_filter = ["is_active"]
    exclude = ["secret"]


class AttemptInline(CompanyInline):
    model = WebhookAttempt
    roles = {"view": OWNER}
    fields = ("at", "status_code", "error", "duration_ms")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin[WebhookDelivery]):
    roles = {"view": OWNER}
    list_display = ["id", "endpoint", "event", "status", "attempts", "last_status_code", "next_attempt_at"]
    list_filter = ["status"]
    list_select_related = ["endpoint", "event"]
    inlines = [AttemptInline]
