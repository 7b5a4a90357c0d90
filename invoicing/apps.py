from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    name = "invoicing"
    verbose_name = "Sales and purchases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from bank.services.automatch import register_pass
        from ledger.integrity import register_check

        from .integrity import control_account_problems
        from .settlement.automatch import settle_pass

        register_check(control_account_problems)
        register_pass("settle", settle_pass)
