"""What every company-scoped API view shares: roles, the acting user, the base currency."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated

from ledger.actor import Actor
from ledger.services.periods import ledger_settings
from tenants.permissions import CompanyRolePermission

VIEWER, ACCOUNTANT, OWNER = "viewer", "accountant", "owner"


class CompanyViewMixin:
    permission_classes = [IsAuthenticated, CompanyRolePermission]
    roles: dict[str, str] = {}
    request: Any

    @property
    def actor(self) -> Actor:
        return Actor.from_user(self.request.user)

    @property
    def base_currency(self) -> str:
        cached = getattr(self, "_base_currency", None)
        if cached is None:
            cached = self._base_currency = ledger_settings().base_currency_id
        return cached

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]
        if getattr(self, "swagger_fake_view", False):
            return context
        context["base_currency"] = self.base_currency
        return context


class NewestFirst(CursorPagination):
    """Stable pages however many rows arrive meanwhile (no OFFSET over a growing table)."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
