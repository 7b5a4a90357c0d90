"""The reconciliation of a bank account as of a day: the bank's balance against the books', and
the lists that explain every cent of the difference.

    difference = statement balance - book balance
               = opening difference            (bank's opening - books before the first statement)
               + unmatched lines + ignored lines  (money the bank moved that the books lack)
               - uncovered entries             (book movements no statement line covers)
               + timing                        (matches whose line and entries fall on both sides
                                                of the day)

`explained` adds up those parts; a report is consistent when it equals `difference`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from bank.models import BankAccount, MatchedEntry, Statement, StatementLine
from ledger.models import JournalEntry, JournalLine

ZERO = Decimal(0)
BOOKED = [JournalEntry.Status.POSTED, JournalEntry.Status.REVERSED]


@dataclass
class Report:
    bank_account: BankAccount
    as_of: date
    start: date | None  # first statement's first day
    opening_balance: Decimal
    books_before: Decimal
    statement_balance: Decimal
    book_balance: Decimal
    unmatched: list[StatementLine] = field(default_factory=list)
    ignored: list[StatementLine] = field(default_factory=list)
    uncovered: list[tuple[JournalEntry, Decimal]] = field(default_factory=list)
    timing: Decimal = ZERO
    reconciled_to: date | None = None

    @property
    def difference(self) -> Decimal:
        return self.statement_balance - self.book_balance

    @property
    def opening_difference(self) -> Decimal:
        return self.opening_balance - self.books_before

    @property
    def unmatched_total(self) -> Decimal:
        return sum((line.amount for line in self.unmatched), ZERO)

    @property
    def ignored_total(self) -> Decimal:
        return sum((line.amount for line in self.ignored), ZERO)

    @property
    def uncovered_total(self) -> Decimal:
        return sum((amount for _, amount in self.uncovered), ZERO)

    @property
    def explained(self) -> Decimal:
        return (
            self.opening_difference
            + self.unmatched_total
            + self.ignored_total
            - self.uncovered_total
            + self.timing
        )


def _signed_sum(bank_account: BankAccount, condition: Q) -> Decimal:
    rows = (
        JournalLine.objects.filter(
            condition,
            account_id=bank_account.account_id,
            currency_id=bank_account.currency_id,
            entry__status__in=BOOKED,
        )
        .values("side")
        .annotate(total=Sum("amount"))
    )
    total = ZERO
    for row in rows:
        total += row["total"] if row["side"] == JournalLine.Side.DEBIT else -row["total"]
    return total


def _movements(bank_account: BankAccount, condition: Q) -> dict[int, Decimal]:
    moved: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = JournalLine.objects.filter(
        condition,
        account_id=bank_account.account_id,
        currency_id=bank_account.currency_id,
        entry__status__in=BOOKED,
    ).values_list("entry_id", "side", "amount")
    for entry_id, side, amount in rows:
        moved[entry_id] += amount if side == JournalLine.Side.DEBIT else -amount
    return moved


def report(bank_account: BankAccount, as_of: date) -> Report:
    first = Statement.objects.filter(bank_account=bank_account).order_by("period_start", "id").first()
    first_line = StatementLine.objects.filter(bank_account=bank_account).order_by("booking_date").first()
    starts = [d for d in (first and first.period_start, first_line and first_line.booking_date) if d]
    start = min(starts) if starts else None
    opening = first.opening_balance if first and first.opening_balance is not None else ZERO
    lines = StatementLine.objects.filter(bank_account=bank_account, booking_date__lte=as_of)
    line_total = lines.aggregate(total=Sum("amount"))["total"] or ZERO
    books_before = _signed_sum(bank_account, Q(entry__date__lt=start)) if start else ZERO
    window = Q(entry__date__lte=as_of) & (Q(entry__date__gte=start) if start else Q())
    in_window = _movements(bank_account, window)
    rep = Report(
        bank_account=bank_account,
        as_of=as_of,
        start=start,
        opening_balance=opening,
        books_before=books_before,
        statement_balance=opening + line_total,
        book_balance=books_before + sum(in_window.values(), ZERO),
    )
    rep.unmatched = list(lines.filter(status=StatementLine.Status.UNMATCHED).order_by("booking_date", "pk"))
    rep.ignored = list(lines.filter(status=StatementLine.Status.IGNORED).order_by("booking_date", "pk"))
    matched_entries = dict(
        MatchedEntry.objects.filter(entry_id__in=list(in_window)).values_list("entry_id", "match_id")
    )
    uncovered_ids = [e for e, amount in in_window.items() if e not in matched_entries and amount]
    entries = JournalEntry.objects.in_bulk(uncovered_ids)
    rep.uncovered = sorted(
        ((entries[e], in_window[e]) for e in uncovered_ids), key=lambda pair: (pair[0].date, pair[0].pk)
    )
    # Timing: per match, the lines up to the day minus its entries inside the window.
    by_match: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for match_id, amount in lines.filter(status=StatementLine.Status.MATCHED).values_list(
        "match_id", "amount"
    ):
        by_match[match_id] += amount
    for entry_id, match_id in matched_entries.items():
        by_match[match_id] -= in_window[entry_id]
    rep.timing = sum(by_match.values(), ZERO)
    last = (
        Statement.objects.filter(bank_account=bank_account, reconciled_at__isnull=False)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    rep.reconciled_to = last
    return rep
