from django.apps import AppConfig


class RecurringConfig(AppConfig):
    name = "recurring"
    verbose_name = "Recurring entries"
    default_auto_field = "django.db.models.BigAutoField"
