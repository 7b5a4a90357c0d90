"""What every company-scoped API view shares: roles, the acting user, the base currency."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from common.models import Company
from ledger.actor import Actor
from ledger.services.reference import cached_settings
from tenants.routing.permissions import CompanyRolePermission

VIEWER, ACCOUNTANT, OWNER = "viewer", "accountant", "owner"


class CompanyViewMixin(APIView):
    """Company-scoped views: authenticated members whose role allows the action (`roles`)."""

    permission_classes: Sequence[type[BasePermission]] = (IsAuthenticated, CompanyRolePermission)
    roles: dict[str, str] = {}

    @property
    def company(self) -> Company:
        """The company TenantMiddleware resolved (CompanyRolePermission refuses a request without one)."""
        company = getattr(self.request._request, "company", None)
        assert isinstance(company, Company)
        return company

    @property
    def actor(self) -> Actor:
        return Actor.from_user(self.request.user)

    @property
    def base_currency(self) -> str:
        cached = getattr(self, "_base_currency", None)
        if cached is None:
            cached = self._base_currency = cached_settings().base_currency_id
        return cached

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]  # a mixin: GenericAPIView's
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

    def decode_cursor(self, request: Request) -> Cursor | None:
        # A cursor is client text: one whose position is no id would reach the query as a 500.
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and not str(cursor.position).isdigit():
            raise NotFound(self.invalid_cursor_message)
        return cursor
