"""The ledger's company-scoped routes; pyledger_project.company_api mounts them with the other apps'."""

from typing import Any

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import APIRootView, DefaultRouter

from tenants.routing.resolver import slug_from_path

from . import members, reports, views
from .base import CompanyViewMixin


class CompanyAPIRoot(APIRootView):
    """The index of a company's endpoints: for its members only, linking under the same prefix."""

    permission_classes = CompanyViewMixin.permission_classes

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The middleware consumed tenant_slug; the links of the /t/<slug>/ mount need it back.
        slug = slug_from_path(request.path_info)
        if slug is not None:
            kwargs = {**kwargs, "tenant_slug": slug}
        return super().get(request, *args, **kwargs)


class CompanyRouter(DefaultRouter):
    # No format suffixes (accounts.json): the views take no `format` argument; ?format= does it.
    include_format_suffixes = False
    APIRootView = CompanyAPIRoot


def register(router: DefaultRouter) -> None:
    """The ledger's viewsets on the company router (pyledger_project.company_api builds it)."""
    router.register("accounts", views.AccountViewSet, basename="account")
    router.register("journal-entries", views.JournalEntryViewSet, basename="journal-entry")
    router.register("periods", views.FiscalPeriodViewSet, basename="period")
    router.register("fiscal-years", views.FiscalYearViewSet, basename="fiscal-year")
    router.register("exchange-rates", views.ExchangeRateViewSet, basename="exchange-rate")
    router.register("tax-codes", views.TaxCodeViewSet, basename="tax-code")
    router.register("audit-events", views.AuditEventViewSet, basename="audit-event")
    router.register("members", members.MembershipViewSet, basename="member")


report_urlpatterns = [
    path("reports/trial-balance/", reports.TrialBalanceView.as_view(), name="trial-balance"),
    path("reports/balance-sheet/", reports.BalanceSheetView.as_view(), name="balance-sheet"),
    path("reports/income-statement/", reports.IncomeStatementView.as_view(), name="income-statement"),
    path("reports/monthly/", reports.MonthlyView.as_view(), name="monthly"),
    path("reports/general-ledger/", reports.GeneralLedgerView.as_view(), name="general-ledger"),
]
