"""The reconciliation report: every cent of the difference is explained by its lists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bank.errors import StatementNotReconcilable
from bank.models import BankAccount, Statement
from bank.reconciliation import report
from bank.services.matching import ignore_line, match_lines
from bank.services.statements import mark_reconciled
from ledger.tests.conftest import ALICE

from .conftest import AddLines, Post

pytestmark = pytest.mark.django_db(databases="__all__")


def test_the_difference_is_fully_explained(bank: BankAccount, add_lines: AddLines, post: Post) -> None:
    post(date(2025, 12, 20), "1120", "3100", "5000.00")  # before the first statement
    Statement.objects.all().delete()
    lines = add_lines(
        (date(2026, 1, 5), "1000.00", "Globex"),
        (date(2026, 1, 6), "-30.00", "Bank", "Fee"),
        (date(2026, 1, 7), "0.01", "Bank", "Test"),
        (date(2026, 1, 31), "200.00", "Late"),
    )
    Statement.objects.update(opening_balance=Decimal("4990.00"), period_start=date(2026, 1, 1))
    matched = post(date(2026, 1, 4), "1120", "4100", "1000.00")
    post(date(2026, 1, 15), "6200", "1120", "700.00")  # a cheque not cashed yet
    late = post(date(2026, 2, 2), "1120", "4100", "200.00")  # booked after the day
    match_lines(line_ids=[lines[0].pk], entry_ids=[matched.pk], actor=ALICE)
    match_lines(line_ids=[lines[3].pk], entry_ids=[late.pk], actor=ALICE)
    ignore_line(line=lines[2], reason="verification", actor=ALICE)
    rep = report(bank, date(2026, 1, 31))
    assert rep.statement_balance == Decimal("4990.00") + Decimal("1170.01")
    assert rep.book_balance == Decimal("5000.00") + Decimal("1000.00") - Decimal("700.00")
    assert [line.pk for line in rep.unmatched] == [lines[1].pk]
    assert [e.pk for e, _ in rep.uncovered][-1] != late.pk
    assert rep.uncovered_total == Decimal("-700.00")
    assert rep.opening_difference == Decimal("-10.00")
    assert rep.timing == Decimal("200.00")
    assert rep.explained == rep.difference


def test_a_statement_is_reconciled_only_when_every_line_is_settled(
    bank: BankAccount, add_lines: AddLines, post: Post
) -> None:
    [line] = add_lines((date(2026, 1, 5), "10.00", "X"))
    statement = line.statement
    with pytest.raises(StatementNotReconcilable):
        mark_reconciled(statement=statement, actor=ALICE)
    ignore_line(line=line, reason="interest correction", actor=ALICE)
    assert mark_reconciled(statement=statement, actor=ALICE).reconciled_at is not None
    assert report(bank, date(2026, 1, 31)).reconciled_to == statement.period_end
