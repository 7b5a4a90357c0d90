"""How the demo books its trade on credit: invoices to customers, bills from suppliers, and the
money that settles them.

The simulation (`ledger.demo`) decides what happens and when; a `Trade` writes it. The ledger's own
`JournalTrade` posts plain journal entries on receivables and payables, as a ledger without a
sales and purchases app would. The project's demo uses sales and purchases' documents and
payments instead (`invoicing.demo.DocumentTrade`): once that app has made receivables and payables
control accounts, the database refuses hand entries on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from .actor import Actor
from .money import round_money
from .services.entries import LineInput, journal_entry_create
from .services.rates import tax_lines

ACTOR = Actor.system("demo")
RECEIVABLE, PAYABLE, CURRENCY_TRADING = "1200", "2100", "3900"
ZERO = Decimal(0)


@dataclass(frozen=True)
class Issued:
    """An invoice or bill as written: its number, total and tax, and its booked base value."""

    number: str
    gross: Decimal
    tax: Decimal
    base: Decimal


@dataclass(frozen=True)
class Sale:
    """What the simulation sells or buys: one priced line."""

    party: str  # the customer or supplier
    day: date
    due: date
    account: str
    net: Decimal
    tax_code: str | None
    description: str
    currency: str  # the base currency, or the foreign one for exports
    rate: Decimal = Decimal(1)
    reference: str = ""  # a supplier's own number


class Trade(Protocol):
    def sell(self, sale: Sale) -> Issued: ...

    def buy(self, sale: Sale) -> Issued: ...

    def receive(
        self, *, day: date, customer: str, items: list[tuple[str, Decimal]], bank: str, currency: str
    ) -> Decimal:
        """Money received for (number, amount) items; returns the base value booked on the bank."""
        ...

    def pay(self, *, day: date, supplier: str, items: list[tuple[str, Decimal]], bank: str) -> None: ...


def _line(account: str, side: str, amount: Decimal, **extra: Any) -> LineInput:
    if side == "D":
        return LineInput(account=account, debit=amount, **extra)
    return LineInput(account=account, credit=amount, **extra)


def references(references: Iterable[str]) -> str:
    """Several documents' numbers as one entry reference (the field holds 100 characters)."""
    text = ", ".join(references)
    return text if len(text) <= 100 else text[:99] + "…"


class JournalTrade:
    """Invoices, bills and their settlement as hand journal entries on 1200 and 2100."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.invoice_no, self.bill_no = 1001, 1
        self.booked: dict[str, tuple[Decimal, Decimal]] = {}  # foreign invoice -> (amount, base)

    def _post(self, day: date, memo: str, reference: str, lines: list[LineInput]) -> None:
        journal_entry_create(date=day, lines=lines, actor=ACTOR, memo=memo, reference=reference, post=True)

    def _taxed(self, sale: Sale, side: str) -> tuple[list[LineInput], Decimal]:
        if sale.tax_code is None:
            return [_line(sale.account, side, sale.net, description=sale.description)], ZERO
        lines, gross = tax_lines(
            account=sale.account, net=sale.net, tax_code=sale.tax_code, side=side, currency=self.base,
            day=sale.day, description=sale.description,
        )  # fmt: skip
        return lines, gross - sale.net

    def sell(self, sale: Sale) -> Issued:
        number = f"INV-{self.invoice_no}"
        self.invoice_no += 1
        if sale.currency != self.base:  # an export, through the currency trading account
            base = round_money(sale.net * sale.rate, self.base)
            fx = {"currency": sale.currency, "exchange_rate": sale.rate}
            lines = [
                _line(RECEIVABLE, "D", sale.net, **fx),
                _line(CURRENCY_TRADING, "C", sale.net, **fx),
                _line(CURRENCY_TRADING, "D", base),
                _line(sale.account, "C", base, tax_code=sale.tax_code, description=sale.description),
            ]
            self.booked[number] = (sale.net, base)
            self._post(sale.day, f"Invoice {number} — {sale.party} ({sale.currency})", number, lines)
            return Issued(number, sale.net, ZERO, base)
        lines, tax = self._taxed(sale, "C")
        gross = sale.net + tax
        lines = [_line(RECEIVABLE, "D", gross), *lines]
        self._post(sale.day, f"Invoice {number} — {sale.party}", number, lines)
        return Issued(number, gross, tax, gross)

    def buy(self, sale: Sale) -> Issued:
        number = f"BILL-{self.bill_no:04d}"
        self.bill_no += 1
        lines, tax = self._taxed(sale, "D")
        gross = sale.net + tax
        memo = f"{sale.description} — {sale.party}"
        self._post(sale.day, memo, number, [*lines, _line(PAYABLE, "C", gross)])
        return Issued(number, gross, tax, gross)

    def receive(
        self, *, day: date, customer: str, items: list[tuple[str, Decimal]], bank: str, currency: str
    ) -> Decimal:
        total = sum((amount for _, amount in items), ZERO)
        memo = f"Payment from {customer} for {references(n for n, _ in items)}"
        if currency != self.base:  # received at the invoice's rate: it leaves at its booked value
            base = ZERO
            for number, amount in items:
                whole, booked = self.booked[number]
                base += booked if amount == whole else round_money(booked * amount / whole, self.base)
            fx = {"currency": currency, "base_amount": base}
            lines = [_line(bank, "D", total, **fx), _line(RECEIVABLE, "C", total, **fx)]
            self._post(day, f"{memo} ({currency})", references(n for n, _ in items), lines)
            return base
        lines = [_line(bank, "D", total)]
        lines += [_line(RECEIVABLE, "C", amount, description=f"{n} {customer}") for n, amount in items]
        self._post(day, memo, references(n for n, _ in items), lines)
        return total

    def pay(self, *, day: date, supplier: str, items: list[tuple[str, Decimal]], bank: str) -> None:
        total = sum((amount for _, amount in items), ZERO)
        lines = [_line(PAYABLE, "D", amount, description=f"{ref} {supplier}") for ref, amount in items]
        memo = f"Payment to {supplier} for {references(ref for ref, _ in items)}"
        self._post(day, memo, references(ref for ref, _ in items), [*lines, _line(bank, "C", total)])
