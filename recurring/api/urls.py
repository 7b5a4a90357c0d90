"""The recurring app's company-scoped routes; pyledger_project.company_api mounts them."""

from rest_framework.routers import DefaultRouter

from . import views


def register(router: DefaultRouter) -> None:
    router.register("recurring-entries", views.RecurringEntryViewSet, basename="recurring-entry")
