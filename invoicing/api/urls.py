"""Sales and purchases' company-scoped routes; pyledger_project.company_api mounts them."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import reports, settlement, views


def register(router: DefaultRouter) -> None:
    router.register("contacts", views.ContactViewSet, basename="contact")
    router.register("invoices", views.InvoiceViewSet, basename="invoice")
    router.register("bills", views.BillViewSet, basename="bill")
    router.register("payments", views.PaymentViewSet, basename="payment")
    router.register("document-series", views.DocumentSeriesViewSet, basename="document-series")
    router.register("revaluations", views.RevaluationViewSet, basename="revaluation")


report_urlpatterns = [
    path("invoicing-settings/", views.InvoicingSettingsView.as_view(), name="invoicing-settings"),
    path("invoicing-settings/logo/", views.InvoicingLogoView.as_view(), name="invoicing-logo"),
    *reports.report_urlpatterns,
    *settlement.urlpatterns,  # statement-lines/<id>/settle/ and document-suggestions/
]
