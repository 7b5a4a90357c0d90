"""smoke_books: the write path exercised on real books, and nothing kept."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ledger.integrity import chain_problems, totals_problems
from ledger.models import Account, AuditEvent, JournalEntry
from ledger.seed import seed_tenant
from ledger.smoke import books_smoke_test
from tenants.routing.context import tenant_context
from tenants.testing import run_sql, tenant_db


def counts() -> tuple[int, int, int]:
    return Account.objects.count(), JournalEntry.objects.count(), AuditEvent.objects.count()


@tenant_db
def test_it_runs_every_step_and_leaves_the_books_as_they_were(books):
    before = counts()

    steps = books_smoke_test()

    assert steps == [
        "create accounts",
        "update and delete an account",
        "create, update and delete a draft entry",
        "post an entry",
        "reverse it and read the trial balance",
        "commit-time checks (balance, number, hash chain)",
    ]
    assert counts() == before
    assert not Account.objects.filter(code__startswith="SMOKE-").exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_command_reports_each_company_and_fails_for_broken_books(make_tenant):
    fine = make_tenant("smoke-fine")
    broken = make_tenant("smoke-broken")
    for company in (fine, broken):
        with tenant_context(company):
            seed_tenant(company=company)
    run_sql(broken, "ALTER TABLE ledger_journalline RENAME COLUMN description TO note")  # a bad deploy
    with tenant_context(fine):
        before = counts()
    out = StringIO()

    with pytest.raises(CommandError) as info:
        call_command("smoke_books", "smoke-fine", "smoke-broken", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "smoke-fine: ok (6 steps, rolled back)"
    assert lines[1].startswith("smoke-broken: FAILED ")
    assert "description" in lines[1]
    assert "ProgrammingError after 'create accounts'" in lines[1]  # the step it reached
    assert str(info.value) == "1 of 2 companies failed the smoke test; see above."
    with tenant_context(fine):
        assert counts() == before
        assert totals_problems() + chain_problems() == []


@pytest.mark.django_db
def test_an_unknown_company_is_a_failed_line_not_a_crash():
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("smoke_books", "nobody", stdout=out)

    assert out.getvalue().startswith("nobody: FAILED ")
