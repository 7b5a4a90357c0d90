"""Exchange rates (tenant DB) and tax-line generation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.actor import Actor
from ledger.errors import BaseCurrencyRate, UnknownCurrency, UnknownTaxCode
from ledger.models import Currency, ExchangeRate, TaxCode
from ledger.money import round_money, to_money, to_rate
from tenants.routing.db import tenant_atomic

from .audit import audit_record
from .entries import LineInput
from .periods import ledger_settings


def exchange_rate_set(*, currency: str, day: date, rate: object, actor: Actor) -> ExchangeRate:
    """Record (or correct) the rate of `currency` on `day`: base units per one unit."""
    value = to_rate(rate, field="rate")
    code = currency.upper()
    if code == ledger_settings().base_currency_id:
        raise BaseCurrencyRate(fields={"currency": [BaseCurrencyRate.default_message]})
    if not Currency.objects.filter(code=code).exists():
        raise UnknownCurrency(f"Unknown currency {currency!r}.", fields={"currency": ["Unknown currency."]})
    with tenant_atomic():
        obj, _ = ExchangeRate.objects.update_or_create(currency_id=code, date=day, defaults={"rate": value})
        audit_record(
            actor=actor,
            action="set_rate",
            obj=obj,
            data={"currency": code, "date": str(day), "rate": str(value)},
        )
    return obj


def tax_lines(
    *, account: str, net: object, tax_code: str, side: str, currency: str, day: date, description: str = ""
) -> tuple[list[LineInput], Decimal]:
    """The net line and its tax line for `tax_code`; returns them with the gross amount.

    The caller adds the counter line (bank, receivable, payable) for the gross.
    """
    code = TaxCode.objects.filter(code=tax_code, is_active=True).select_related("account").first()
    if code is None or code.account is None:
        raise UnknownTaxCode(f"No usable tax code {tax_code!r}.", fields={"tax_code": ["Unknown tax code."]})
    if (code.valid_from and day < code.valid_from) or (code.valid_to and day > code.valid_to):
        raise UnknownTaxCode(
            f"Tax code {tax_code} is not valid on {day}.", fields={"tax_code": ["Not valid then."]}
        )
    amount = to_money(net, currency, field="net")
    tax = round_money(amount * code.rate / Decimal(100), currency)
    key = "debit" if side == "D" else "credit"
    lines = [
        LineInput(
            account=account, currency=currency, tax_code=tax_code, description=description, **{key: amount}
        )
    ]
    if tax:
        lines.append(
            LineInput(
                account=code.account.code,
                currency=currency,
                tax_code=tax_code,
                description=f"{code.name}",
                **{key: tax},
            )
        )
    return lines, amount + tax
