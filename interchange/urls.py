"""The interchange app's company-scoped routes; pyledger_project.company_api mounts them."""

from __future__ import annotations

from django.urls import URLPattern, path
from rest_framework.routers import DefaultRouter

from . import api
from .imports_api import BookImportViewSet

# Plain paths under /t/<slug>/api/v1/ (exports: `export/<format>/`).
urlpatterns: list[URLPattern] = [
    path("export/saf-t/", api.SaftExportView.as_view(), name="export-saf-t"),
    path("export/beancount/", api.BeancountExportView.as_view(), name="export-beancount"),
]


def register(router: DefaultRouter) -> None:
    """Viewsets on the company router (imports)."""
    router.register("imports", BookImportViewSet, basename="book-import")
