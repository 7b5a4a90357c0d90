"""Booking recurring entries: catch-up, once per date, draft or posted, failures recorded and
retried without holding back later dates, pause and resume, changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from common.errors import DomainError
from ledger.models import Account, JournalEntry
from ledger.services.entries import journal_entry_delete_draft
from ledger.services.periods import period_close, period_for, period_reopen
from recurring.models import Occurrence, RecurringEntry
from recurring.services import (
    RunResult,
    idempotency_key,
    recurring_create,
    recurring_pause,
    recurring_resume,
    recurring_run,
    recurring_run_due,
    recurring_update,
)

from .conftest import ALICE, rent_values

pytestmark = pytest.mark.django_db(databases="__all__")


def run(template: RecurringEntry, today: date) -> RunResult:
    return recurring_run(template=RecurringEntry.objects.get(pk=template.pk), actor=ALICE, today=today)


def booked_dates(template: RecurringEntry) -> list[date]:
    return sorted(o.date for o in template.occurrences.exclude(status="failed"))


def test_a_late_run_catches_up_every_missed_date_once(rent):
    result = run(rent, date(2026, 4, 15))

    assert [o.date for o in result.booked] == [
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]
    entries = JournalEntry.objects.filter(status="posted").order_by("date")
    assert [e.date for e in entries] == [o.date for o in result.booked]
    assert entries[0].memo == "Rent" and entries[0].idempotency_key == idempotency_key(
        rent.pk, date(2026, 1, 1)
    )
    assert sum(line.amount for e in entries for line in e.lines.filter(side="D")) == Decimal("6000.00")
    rent.refresh_from_db()
    assert rent.next_run == date(2026, 5, 1)


def test_a_repeated_run_books_nothing_more(rent):
    run(rent, date(2026, 3, 1))
    again = run(rent, date(2026, 3, 1))
    assert again.booked == [] and again.failed == []
    assert JournalEntry.objects.count() == 3


def test_the_idempotency_key_returns_the_booked_entry_if_an_occurrence_row_is_lost(rent):
    (first,) = run(rent, date(2026, 1, 1)).booked
    Occurrence.objects.filter(pk=first.pk).delete()
    RecurringEntry.objects.filter(pk=rent.pk).update(next_run=date(2026, 1, 1))
    (again,) = run(rent, date(2026, 1, 1)).booked
    assert again.entry_id == first.entry_id and JournalEntry.objects.count() == 1


def test_nothing_is_due_before_the_first_date(rent):
    assert run(rent, date(2025, 12, 31)).booked == []


def test_a_draft_template_leaves_drafts_and_a_deleted_draft_is_not_booked_again(books):
    template = recurring_create(actor=ALICE, **rent_values(post=False))
    result = run(template, date(2026, 2, 1))
    assert [o.status for o in result.booked] == ["draft", "draft"]
    assert set(JournalEntry.objects.values_list("status", flat=True)) == {"draft"}
    draft = result.booked[0].entry
    assert draft is not None
    journal_entry_delete_draft(entry=draft, actor=ALICE)
    assert run(template, date(2026, 2, 1)).booked == []
    assert Occurrence.objects.get(date=date(2026, 1, 1)).entry is None


def test_a_closed_period_fails_its_date_recorded_and_later_dates_still_book(rent):
    feb = period_for(date(2026, 2, 1))
    period_close(period=period_for(date(2026, 1, 1)), actor=ALICE)
    period_close(period=feb, actor=ALICE)
    period_reopen(period=period_for(date(2026, 1, 1)), actor=ALICE, reason="test")

    result = run(rent, date(2026, 3, 1))

    assert [o.date for o in result.booked] == [date(2026, 1, 1), date(2026, 3, 1)]
    (failed,) = result.failed
    assert (failed.date, failed.status, failed.error_code, failed.entry) == (
        date(2026, 2, 1),
        "failed",
        "period_closed",
        None,
    )
    assert "closed" in failed.error
    # The next run tries it again (and records the attempt) while the period stays closed...
    (again,) = run(rent, date(2026, 3, 1)).failed
    assert again.attempts == 2
    # ...and books it once the period is open.
    period_reopen(period=feb, actor=ALICE, reason="late rent")
    (booked,) = run(rent, date(2026, 3, 1)).booked
    assert booked.date == date(2026, 2, 1) and booked.status == "posted" and booked.error == ""
    assert JournalEntry.objects.count() == 3


def test_an_inactive_account_fails_clearly(rent):
    Account.objects.filter(code="6200").update(is_active=False)
    from ledger.services.reference import invalidate

    invalidate()
    (failed,) = run(rent, date(2026, 1, 1)).failed
    assert failed.error_code == "account_inactive" and "6200" in failed.error


def test_the_end_date_ends_the_template(books):
    template = recurring_create(actor=ALICE, **rent_values(end_date=date(2026, 2, 15)))
    run(template, date(2026, 6, 1))
    template.refresh_from_db()
    assert booked_dates(template) == [date(2026, 1, 1), date(2026, 2, 1)] and template.next_run is None


def test_month_end_depreciation_books_on_each_last_day(books):
    template = recurring_create(
        actor=ALICE,
        **rent_values(
            name="Depreciation",
            day=31,
            lines=[
                {"account": "6200", "debit": "100"},
                {"account": "1120", "credit": "100"},
            ],
        ),
    )
    run(template, date(2026, 4, 30))
    assert booked_dates(template) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]


def test_a_paused_template_books_nothing_and_resumes_from_today(rent):
    recurring_pause(template=rent, actor=ALICE)
    assert recurring_run_due(actor=ALICE, today=date(2026, 3, 15)) == []
    resumed = recurring_resume(template=rent, actor=ALICE, today=date(2026, 3, 15))
    assert resumed.next_run == date(2026, 4, 1)
    recurring_run_due(actor=ALICE, today=date(2026, 4, 1))
    assert booked_dates(rent) == [date(2026, 4, 1)]


def test_a_change_applies_to_the_dates_not_booked_yet(rent):
    run(rent, date(2026, 1, 1))
    changed = recurring_update(template=rent, actor=ALICE, lines=[
        {"account": "6200", "debit": "1600.00"}, {"account": "1120", "credit": "1600.00"},
    ])  # fmt: skip
    assert changed.next_run == date(2026, 2, 1)
    run(rent, date(2026, 2, 1))
    amounts = [e.lines.get(side="D").amount for e in JournalEntry.objects.order_by("date")]
    assert amounts == [Decimal("1500.00"), Decimal("1600.00")]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        (
            {"lines": [{"account": "6200", "debit": "10"}, {"account": "1120", "credit": "9"}]},
            "unbalanced_entry",
        ),
        (
            {"lines": [{"account": "9999", "debit": "10"}, {"account": "1120", "credit": "10"}]},
            "unknown_account",
        ),
        (
            {"lines": [{"account": "6200", "debit": 10.5}, {"account": "1120", "credit": 10.5}]},
            "float_amount",
        ),
        ({"lines": [{"account": "6200", "debit": "10"}]}, "too_few_lines"),
        ({"end_date": date(2025, 1, 1)}, "invalid_schedule"),
        ({"start_date": date(2026, 2, 2), "end_date": date(2026, 2, 28)}, "invalid_schedule"),
    ],
)
def test_a_template_the_ledger_would_refuse_is_refused_when_saved(books, changes, code):
    with pytest.raises(DomainError) as refused:
        recurring_create(actor=ALICE, **rent_values(**changes))
    assert refused.value.code == code
    assert not RecurringEntry.objects.exists()


def test_run_due_runs_only_what_is_due(rent, books):
    later = recurring_create(actor=ALICE, **rent_values(name="Later", start_date=date(2026, 6, 1)))
    results = recurring_run_due(actor=ALICE, today=date(2026, 1, 1))
    assert [r.template.pk for r in results] == [rent.pk]
    assert not later.occurrences.exists()
