"""The tax app's company-scoped routes; pyledger_project.company_api mounts them."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import reports, views


def register(router: DefaultRouter) -> None:
    router.register("tax-returns", views.TaxReturnViewSet, basename="tax-return")
    router.register("tax-schemes", views.TaxSchemeViewSet, basename="tax-scheme")


report_urlpatterns = [path("reports/tax-return/", reports.TaxReturnView.as_view(), name="tax-return-report")]
