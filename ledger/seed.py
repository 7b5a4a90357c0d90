"""Reference data for a company's books. Every step is an upsert: re-running changes nothing.

Each step writes in one statement (the chart: one per level of parents), not one per row: a new
company is seeded in about ten round trips to its database instead of about fifty. Bulk writes
send no post_save, so seed_tenant drops the cached reference data itself.
"""

from __future__ import annotations

from django.conf import settings as django_settings

from common.models import Company, TaxRate
from common.models import Currency as CommonCurrency
from tenants.routing.db import tenant_atomic

from .charts import FX_GAIN_LOSS, RETAINED_EARNINGS, TAX_CONTROL, TEMPLATES
from .errors import LedgerNotSeeded
from .models import Account, Currency, LedgerSettings, TaxCode
from .services.reference import invalidate

DEFAULT_TEMPLATE = "small-business"


def currencies_sync() -> int:
    """Copy the common DB's currencies into this tenant; return how many were added or changed."""
    fields = ("code", "name", "minor_units")
    wanted = CommonCurrency.objects.using("default").values_list(*fields)
    have = set(Currency.objects.values_list(*fields))
    changed = [Currency(code=c, name=n, minor_units=u) for c, n, u in wanted if (c, n, u) not in have]
    if changed:
        Currency.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["code"], update_fields=["name", "minor_units"]
        )
    return len(changed)


def chart_install(template: str = DEFAULT_TEMPLATE) -> int:
    """Add the template's accounts that are missing (matched by code); return how many."""
    if template not in TEMPLATES:
        raise LedgerNotSeeded(f"Unknown chart template {template!r}; choose from {', '.join(TEMPLATES)}.")
    existing = dict(Account.objects.values_list("code", "id"))
    missing = [row for row in TEMPLATES[template] if row[0] not in existing]
    added = len(missing)
    while missing:
        # A level: the accounts whose parent exists by now (or is none of the missing ones).
        waiting = {code for code, *_ in missing}
        level = [row for row in missing if row[3] not in waiting] or missing  # `or`: a cycle
        made = Account.objects.bulk_create(
            [
                Account(code=code, name=name, type=kind, parent_id=existing.get(parent) if parent else None)
                for code, name, kind, parent in level
            ]
        )
        existing.update((account.code, account.pk) for account in made)
        missing = [row for row in missing if row[0] not in existing]
    return added


def tax_codes_sync(country: str) -> int:
    """Copy the country's tax rates from the common DB; tax lines post to the VAT control account."""
    if not country:
        return 0
    control = Account.objects.filter(code=TAX_CONTROL).values_list("id", flat=True).first()
    # Ordered by valid_from: the latest rate of a code is the one kept, as row by row.
    rates = {rate.code: rate for rate in TaxRate.objects.using("default").filter(country=country.upper())}
    if not rates:
        return 0
    have = set(TaxCode.objects.filter(code__in=rates).values_list("code", flat=True))
    fields = ["name", "rate", "valid_from", "valid_to", "account"]
    TaxCode.objects.bulk_create(
        [
            TaxCode(
                code=r.code,
                name=r.name,
                rate=r.rate,
                valid_from=r.valid_from,
                valid_to=r.valid_to,
                account_id=control,
            )
            for r in rates.values()
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=fields,
    )
    return len(rates.keys() - have)


def seed_tenant(*, company: Company, demo: bool = False, template: str = DEFAULT_TEMPLATE) -> None:
    """Install currencies, chart of accounts, settings and tax codes (inside tenant_context)."""
    with tenant_atomic():
        currencies_sync()
        chart_install(template)
        accounts = dict(
            Account.objects.filter(code__in=[RETAINED_EARNINGS, FX_GAIN_LOSS]).values_list("code", "id")
        )
        # The first seed's settings stay (the base currency of existing books).
        LedgerSettings.objects.bulk_create(
            [
                LedgerSettings(
                    pk=1,
                    base_currency_id=company.base_currency_id,
                    retained_earnings_id=accounts.get(RETAINED_EARNINGS),
                    fx_gain_loss_id=accounts.get(FX_GAIN_LOSS),
                )
            ],
            ignore_conflicts=True,
        )
        tax_codes_sync(company.country)
        invalidate()
    if demo:
        from .demo import demo_generate

        demo_generate(company=company, months=getattr(django_settings, "PYLEDGER_DEMO_MONTHS", 12))
