"""Matching by hand: suggestions, one-to-many and many-to-one matches, entries booked from a line,
ignore, unmatch; amounts must agree and nothing is half-written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bank import candidates
from bank.errors import (
    EntryAlreadyMatched,
    EntryMatchedToBank,
    EntryNotOnBankAccount,
    LineNotUnmatched,
    MatchAmountMismatch,
)
from bank.models import BankAccount, Match, StatementLine
from bank.services.matching import Split, create_entry, ignore_line, match_lines, unmatch_line
from ledger.errors import InvalidInput
from ledger.models import AuditEvent, JournalEntry, JournalLine
from ledger.services.entries import journal_entry_reverse
from ledger.tests.conftest import ALICE

from .conftest import AddLines, Post

pytestmark = pytest.mark.django_db(databases="__all__")
JAN = date(2026, 1, 10)


def test_suggestions_are_same_amount_and_direction_within_the_window(
    bank: BankAccount, add_lines: AddLines, post: Post
) -> None:
    [line] = add_lines((JAN, "1000.00", "Globex Corp", "Invoice INV-1001"))
    good = post(date(2026, 1, 8), "1120", "4100", "1000.00", memo="Globex Corp", reference="INV-1001")
    other = post(date(2026, 1, 12), "1120", "4100", "1000.00", memo="Initech")
    post(date(2026, 2, 20), "1120", "4100", "1000.00")  # outside the window
    post(JAN, "1120", "4100", "999.99")  # another amount
    post(JAN, "6200", "1120", "1000.00")  # money out
    found = candidates.find(bank, [line])[line.pk]
    ranked = candidates.ranked(line, found)
    assert [s.candidate.entry_id for s in ranked] == [good.pk, other.pk]
    assert "reference" in ranked[0].reasons


def test_one_payment_settles_several_entries(bank: BankAccount, add_lines: AddLines, post: Post) -> None:
    [line] = add_lines((JAN, "1000.00", "Globex"))
    a = post(date(2026, 1, 5), "1120", "4100", "600.00")
    b = post(date(2026, 1, 6), "1120", "4100", "400.00")
    match = match_lines(line_ids=[line.pk], entry_ids=[a.pk, b.pk], actor=ALICE)
    line.refresh_from_db()
    assert line.status == StatementLine.Status.MATCHED and line.match_id == match.pk
    assert sorted(match.entries.values_list("entry_id", flat=True)) == sorted([a.pk, b.pk])
    assert AuditEvent.objects.filter(action="bank_match", object_id=str(match.pk)).exists()


def test_several_lines_settle_one_entry(bank: BankAccount, add_lines: AddLines, post: Post) -> None:
    lines = add_lines((JAN, "300.00", "Globex"), (date(2026, 1, 11), "700.00", "Globex"))
    entry = post(JAN, "1120", "4100", "1000.00")
    match_lines(line_ids=[x.pk for x in lines], entry_ids=[entry.pk], actor=ALICE)
    assert StatementLine.objects.filter(status="matched").count() == 2


def test_amounts_must_agree_and_nothing_is_written(
    bank: BankAccount, add_lines: AddLines, post: Post
) -> None:
    [line] = add_lines((JAN, "1000.00", "Globex"))
    entry = post(JAN, "1120", "4100", "999.00")
    with pytest.raises(MatchAmountMismatch, match=r"difference 1\.00"):
        match_lines(line_ids=[line.pk], entry_ids=[entry.pk], actor=ALICE)
    assert Match.objects.count() == 0
    line.refresh_from_db()
    assert line.status == StatementLine.Status.UNMATCHED


def test_an_entry_is_matched_once_and_must_touch_the_bank_account(
    bank: BankAccount, add_lines: AddLines, post: Post
) -> None:
    first, second = add_lines((JAN, "50.00", "A"), (JAN, "50.00", "B"))
    entry = post(JAN, "1120", "4100", "50.00")
    match_lines(line_ids=[first.pk], entry_ids=[entry.pk], actor=ALICE)
    with pytest.raises(EntryAlreadyMatched):
        match_lines(line_ids=[second.pk], entry_ids=[entry.pk], actor=ALICE)
    with pytest.raises(LineNotUnmatched):
        match_lines(line_ids=[first.pk], entry_ids=[entry.pk], actor=ALICE)
    elsewhere = post(JAN, "1110", "4100", "50.00")
    with pytest.raises(EntryNotOnBankAccount):
        match_lines(line_ids=[second.pk], entry_ids=[elsewhere.pk], actor=ALICE)
    with pytest.raises(InvalidInput):
        match_lines(line_ids=[second.pk], entry_ids=[], actor=ALICE)


def test_a_matched_entry_cannot_be_reversed_until_unmatched(
    bank: BankAccount, add_lines: AddLines, post: Post
) -> None:
    [line] = add_lines((JAN, "80.00", "Globex"))
    entry = post(JAN, "1120", "4100", "80.00")
    match_lines(line_ids=[line.pk], entry_ids=[entry.pk], actor=ALICE)
    with pytest.raises(EntryMatchedToBank):
        journal_entry_reverse(entry=entry, actor=ALICE)
    unmatch_line(line=line, actor=ALICE)
    journal_entry_reverse(entry=entry, actor=ALICE)
    entry.refresh_from_db()
    assert entry.status == JournalEntry.Status.REVERSED


def test_entry_from_a_line_with_tax_and_split(bank: BankAccount, add_lines: AddLines) -> None:
    [line] = add_lines((JAN, "-119.00", "Office World", "Order 77"))
    splits = [Split("6400", Decimal("108.88"), "NY-SALES"), Split("6500", Decimal("10.12"))]
    match = create_entry(line=line, splits=splits, actor=ALICE)
    entry = match.created_entry
    assert entry is not None and entry.status == JournalEntry.Status.POSTED
    rows = {(r.account.code, r.side): r.amount for r in entry.lines.select_related("account")}
    assert rows[("1120", "C")] == Decimal("119.00")
    assert rows[("6400", "D")] + rows[("2300", "D")] == Decimal("108.88")
    assert rows[("6500", "D")] == Decimal("10.12")


def test_splits_must_add_up_to_the_line(bank: BankAccount, add_lines: AddLines) -> None:
    [line] = add_lines((JAN, "-50.00", "Shop"))
    with pytest.raises(MatchAmountMismatch):
        create_entry(line=line, splits=[Split("6400", Decimal("49.00"))], actor=ALICE)
    assert JournalEntry.objects.count() == 0


def test_unmatch_reverses_the_booked_entry_and_rebooking_posts_anew(
    bank: BankAccount, add_lines: AddLines
) -> None:
    [line] = add_lines((JAN, "-20.00", "Bank", "Fee"))
    first = create_entry(line=line, splits=[Split("6500", Decimal("20.00"))], actor=ALICE).created_entry
    assert first is not None
    unmatch_line(line=line, actor=ALICE)
    first.refresh_from_db()
    assert first.status == JournalEntry.Status.REVERSED
    line.refresh_from_db()
    assert line.status == StatementLine.Status.UNMATCHED and line.rebook_count == 1
    second = create_entry(line=line, splits=[Split("6500", Decimal("20.00"))], actor=ALICE).created_entry
    assert second is not None and second.pk != first.pk
    balance = sum(
        (x.amount if x.side == "D" else -x.amount) for x in JournalLine.objects.filter(account__code="6500")
    )
    assert balance == Decimal("20.00")


def test_ignore_needs_a_reason_and_unmatch_undoes_it(bank: BankAccount, add_lines: AddLines) -> None:
    [line] = add_lines((JAN, "0.01", "Bank", "Test credit"))
    with pytest.raises(InvalidInput):
        ignore_line(line=line, reason="  ", actor=ALICE)
    ignore_line(line=line, reason="Verification deposit", actor=ALICE)
    line.refresh_from_db()
    assert line.status == StatementLine.Status.IGNORED
    unmatch_line(line=line, actor=ALICE)
    line.refresh_from_db()
    assert line.status == StatementLine.Status.UNMATCHED and line.ignore_reason == ""
