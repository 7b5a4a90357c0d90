from django.apps import AppConfig


class BankConfig(AppConfig):
    name = "bank"
    verbose_name = "Bank"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ledger.errors import register_sqlstate

        from .errors import EntryMatchedToBank

        register_sqlstate("PLB01", EntryMatchedToBank)
