"""manage.py run_recurring: books what is due, safe to run again, one readable line on error."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from ledger.models import JournalEntry
from ledger.services.periods import period_close, period_for

from .conftest import ALICE

pytestmark = pytest.mark.django_db(databases="__all__")


def run_recurring(*args: str) -> str:
    out = io.StringIO()
    call_command("run_recurring", *args, stdout=out)
    return out.getvalue()


def test_it_books_what_is_due_and_a_second_run_books_nothing(rent):
    assert run_recurring("acme", "--date", "2026-03-10") == "acme: 3 booked\n"
    assert run_recurring("--all", "--date", "2026-03-10") == "acme: 0 booked\n"
    assert JournalEntry.objects.count() == 3


def test_a_failed_date_exits_non_zero_with_one_line_naming_it(rent):
    period_close(period=period_for(date(2026, 1, 1)), actor=ALICE)
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("run_recurring", "acme", "--date", "2026-02-01", stdout=out)
    assert str(failed.value) == "1 of 1 companies had recurring entries that failed."
    assert out.getvalue().splitlines() == [
        "acme: 1 booked, 1 failed",
        "  Rent 2026-01-01: Period 2026-01 is closed.",
    ]


@pytest.mark.parametrize("args", [(), ("acme", "--all")])
def test_it_needs_companies_or_all(books, args):
    with pytest.raises(CommandError) as refused:
        call_command("run_recurring", *args)
    assert str(refused.value) == "Name the companies to run, or --all (not both)."


def test_an_unknown_company_fails_with_one_line(books):
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 companies"):
        call_command("run_recurring", "nope", stdout=out)
    assert out.getvalue().startswith("nope: FAILED ")


def test_a_date_that_is_not_a_day_fails_with_one_line(books):
    with pytest.raises(CommandError) as refused:
        call_command("run_recurring", "acme", "--date", "2026-02-30")
    assert str(refused.value) == "--date '2026-02-30' is not a day: use YYYY-MM-DD."
