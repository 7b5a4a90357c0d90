"""Auto-match: clear exact matches first, then rules; doubtful lines are left for a person; a
dry run writes nothing; running it twice never books twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bank.errors import InvalidRule
from bank.models import BankAccount, BankRule, Match, StatementLine
from bank.services.automatch import auto_match
from bank.services.rules import fits, rule_create, rule_from_line, rule_update
from ledger.models import JournalEntry
from ledger.tests.conftest import ALICE

from .conftest import AddLines, Post

pytestmark = pytest.mark.django_db(databases="__all__")
JAN = date(2026, 1, 10)


def _status(line: StatementLine) -> str:
    line.refresh_from_db()
    return line.status


def test_single_candidates_match_and_ambiguous_ones_wait(
    bank: BankAccount, add_lines: AddLines, post: Post
) -> None:
    clear, twin_a, twin_b = add_lines(
        (JAN, "1234.56", "Globex", "INV-7"), (JAN, "75.00", "Coffee"), (JAN, "75.00", "Coffee")
    )
    entry = post(date(2026, 1, 9), "1120", "4100", "1234.56", reference="INV-7")
    post(JAN, "6700", "1120", "75.00")  # one entry, two identical lines: a person decides
    post(JAN, "6700", "1120", "75.00")
    result = auto_match(bank_account=bank, actor=ALICE)
    assert result.matched == 1 and result.lines == 3
    assert _status(clear) == "matched"
    assert clear.match is not None and clear.match.entries.get().entry_id == entry.pk
    assert _status(twin_a) == _status(twin_b) == "unmatched"


def test_the_reference_decides_between_candidates(bank: BankAccount, add_lines: AddLines, post: Post) -> None:
    [line] = add_lines((JAN, "500.00", "Initech", "Payment INV-2002 thanks"))
    post(date(2026, 1, 9), "1120", "4100", "500.00", reference="INV-2001", memo="Initech")
    right = post(date(2026, 1, 7), "1120", "4100", "500.00", reference="INV-2002", memo="Initech")
    assert auto_match(bank_account=bank, actor=ALICE).matched == 1
    line.refresh_from_db()
    assert line.match is not None and line.match.entries.get().entry_id == right.pk


def test_rules_book_what_the_books_lack_and_twice_books_once(bank: BankAccount, add_lines: AddLines) -> None:
    fee, interest, other = add_lines(
        (date(2026, 1, 31), "-12.50", "", "Account maintenance fee"),
        (date(2026, 1, 31), "3.10", "", "Interest"),
        (date(2026, 1, 20), "-40.00", "Unknown shop"),
    )
    rule_create(actor=ALICE, pattern="maintenance fee", counter_account="6500", direction="out")
    rule_create(actor=ALICE, pattern="interest", field="reference", counter_account="4900", direction="in")
    dry = auto_match(bank_account=bank, actor=ALICE, dry_run=True)
    assert dry.booked == 2 and JournalEntry.objects.count() == 0 and Match.objects.count() == 0
    result = auto_match(bank_account=bank, actor=ALICE)
    assert (result.booked, result.left) == (2, 1)
    assert _status(fee) == _status(interest) == "matched" and _status(other) == "unmatched"
    again = auto_match(bank_account=bank, actor=ALICE)
    assert again.booked == 0 and JournalEntry.objects.count() == 2


def test_a_rule_never_books_twice_even_if_the_match_is_lost(bank: BankAccount, add_lines: AddLines) -> None:
    [fee] = add_lines((date(2026, 1, 31), "-9.00", "", "Card fee"))
    rule_create(actor=ALICE, pattern="card fee", counter_account="6500")
    auto_match(bank_account=bank, actor=ALICE)
    # A crash between posting and matching leaves the entry without its match: the retry replays.
    match = Match.objects.get()
    StatementLine.objects.filter(pk=fee.pk).update(status="unmatched", match=None)
    match.entries.all().delete()
    Match.objects.filter(pk=match.pk).update(created_entry=None)
    auto_match(bank_account=bank, actor=ALICE)
    assert JournalEntry.objects.count() == 1


def test_rule_conditions(bank: BankAccount, add_lines: AddLines) -> None:
    line_in, line_out = add_lines(
        (JAN, "250.00", "ACME GmbH", "RE 4711"), (JAN, "-250.00", "ACME GmbH", "RE 4712")
    )
    rule = rule_create(
        actor=ALICE,
        pattern=r"^acme\s+gmbh$",
        operator="regex",
        field="counterparty",
        counter_account="4100",
        direction="in",
        min_amount=Decimal("100"),
        max_amount=Decimal("300"),
    )
    assert fits(rule, line_in) and not fits(rule, line_out)
    rule = rule_update(rule=rule, actor=ALICE, max_amount=Decimal("200"))
    assert not fits(rule, line_in)
    with pytest.raises(InvalidRule):
        rule_create(actor=ALICE, pattern="(", operator="regex", counter_account="4100")
    with pytest.raises(InvalidRule):
        rule_create(
            actor=ALICE, pattern="x", counter_account="4100", memo_template="{counterparty.__class__}"
        )
    with pytest.raises(InvalidRule):
        rule_create(actor=ALICE, pattern="x", counter_account="1000")  # not a leaf
    made = rule_from_line(line=line_out, counter_account="6400", actor=ALICE)
    assert (made.field, made.pattern, made.direction) == ("counterparty", "ACME GmbH", "out")
    assert fits(made, line_out) and BankRule.objects.count() == 2
