"""Unrealised exchange gains and losses: open foreign-currency balances revalued at a date's rate.

Every asset and liability account that holds a balance in a foreign currency on `as_of` (bank
accounts, receivables and payables — which equal their open documents —, loans) is brought to
that balance at the rate of `as_of`; the difference goes to the exchange gains and losses
account through the currency trading account, and the whole entry is reversed the next day. A
later payment then realises the full difference against the document's booked value, so the
unrealised and realised amounts never count twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError
from django.db.models import Sum

from ledger.actor import Actor
from ledger.errors import MissingExchangeRate
from ledger.models import Account, AccountBalance, LedgerSettings
from ledger.money import money_text
from ledger.services.entries import journal_entry_reverse
from ledger.services.periods import ledger_settings
from ledger.services.reference import rate_on
from tenants.routing.db import tenant_atomic

from ..models import Revaluation
from .posting import Line, post_lines, realise_fx, to_base
from .setup import invoicing_settings

SOURCE = "revaluation"


@dataclass
class Revalued:
    account: str
    currency: str
    balance: Decimal  # in the currency, debit positive
    booked: Decimal  # its base value in the books
    rate: Decimal
    revalued: Decimal  # its base value at `rate`
    difference: Decimal  # revalued - booked: a gain on an asset, a loss on a liability when positive

    def as_json(self, base: str) -> dict[str, str]:
        """Amounts as the API writes them: the balance in its currency, the rest in the base."""
        values = {"account": self.account, "currency": self.currency, "rate": str(self.rate.normalize())}
        values["balance"] = money_text(self.balance, self.currency) or ""
        for name in ("booked", "revalued", "difference"):
            values[name] = money_text(getattr(self, name), base) or ""
        return values


def revaluation_preview(*, as_of: date) -> list[Revalued]:
    """What a revaluation on `as_of` would book, balance by balance; writes nothing."""
    base = ledger_settings().base_currency_id
    trading = invoicing_settings().trading_account
    rows = (
        AccountBalance.objects.filter(
            date__lte=as_of, account__type__in=[Account.Type.ASSET, Account.Type.LIABILITY]
        )
        .exclude(currency_id=base)
        .exclude(account=trading)
        .values("account__code", "currency_id")
        .annotate(d=Sum("debit"), c=Sum("credit"), bd=Sum("base_debit"), bc=Sum("base_credit"))
        .order_by("account__code", "currency_id")
    )
    found = []
    rates: dict[str, Decimal] = {}
    for row in rows:
        balance, booked = row["d"] - row["c"], row["bd"] - row["bc"]
        currency = row["currency_id"]
        if not balance:
            continue
        if currency not in rates:
            rate = rate_on(currency, as_of)
            if rate is None:
                message = f"No {currency} rate on or before {as_of} to revalue with."
                raise MissingExchangeRate(message, fields={"as_of": [message]})
            rates[currency] = rate
        revalued = to_base(balance, rates[currency], base)
        if revalued != booked:
            found.append(
                Revalued(
                    row["account__code"],
                    currency,
                    balance,
                    booked,
                    rates[currency],
                    revalued,
                    revalued - booked,
                )
            )
    return found


def revaluation_create(*, as_of: date, actor: Actor) -> Revaluation:
    """Post the revaluation on `as_of` and its reversal on the next day; once per date."""
    existing = Revaluation.objects.filter(as_of=as_of).first()
    if existing is not None:
        existing.replayed = True
        return existing
    settings = invoicing_settings()
    books = ledger_settings()
    found = revaluation_preview(as_of=as_of)
    accounts = {a.code: a for a in Account.objects.filter(code__in={r.account for r in found})}
    lines: list[Line] = []
    for r in found:
        amount = abs(r.balance)
        # Two lines in the currency that cancel in it and move the base value by the difference.
        common = to_base(amount, r.rate, books.base_currency_id) or Decimal(1)
        label = f"Revaluation {as_of}: {r.account} {r.currency} at {r.rate}"
        lines += [
            Line(
                accounts[r.account],
                "D",
                amount,
                r.currency,
                common + max(r.difference, Decimal(0)),
                None,
                label,
            ),
            Line(
                accounts[r.account],
                "C",
                amount,
                r.currency,
                common + max(-r.difference, Decimal(0)),
                None,
                label,
            ),
        ]
    try:
        return _post(as_of, found, lines, settings.trading_account, actor, books)
    except IntegrityError:  # another request revalued the same date meanwhile: that one stands
        existing = Revaluation.objects.get(as_of=as_of)
        existing.replayed = True
        return existing


def _post(
    as_of: date,
    found: list[Revalued],
    lines: list[Line],
    trading: Account,
    actor: Actor,
    books: LedgerSettings,
) -> Revaluation:
    with tenant_atomic():
        made = Revaluation(
            as_of=as_of,
            lines=[r.as_json(books.base_currency_id) for r in found],
            created_by_name=actor.name,
        )
        if lines:
            label = f"Revaluation {as_of}"
            made.difference = realise_fx(lines, trading=trading, description=label, settings=books)
            memo = f"Revaluation of foreign-currency balances at {as_of}"
            made.entry = post_lines(
                lines, day=as_of, actor=actor, memo=memo, reference=f"REVAL-{as_of}", source=SOURCE
            )
            made.reversal = journal_entry_reverse(
                entry=made.entry, actor=actor, date=as_of + timedelta(days=1),
                memo=f"Reversal of the revaluation at {as_of}", source=SOURCE,
            )  # fmt: skip
        made.save()
    return made
