from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = "Books"

    def ready(self) -> None:
        from ledger import models
        from ledger.services.reference import on_reference_change

        # Saved or deleted in this process: drop that company's cached reference data.
        for model in (
            models.LedgerSettings,
            models.Account,
            models.FiscalYear,
            models.FiscalPeriod,
            models.TaxCode,
            models.ExchangeRate,
            models.Currency,
        ):
            uid = f"ledger-reference-{model.__name__}"
            post_save.connect(on_reference_change, sender=model, dispatch_uid=uid)
            post_delete.connect(on_reference_change, sender=model, dispatch_uid=uid)
