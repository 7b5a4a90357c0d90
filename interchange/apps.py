from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    """Books in and out of other tools: exports (Beancount, SAF-T) and imports (Beancount,
    hledger/ledger, GnuCash). Reads and writes through the ledger's selectors and services; when
    it gets models of its own, they live in each company's database (PYLEDGER_TENANT_APPS)."""

    name = "interchange"
    verbose_name = "Import and export"
    default_auto_field = "django.db.models.BigAutoField"
