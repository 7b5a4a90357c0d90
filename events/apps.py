from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pyledger_project.metrics import register_gauge

        from .webhooks.registry import endpoint_states

        # Summed over every company from the common database: no company label (docs/operations.md).
        text = "Webhook endpoints by state: active, failing (active, its last attempt failed), disabled."
        register_gauge("pyledger_webhook_endpoints", text, endpoint_states, ["state"])
