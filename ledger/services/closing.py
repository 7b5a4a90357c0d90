"""Year-end close: move the year's income and expenses into retained earnings, then lock it.

The closing entry is in the base currency: statements are in the base currency, so the base
balances are what must start the next year at zero. Transaction-currency tallies of income and
expense accounts simply carry on (they are informative only).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connections, transaction

from ledger.actor import Actor
from ledger.checkpoints import checkpoint_on_commit
from ledger.errors import FiscalYearClosed, LedgerNotSeeded
from ledger.models import Account, FiscalPeriod, FiscalYear, JournalEntry
from tenants.routing.context import current_alias

from .entries import LineInput, journal_entry_create
from .periods import ledger_settings, mark_year_closed

ZERO = Decimal(0)


def _line(account: str, balance: Decimal, currency: str) -> LineInput:
    """A line bringing a debit-positive base balance to zero."""
    if balance > 0:
        return LineInput(account=account, currency=currency, credit=balance)
    return LineInput(account=account, currency=currency, debit=-balance)


def fiscal_year_close(*, year: FiscalYear, actor: Actor) -> JournalEntry | None:
    """Post the closing entry dated the year's last day, then close every period and the year."""
    alias = current_alias()
    settings = ledger_settings()
    if settings.retained_earnings_id is None:
        raise LedgerNotSeeded("Set a retained-earnings account in the ledger settings first.")
    retained = Account.objects.get(pk=settings.retained_earnings_id).code
    base = settings.base_currency_id
    with transaction.atomic(using=alias):
        locked = FiscalYear.objects.select_for_update().get(pk=year.pk)
        if locked.status == FiscalYear.Status.CLOSED:
            raise FiscalYearClosed(f"{locked} is already closed.")
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT a.code, sum(b.base_debit - b.base_credit) FROM ledger_accountbalance b"
                " JOIN ledger_account a ON a.id = b.account_id"
                " WHERE a.type IN ('income', 'expense') AND b.date BETWEEN %s AND %s"
                " GROUP BY a.code HAVING sum(b.base_debit - b.base_credit) <> 0 ORDER BY a.code",
                [locked.start_date, locked.end_date],
            )
            balances = cursor.fetchall()
        lines = [_line(code, balance, base) for code, balance in balances]
        earnings = sum((balance for _, balance in balances), ZERO)
        if earnings:
            lines.append(_line(retained, -earnings, base))
        entry = None
        if len(lines) >= 2:
            # The months may have been closed one by one: the closing entry still belongs in the
            # last one, which mark_year_closed closes again in this same transaction.
            FiscalPeriod.objects.filter(
                start_date__lte=locked.end_date, end_date__gte=locked.end_date
            ).update(status=FiscalPeriod.Status.OPEN)
            entry = journal_entry_create(
                date=locked.end_date,
                lines=lines,
                actor=actor,
                memo=f"Year-end close {locked}",
                reference=f"CLOSE-{locked}",
                post=True,
                kind=JournalEntry.Kind.CLOSING,
            )
        mark_year_closed(year=locked, actor=actor)
        checkpoint_on_commit()  # a closed year's head, anchored outside the company's database
    return entry
