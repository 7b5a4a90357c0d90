"""Two runs at once (a cron run and a "run now"): each date is booked once."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connections

from ledger.integrity import chain_problems, totals_problems
from ledger.models import JournalEntry
from ledger.tests.test_concurrency import all_at_once
from recurring.models import Occurrence, RecurringEntry
from recurring.services import recurring_create, recurring_run_due
from tenants.routing.context import tenant_context

from .conftest import ALICE, rent_values

pytestmark = pytest.mark.slow  # threads racing on one company


def test_two_concurrent_runs_book_each_date_once(race):
    with tenant_context(race):
        recurring_create(actor=ALICE, **rent_values())
        recurring_create(actor=ALICE, **rent_values(name="Cleaning", day=31))
        connections.close_all()

    results = all_at_once(race, lambda i: recurring_run_due(actor=ALICE, today=date(2026, 6, 30)), threads=2)

    booked = [len(r.booked) for result in results if isinstance(result, list) for r in result]
    assert sum(booked) == 12, results
    with tenant_context(race):
        assert JournalEntry.objects.filter(status="posted").count() == 12
        assert Occurrence.objects.filter(status="posted").count() == 12
        assert list(RecurringEntry.objects.values_list("next_run", flat=True).order_by("name")) == [
            date(2026, 7, 31), date(2026, 7, 1),
        ]  # fmt: skip
        assert totals_problems() == chain_problems() == []
        connections.close_all()
