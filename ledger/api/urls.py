from django.urls import path
from rest_framework.routers import DefaultRouter

from . import members, reports, views

router = DefaultRouter()
router.register("accounts", views.AccountViewSet, basename="account")
router.register("journal-entries", views.JournalEntryViewSet, basename="journal-entry")
router.register("periods", views.FiscalPeriodViewSet, basename="period")
router.register("fiscal-years", views.FiscalYearViewSet, basename="fiscal-year")
router.register("exchange-rates", views.ExchangeRateViewSet, basename="exchange-rate")
router.register("tax-codes", views.TaxCodeViewSet, basename="tax-code")
router.register("audit-events", views.AuditEventViewSet, basename="audit-event")
router.register("members", members.MembershipViewSet, basename="member")

app_name = "ledger-api"
urlpatterns = [
    path("reports/trial-balance/", reports.TrialBalanceView.as_view(), name="trial-balance"),
    path("reports/balance-sheet/", reports.BalanceSheetView.as_view(), name="balance-sheet"),
    path("reports/income-statement/", reports.IncomeStatementView.as_view(), name="income-statement"),
    path("reports/general-ledger/", reports.GeneralLedgerView.as_view(), name="general-ledger"),
    *router.urls,
]
