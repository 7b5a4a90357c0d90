"""Reference data for a company's books. Every step is an upsert: re-running changes nothing."""

from __future__ import annotations

from django.conf import settings as django_settings

from common.models import Company, TaxRate
from common.models import Currency as CommonCurrency
from tenants.routing.db import tenant_atomic

from .charts import FX_GAIN_LOSS, RETAINED_EARNINGS, TAX_CONTROL, TEMPLATES
from .errors import LedgerNotSeeded
from .models import Account, Currency, LedgerSettings, TaxCode

DEFAULT_TEMPLATE = "small-business"


def currencies_sync() -> int:
    """Copy the common DB's currencies into this tenant; return how many were added or changed."""
    wanted = {c.code: c for c in CommonCurrency.objects.using("default").all()}
    have = {c.code: c for c in Currency.objects.all()}
    changed = [
        Currency(code=c.code, name=c.name, minor_units=c.minor_units)
        for code, c in wanted.items()
        if code not in have or (have[code].name, have[code].minor_units) != (c.name, c.minor_units)
    ]
    Currency.objects.bulk_create(
        changed, update_conflicts=True, unique_fields=["code"], update_fields=["name", "minor_units"]
    )
    return len(changed)


def chart_install(template: str = DEFAULT_TEMPLATE) -> int:
    """Add the template's accounts that are missing (matched by code); return how many."""
    if template not in TEMPLATES:
        raise LedgerNotSeeded(f"Unknown chart template {template!r}; choose from {', '.join(TEMPLATES)}.")
    existing = dict(Account.objects.values_list("code", "id"))
    added = 0
    for code, name, kind, parent in TEMPLATES[template]:
        if code in existing:
            continue
        account = Account.objects.create(
            code=code, name=name, type=kind, parent_id=existing.get(parent) if parent else None
        )
        existing[code] = account.pk
        added += 1
    return added


def tax_codes_sync(country: str) -> int:
    """Copy the country's tax rates from the common DB; tax lines post to the VAT control account."""
    if not country:
        return 0
    control = Account.objects.filter(code=TAX_CONTROL).first()
    count = 0
    for rate in TaxRate.objects.using("default").filter(country=country.upper()):
        _, created = TaxCode.objects.update_or_create(
            code=rate.code,
            defaults={
                "name": rate.name,
                "rate": rate.rate,
                "valid_from": rate.valid_from,
                "valid_to": rate.valid_to,
                "account": control,
            },
        )
        count += int(created)
    return count


def seed_tenant(*, company: Company, demo: bool = False, template: str = DEFAULT_TEMPLATE) -> None:
    """Install currencies, chart of accounts, settings and tax codes (inside tenant_context)."""
    with tenant_atomic():
        currencies_sync()
        chart_install(template)
        accounts = dict(
            Account.objects.filter(code__in=[RETAINED_EARNINGS, FX_GAIN_LOSS]).values_list("code", "id")
        )
        LedgerSettings.objects.get_or_create(
            pk=1,
            defaults={
                "base_currency_id": company.base_currency_id,
                "retained_earnings_id": accounts.get(RETAINED_EARNINGS),
                "fx_gain_loss_id": accounts.get(FX_GAIN_LOSS),
            },
        )
        tax_codes_sync(company.country)
    if demo:
        from .demo import demo_generate

        demo_generate(company=company, months=getattr(django_settings, "PYLEDGER_DEMO_MONTHS", 12))
