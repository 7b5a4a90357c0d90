from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    name = "invoicing"
    verbose_name = "Sales and purchases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from bank.services.automatch import register_pass
        from ledger.integrity import register_check
        from ledger.services.reference import on_reference_change

        from .integrity import aging_problems, allocation_problems, control_account_problems
        from .models import InvoicingSettings
        from .settlement.automatch import settle_pass

        register_check(control_account_problems)
        register_check(allocation_problems)
        register_check(aging_problems)
        register_pass("settle", settle_pass)
        # Issuing keeps the settings with the ledger's reference data (invoicing.services.documents).
        post_save.connect(on_reference_change, sender=InvoicingSettings, dispatch_uid="invoicing-settings")
        post_delete.connect(on_reference_change, sender=InvoicingSettings, dispatch_uid="invoicing-settings")
