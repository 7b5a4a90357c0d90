from django.apps import AppConfig


class TaxConfig(AppConfig):
    name = "tax"
    verbose_name = "Tax returns"
    default_auto_field = "django.db.models.BigAutoField"
