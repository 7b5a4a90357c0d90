"""The interchange app's company-scoped routes; pyledger_project.company_api mounts them."""

from __future__ import annotations

from django.urls import URLPattern
from rest_framework.routers import DefaultRouter

# Plain paths under /t/<slug>/api/v1/ (exports: `export/<format>/`).
urlpatterns: list[URLPattern] = []


def register(router: DefaultRouter) -> None:
    """Viewsets on the company router (imports)."""
