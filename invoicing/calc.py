"""Amounts of a document from its lines: net, tax and totals, with the company's tax rounding.

Document amounts round half up (as invoices are read: 0.125 -> 0.13); conversions to the base
currency round half to even like the rest of the ledger (ledger.money.round_money).

Rounding per line: each line's tax is rounded, and the document's tax per code is their sum.
Rounding per document: the tax per code is rounded once, on the sum of that code's net amounts,
then shared back to the lines (largest remainder) so that lines still add up to the total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ledger.money import minor_units

HUNDRED = Decimal(100)


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_half_up(value: Decimal, currency: str) -> Decimal:
    return value.quantize(quantum(currency), rounding=ROUND_HALF_UP)


@dataclass
class LineAmounts:
    net: Decimal
    tax: Decimal


@dataclass
class Totals:
    lines: list[LineAmounts]
    tax_by_code: dict[str, Decimal]
    net_by_code: dict[str, Decimal]
    net_total: Decimal
    tax_total: Decimal
    total: Decimal


def line_net(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal, currency: str) -> Decimal:
    gross = quantity * unit_price
    return round_half_up(gross - gross * discount_percent / HUNDRED, currency)


def document_totals(
    lines: list[tuple[Decimal, str | None, Decimal]], currency: str, *, per_line: bool
) -> Totals:
    """`lines`: (net, tax code or None, the code's rate in percent) for each line."""
    amounts = []
    net_by_code: dict[str, Decimal] = defaultdict(Decimal)
    exact_by_code: dict[str, Decimal] = defaultdict(Decimal)
    for net, code, rate in lines:
        exact = net * rate / HUNDRED if code else Decimal(0)
        amounts.append(LineAmounts(net, round_half_up(exact, currency) if per_line else exact))
        if code:
            net_by_code[code] += net
            exact_by_code[code] += exact
    if not per_line:
        _share_document_tax(lines, amounts, exact_by_code, currency)
    tax_by_code: dict[str, Decimal] = defaultdict(Decimal)
    for (_, code, _), amount in zip(lines, amounts, strict=True):
        if code:
            tax_by_code[code] += amount.tax
    net_total = sum((a.net for a in amounts), Decimal(0))
    tax_total = sum((a.tax for a in amounts), Decimal(0))
    return Totals(amounts, dict(tax_by_code), dict(net_by_code), net_total, tax_total, net_total + tax_total)


def _share_document_tax(
    lines: list[tuple[Decimal, str | None, Decimal]],
    amounts: list[LineAmounts],
    exact_by_code: dict[str, Decimal],
    currency: str,
) -> None:
    """Round each code's tax once, then give each line its share (largest remainder first)."""
    step = quantum(currency)
    for code, exact_total in exact_by_code.items():
        members = [i for i, (_, c, _) in enumerate(lines) if c == code]
        target = round_half_up(exact_total, currency)
        floors = {i: (amounts[i].tax // step) * step for i in members}
        left = int((target - sum(floors.values(), Decimal(0))) / step)
        by_remainder = sorted(members, key=lambda i: (-(amounts[i].tax - floors[i]), i))
        for rank, i in enumerate(by_remainder):
            amounts[i].tax = floors[i] + (step if rank < left else 0)


def tax_matches(given: Decimal, net: Decimal, rate: Decimal, currency: str) -> bool:
    """A vendor's tax amount agrees with the rate to within one minor unit of rounding."""
    return abs(given - net * rate / HUNDRED) <= quantum(currency)
