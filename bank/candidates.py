"""Posted entries that could be the books' side of a statement line.

An entry is a candidate for a line when it moves the line's amount on the bank account's ledger
account (a debit for money in, a credit for money out) within a window of days, and is not
matched yet. The search runs on the index of journal lines by (account, amount), once for a whole
batch of lines, never one scan per line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from rapidfuzz import fuzz

from bank.models import BankAccount, StatementLine
from ledger.models import JournalEntry, JournalLine

WINDOW_DAYS = 10


@dataclass(frozen=True)
class Candidate:
    entry_id: int
    date: date
    amount: Decimal  # signed, as the line's
    memo: str
    reference: str
    number: int | None


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float  # 0..1
    reasons: tuple[str, ...]


def find(
    bank_account: BankAccount, lines: Sequence[StatementLine], *, window: int = WINDOW_DAYS
) -> dict[int, list[Candidate]]:
    """Candidates per line id, for many lines in one query."""
    if not lines:
        return {}
    amounts = {abs(line.amount) for line in lines}
    low = min(line.booking_date for line in lines) - timedelta(days=window)
    high = max(line.booking_date for line in lines) + timedelta(days=window)
    rows = (
        JournalLine.objects.filter(
            account_id=bank_account.account_id,
            amount__in=amounts,
            currency_id=bank_account.currency_id,
            entry__status=JournalEntry.Status.POSTED,
            entry__date__range=(low, high),
            entry__bank_match__isnull=True,
        )
        .values_list(
            "side", "amount", "entry_id", "entry__date", "entry__memo", "entry__reference", "entry__number"
        )
        .order_by("entry__date", "entry_id")
    )
    by_amount: dict[Decimal, list[Candidate]] = defaultdict(list)
    for side, amount, entry_id, day, memo, reference, number in rows:
        signed = amount if side == JournalLine.Side.DEBIT else -amount
        by_amount[signed].append(Candidate(entry_id, day, signed, memo, reference, number))
    found: dict[int, list[Candidate]] = {}
    for line in lines:
        found[line.pk] = [
            c for c in by_amount.get(line.amount, []) if abs((c.date - line.booking_date).days) <= window
        ]
    return found


def _text(*parts: str) -> str:
    return " ".join(p for p in parts if p).casefold()


def score(line: StatementLine, candidate: Candidate, *, window: int = WINDOW_DAYS) -> Scored:
    """How well an entry fits a line: reference, counterparty and date distance, each 0..1."""
    reasons: list[str] = ["amount"]
    line_text = _text(line.reference, line.description)
    ref = candidate.reference.casefold().strip()
    reference = 1.0 if ref and len(ref) >= 3 and ref in line_text else 0.0
    if reference:  # references are exact tokens (INV-2001 is not INV-2002): no fuzzy credit
        reasons.append("reference")
    counterparty = 0.0
    if line.counterparty_name:
        counterparty = (
            fuzz.token_set_ratio(line.counterparty_name.casefold(), _text(candidate.memo, ref)) / 100
        )
        if counterparty >= 0.8:
            reasons.append("counterparty")
    days = abs((candidate.date - line.booking_date).days)
    closeness = 1 - days / (window + 1)
    if days == 0:
        reasons.append("same day")
    total = 0.45 * reference + 0.3 * counterparty + 0.25 * closeness
    return Scored(candidate, round(total, 4), tuple(reasons))


def ranked(line: StatementLine, candidates: Iterable[Candidate]) -> list[Scored]:
    return sorted((score(line, c) for c in candidates), key=lambda s: (-s.score, s.candidate.entry_id))
