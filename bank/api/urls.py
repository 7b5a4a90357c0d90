"""The bank's company-scoped routes; pyledger_project.company_api mounts them."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import reports, views


def register(router: DefaultRouter) -> None:
    router.register("bank-accounts", views.BankAccountViewSet, basename="bank-account")
    router.register("statements", views.StatementViewSet, basename="statement")
    router.register("statement-lines", views.StatementLineViewSet, basename="statement-line")
    router.register("bank-rules", views.BankRuleViewSet, basename="bank-rule")
    router.register("csv-profiles", views.CsvProfileViewSet, basename="csv-profile")


report_urlpatterns = [
    path(
        "reports/bank-reconciliation/",
        reports.BankReconciliationView.as_view(),
        name="bank-reconciliation",
    ),
]
