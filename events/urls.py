"""The events app's company-scoped routes; pyledger_project.company_api mounts them."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api


def register(router: DefaultRouter) -> None:
    router.register("webhooks", api.WebhookEndpointViewSet, basename="webhook")


report_urlpatterns = [path("events/", api.EventFeedView.as_view(), name="events")]
