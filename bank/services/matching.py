"""Match statement lines to the books by hand: to existing entries, to a new entry booked from the
line, or ignore a line; unmatch undoes any of these. Every action is audited.

Amounts must agree exactly: the lines' sum equals the entries' net movement on the bank account.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum

from bank.errors import (
    EntryAlreadyMatched,
    EntryNotOnBankAccount,
    LineNotMatched,
    LineNotUnmatched,
    MatchAmountMismatch,
)
from bank.locks import lock_bank_account
from bank.models import BankAccount, BankRule, Match, MatchedEntry, Statement, StatementLine
from ledger.actor import Actor
from ledger.errors import InvalidInput, UnknownTaxCode
from ledger.models import JournalEntry, JournalLine, TaxCode
from ledger.money import round_money
from ledger.services.audit import audit_record
from ledger.services.entries import LineInput, journal_entry_create, journal_entry_reverse
from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic


def _locked_lines(line_ids: Sequence[int]) -> list[StatementLine]:
    lines = list(
        StatementLine.objects.select_for_update()
        .select_related("bank_account")
        .filter(pk__in=line_ids)
        .order_by("pk")
    )
    if len(lines) != len(set(line_ids)):
        raise InvalidInput("No such statement line.", fields={"lines": ["Unknown statement line."]})
    return lines


def _movement(bank_account: BankAccount, entry_ids: Sequence[int]) -> dict[int, Decimal]:
    """Each entry's net movement on the bank account (debit positive), in its currency."""
    moved: dict[int, Decimal] = {}
    for side in (JournalLine.Side.DEBIT, JournalLine.Side.CREDIT):
        rows = (
            JournalLine.objects.filter(
                entry_id__in=entry_ids,
                account_id=bank_account.account_id,
                side=side,
                currency_id=bank_account.currency_id,
            )
            .values("entry_id")
            .annotate(total=Sum("amount"))
        )
        for row in rows:
            sign = 1 if side == JournalLine.Side.DEBIT else -1
            moved[row["entry_id"]] = moved.get(row["entry_id"], Decimal(0)) + sign * row["total"]
    return moved


def match_lines(
    *,
    line_ids: Sequence[int],
    entry_ids: Sequence[int],
    actor: Actor,
    kind: str = Match.Kind.MANUAL,
    rule: BankRule | None = None,
) -> Match:
    """Match one or several lines to one or several posted entries (amounts must agree)."""
    if not line_ids or not entry_ids:
        raise InvalidInput("Name at least one line and one entry.", fields={"entries": ["Required."]})
    with tenant_atomic():
        first = StatementLine.objects.filter(pk=line_ids[0]).values_list("bank_account_id", flat=True).first()
        if first is not None:
            lock_bank_account(current_alias(), first)
        lines = _locked_lines(line_ids)
        bank_account = lines[0].bank_account
        for line in lines:
            if line.bank_account_id != bank_account.pk:
                raise InvalidInput(
                    "Lines of one bank account only.", fields={"lines": ["Several bank accounts."]}
                )
            if line.status != StatementLine.Status.UNMATCHED:
                raise LineNotUnmatched(f"Line {line.pk} is {line.status}; unmatch it first.")
        entries = list(JournalEntry.objects.select_for_update().filter(pk__in=entry_ids))
        if len(entries) != len(set(entry_ids)):
            raise InvalidInput("No such entry.", fields={"entries": ["Unknown entry."]})
        for entry in entries:
            if entry.status != JournalEntry.Status.POSTED:
                raise EntryNotOnBankAccount(
                    f"Entry {entry} is {entry.status}; only posted entries can be matched."
                )
        taken = MatchedEntry.objects.filter(entry_id__in=entry_ids).values_list("entry_id", flat=True).first()
        if taken is not None:
            raise EntryAlreadyMatched(f"Entry {taken} is already matched to a statement line.")
        moved = _movement(bank_account, [e.pk for e in entries])
        missing = [e for e in entries if not moved.get(e.pk)]
        if missing:
            raise EntryNotOnBankAccount(
                f"Entry {missing[0]} does not move account {bank_account.account.code}.",
                fields={"entries": ["Not on the bank account."]},
            )
        lines_total = sum((line.amount for line in lines), Decimal(0))
        books_total = sum(moved.values(), Decimal(0))
        if lines_total != books_total:
            raise MatchAmountMismatch(
                f"The lines add up to {lines_total} and the entries to {books_total} "
                f"(difference {lines_total - books_total}).",
                fields={"entries": ["Amounts differ."]},
            )
        match = Match.objects.create(kind=kind, rule=rule, created_by_name=actor.name)
        MatchedEntry.objects.bulk_create([MatchedEntry(match=match, entry=e) for e in entries])
        StatementLine.objects.filter(pk__in=[line.pk for line in lines]).update(
            status=StatementLine.Status.MATCHED, match=match
        )
        audit_record(
            actor=actor,
            action="bank_match",
            obj=match,
            data={"lines": sorted(line_ids), "entries": sorted(entry_ids), "kind": kind},
        )
    return match


@dataclass(frozen=True)
class Split:
    account: str
    amount: Decimal  # gross, positive, in the bank account's currency
    tax_code: str | None = None
    description: str = ""


def _split_lines(splits: Sequence[Split], *, side: str, currency: str, day: date) -> list[LineInput]:
    """The counter lines: each split's net line and, with a tax code, its tax line (gross includes tax)."""
    key = "debit" if side == JournalLine.Side.DEBIT else "credit"
    out: list[LineInput] = []
    for split in splits:
        if not split.tax_code:
            out.append(
                LineInput(
                    account=split.account,
                    currency=currency,
                    description=split.description,
                    debit=split.amount if key == "debit" else None,
                    credit=split.amount if key == "credit" else None,
                )
            )
            continue
        code = TaxCode.objects.filter(code=split.tax_code, is_active=True).select_related("account").first()
        if (
            code is None
            or code.account is None
            or (code.valid_from and day < code.valid_from)
            or (code.valid_to and day > code.valid_to)
        ):
            raise UnknownTaxCode(
                f"No usable tax code {split.tax_code!r} on {day}.", fields={"tax_code": ["Unknown tax code."]}
            )
        net = round_money(split.amount * Decimal(100) / (Decimal(100) + code.rate), currency)
        tax = split.amount - net
        out.append(
            LineInput(
                account=split.account,
                currency=currency,
                tax_code=code.code,
                description=split.description,
                debit=net if key == "debit" else None,
                credit=net if key == "credit" else None,
            )
        )
        if tax:
            out.append(
                LineInput(
                    account=code.account.code,
                    currency=currency,
                    tax_code=code.code,
                    description=code.name,
                    debit=tax if key == "debit" else None,
                    credit=tax if key == "credit" else None,
                )
            )
    return out


def entry_key(line: StatementLine) -> str:
    """The idempotency key of the entry booked from a line: the same booking never posts twice."""
    return f"bank:{line.bank_account_id}:{line.dedup_key}:{line.rebook_count}"


def create_entry(
    *,
    line: StatementLine,
    splits: Sequence[Split | Mapping[str, Any]],
    actor: Actor,
    memo: str = "",
    kind: str = Match.Kind.CREATED,
    rule: BankRule | None = None,
) -> Match:
    """Book an entry from a line (bank account against the splits, which must add up to the
    line's amount) and match the line to it."""
    parts = [s if isinstance(s, Split) else Split(**s) for s in splits]
    if not parts:
        raise InvalidInput("Name at least one account.", fields={"lines": ["Required."]})
    with tenant_atomic():
        lock_bank_account(current_alias(), line.bank_account_id)
        locked = _locked_lines([line.pk])[0]
        if locked.status != StatementLine.Status.UNMATCHED:
            raise LineNotUnmatched(f"Line {locked.pk} is {locked.status}; unmatch it first.")
        bank_account = locked.bank_account
        total = sum((p.amount for p in parts), Decimal(0))
        if any(p.amount <= 0 for p in parts) or total != abs(locked.amount):
            raise MatchAmountMismatch(
                f"The accounts add up to {total}; the line is {abs(locked.amount)}.",
                fields={"lines": ["Amounts must be positive and add up to the line's amount."]},
            )
        money_in = locked.amount > 0
        other_side = JournalLine.Side.CREDIT if money_in else JournalLine.Side.DEBIT
        currency = bank_account.currency_id
        lines = [
            LineInput(
                account=bank_account.account.code,
                currency=currency,
                debit=abs(locked.amount) if money_in else None,
                credit=None if money_in else abs(locked.amount),
            ),
            *_split_lines(parts, side=other_side, currency=currency, day=locked.booking_date),
        ]
        entry = journal_entry_create(
            date=locked.booking_date,
            lines=lines,
            actor=actor,
            memo=(memo or " ".join(filter(None, [locked.counterparty_name, locked.reference])) or "Bank")[
                :1000
            ],
            reference=locked.transaction_id[:100],
            post=True,
            idempotency_key=entry_key(locked),
        )
        match = Match.objects.create(kind=kind, rule=rule, created_entry=entry, created_by_name=actor.name)
        MatchedEntry.objects.create(match=match, entry=entry)
        StatementLine.objects.filter(pk=locked.pk).update(status=StatementLine.Status.MATCHED, match=match)
        audit_record(
            actor=actor,
            action="bank_create_entry",
            obj=match,
            data={"line": locked.pk, "entry": entry.pk, "kind": kind},
        )
    return match


def ignore_line(*, line: StatementLine, reason: str, actor: Actor) -> StatementLine:
    if not reason.strip():
        raise InvalidInput(
            "Say why the line is ignored.", fields={"reason": ["This field may not be blank."]}
        )
    with tenant_atomic():
        locked = _locked_lines([line.pk])[0]
        if locked.status != StatementLine.Status.UNMATCHED:
            raise LineNotUnmatched(f"Line {locked.pk} is {locked.status}; unmatch it first.")
        locked.status, locked.ignore_reason = StatementLine.Status.IGNORED, reason.strip()[:200]
        locked.save(update_fields=["status", "ignore_reason"])
        audit_record(actor=actor, action="bank_ignore", obj=locked, data={"reason": locked.ignore_reason})
    return locked


def unmatch_line(*, line: StatementLine, actor: Actor, date: date | None = None) -> StatementLine:
    """Undo a match (every line of it goes back to unmatched; an entry it booked is reversed) or
    an ignore. Unmatching a line of a reconciled statement takes the statement's mark away."""
    with tenant_atomic():
        lock_bank_account(current_alias(), line.bank_account_id)
        locked = _locked_lines([line.pk])[0]
        if locked.status == StatementLine.Status.IGNORED:
            locked.status, locked.ignore_reason = StatementLine.Status.UNMATCHED, ""
            locked.save(update_fields=["status", "ignore_reason"])
            audit_record(actor=actor, action="bank_unignore", obj=locked)
            return locked
        if locked.match_id is None:
            raise LineNotMatched(f"Line {locked.pk} is not matched.")
        match = Match.objects.select_for_update().get(pk=locked.match_id)
        lines = list(StatementLine.objects.select_for_update().filter(match=match))
        created = match.created_entry
        StatementLine.objects.filter(match=match).update(status=StatementLine.Status.UNMATCHED, match=None)
        if created is not None:
            StatementLine.objects.filter(pk__in=[x.pk for x in lines]).update(
                rebook_count=F("rebook_count") + 1
            )
        Statement.objects.filter(pk__in={x.statement_id for x in lines}, reconciled_at__isnull=False).update(
            reconciled_at=None, reconciled_by_name=""
        )
        match.entries.all().delete()
        Match.objects.filter(pk=match.pk).update(created_entry=None)
        if created is not None:
            journal_entry_reverse(
                entry=created, actor=actor, date=date, memo=f"Unmatched from bank: reversal of {created}"
            )
        audit_record(
            actor=actor,
            action="bank_unmatch",
            obj=match,
            data={"lines": [x.pk for x in lines], "reversed": created.pk if created else None},
        )
        match.delete()
    locked.refresh_from_db()
    return locked
