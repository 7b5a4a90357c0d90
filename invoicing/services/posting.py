"""The journal lines behind documents and payments.

Each currency balances on its own in pyledger (docs/ledger.md, "Each currency balances on its
own"). When an item leaves a control account at a base value other than the one it came in
with (a payment at today's rate against an invoice booked at last month's), the currency's
lines no longer balance in the base currency: `realise_fx` routes the difference through the
currency trading account and books it to the exchange gains and losses account, in four lines
the caller never writes by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledger.actor import Actor
from ledger.models import Account, JournalEntry, LedgerSettings
from ledger.money import round_money
from ledger.services.entries import LineInput, journal_entry_create
from ledger.services.periods import ledger_settings

from ..models import Document, DocumentLine


@dataclass
class Line:
    """A journal line with its base amount fixed by the caller."""

    account: Account
    side: str  # "D" or "C"
    amount: Decimal
    currency: str
    base: Decimal
    tax_code: str | None = None
    description: str = ""

    def as_input(self) -> LineInput:
        key = "debit" if self.side == "D" else "credit"
        return LineInput(
            account=self.account.code,
            currency=self.currency,
            base_amount=self.base,
            tax_code=self.tax_code,
            description=self.description[:300],
            **{key: self.amount},
        )


def to_base(amount: Decimal, rate: Decimal, base: str) -> Decimal:
    """`amount` at `rate` in the base currency `base`."""
    return round_money(amount * rate, base)


def share(part: Decimal, whole: Decimal, base_whole: Decimal, base: str) -> Decimal:
    """The booked base value of `part` of an item worth `base_whole` for `whole`: all of it when
    the part is the whole, so that nothing is left over by rounding."""
    if part == whole:
        return base_whole
    return round_money(base_whole * part / whole, base)


def document_lines(
    document: Document,
    control: Account,
    tax_accounts: dict[str, Account],
    *,
    items: list[DocumentLine],
    base: str,
) -> list[Line]:
    """Control account against revenue or expense and tax, one line per document line (`items`,
    with their accounts and tax codes loaded) with an amount and one per tax code; the control
    line's base is the sum of the others'."""
    c, rate = document.currency_id, document.exchange_rate or Decimal(1)
    side = "D" if document.debits_control else "C"
    other = "C" if side == "D" else "D"
    number = document.number
    lines: list[Line] = []
    tax_by_code: dict[str, Decimal] = defaultdict(Decimal)
    for line in items:
        code = line.tax_code.code if line.tax_code else None
        if line.net_amount:
            desc = f"{number} {line.description}"
            lines.append(
                Line(
                    line.account, other, line.net_amount, c, to_base(line.net_amount, rate, base), code, desc
                )
            )
        if code and line.tax_amount:
            tax_by_code[code] += line.tax_amount
    for code, tax in sorted(tax_by_code.items()):
        if tax:
            lines.append(
                Line(
                    tax_accounts[code], other, tax, c, to_base(tax, rate, base), code, f"{number} tax {code}"
                )
            )
    base_total = sum((line.base for line in lines), Decimal(0))
    lines.insert(
        0, Line(control, side, document.total, c, base_total, None, f"{number} {document.contact.name}")
    )
    return lines


def realise_fx(
    lines: list[Line], *, trading: Account, description: str, settings: LedgerSettings | None = None
) -> Decimal:
    """Balance each foreign currency's lines in the base currency through the trading account,
    booking the difference as a realised gain or loss; returns it (positive: a gain). `settings`:
    the ledger's, when the caller has read them."""
    settings = settings or ledger_settings()
    base, gain_loss = settings.base_currency_id, settings.fx_gain_loss
    total = Decimal(0)
    per_currency: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        if line.currency != base:
            per_currency[line.currency].append(line)
    added: list[Line] = []
    for currency, group in sorted(per_currency.items()):
        surplus = sum((ln.base if ln.side == "D" else -ln.base for ln in group), Decimal(0))
        if not surplus:
            continue
        # Two trading lines in the currency (they cancel in it) carry the surplus out of it...
        amount = max(ln.amount for ln in group)
        value = max(ln.base for ln in group) + abs(surplus)
        out_side, back_side = ("C", "D") if surplus > 0 else ("D", "C")
        added += [
            Line(trading, out_side, amount, currency, value, None, description),
            Line(trading, back_side, amount, currency, value - abs(surplus), None, description),
        ]
        # ... and two base-currency lines book it: a gain when the lines had more debit.
        if gain_loss is None:
            raise ValueError("the ledger settings name no exchange gains and losses account")
        added += [
            Line(trading, "D" if surplus > 0 else "C", abs(surplus), base, abs(surplus), None, description),
            Line(gain_loss, "C" if surplus > 0 else "D", abs(surplus), base, abs(surplus), None, description),
        ]
        total += surplus
    lines += added
    return total


def post_lines(
    lines: list[Line], *, day: date, actor: Actor, memo: str, reference: str, source: str
) -> JournalEntry:
    """Post `lines` as one entry written by the subledger `source` (control accounts take it)."""
    return journal_entry_create(
        date=day,
        lines=[line.as_input() for line in lines],
        actor=actor,
        memo=memo,
        reference=reference,
        post=True,
        source=source,
    )
