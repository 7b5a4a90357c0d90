"""Edge cases of corrections: closed years in reports, reversals after deactivation, request
equivalence for idempotency, and rate precision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connections, transaction

from ledger.errors import InvalidAmount, from_database_error
from ledger.models import Account, FiscalYear, JournalEntry
from ledger.reports import income_statement
from ledger.services.accounts import account_deactivate
from ledger.services.closing import fiscal_year_close
from ledger.services.entries import journal_entry_create, journal_entry_reverse
from ledger.services.rates import exchange_rate_set
from tenants.testing import tenant_db

from .conftest import ACME_ALIAS, ALICE
from .factories import EntryFactory, PostedEntryFactory

pytestmark = tenant_db


def test_a_closed_year_still_shows_its_result_in_the_income_statement(books, post):
    post(date(2026, 2, 1), "1120", "4100", "900.00")
    post(date(2026, 3, 1), "6200", "1120", "300.00")
    fiscal_year_close(year=FiscalYear.objects.get(start_date=date(2026, 1, 1)), actor=ALICE)

    report = income_statement(date(2026, 1, 1), date(2026, 12, 31))

    assert report.totals["net_income"] == Decimal("600.00")
    assert {row.code: row.balance for row in report.rows} == {
        "4100": Decimal("900.00"),
        "6200": Decimal("300.00"),
    }


def test_an_entry_on_an_account_deactivated_since_can_still_be_reversed(books, post):
    entry = post(date(2026, 4, 1), "6400", "1120", "42.00")
    account_deactivate(account=Account.objects.get(code="6400"), actor=ALICE)

    reversal = journal_entry_reverse(entry=entry, actor=ALICE)

    assert reversal.status == JournalEntry.Status.POSTED
    entry.refresh_from_db()
    assert entry.status == JournalEntry.Status.REVERSED


def test_the_same_amount_written_differently_replays_the_same_idempotent_request(books):
    def create(amount: str) -> JournalEntry:
        return PostedEntryFactory.create(
            date=date(2026, 5, 1),
            amount=amount,
            idempotency_key="same-amount",
        )

    first = create("100")

    assert create("100.00").pk == first.pk
    assert JournalEntry.objects.count() == 1


def test_an_exchange_rate_finer_than_ten_decimals_is_refused_not_rounded(books):
    with pytest.raises(InvalidAmount) as info:
        exchange_rate_set(currency="EUR", day=date(2026, 1, 5), rate="1.12345678901", actor=ALICE)
    assert info.value.code == "invalid_amount"

    with pytest.raises(InvalidAmount):
        journal_entry_create(
            date=date(2026, 1, 5),
            lines=[
                {"account": "1140", "debit": "10.00", "currency": "EUR", "exchange_rate": "1.00000000001"},
                {"account": "3900", "credit": "10.00", "currency": "EUR", "exchange_rate": "1.00000000001"},
            ],
            actor=ALICE,
        )


def test_the_database_refuses_a_base_currency_line_whose_base_amount_differs(books, post):
    entry = EntryFactory.create(date=date(2026, 6, 1))
    with (
        pytest.raises(DatabaseError) as info,
        transaction.atomic(using=ACME_ALIAS),
        connections[ACME_ALIAS].cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO ledger_journalline (entry_id, line_no, account_id, side, amount, currency_id,"
            " exchange_rate, base_amount, description)"
            " SELECT %s, 3, id, 'D', 5, 'USD', 1, 50, '' FROM ledger_account WHERE code = '6400'",
            [entry.pk],
        )
    error = from_database_error(info.value)
    assert error is not None and error.code == "amount_precision"


def test_an_account_the_settings_point_at_cannot_be_deleted(books):
    from ledger.errors import AccountInUse
    from ledger.services.accounts import account_delete

    with pytest.raises(AccountInUse):
        account_delete(account=Account.objects.get(code="3200"), actor=ALICE)  # retained earnings
    assert Account.objects.filter(code="3200").exists()


def test_an_account_cannot_be_moved_below_its_own_child(books):
    from ledger.errors import AccountInUse
    from ledger.services.accounts import account_update

    with pytest.raises(AccountInUse) as info:
        account_update(account=Account.objects.get(code="1100"), actor=ALICE, parent="1120")
    assert info.value.fields == {"parent": ["Would make a loop."]}
    assert Account.objects.get(code="1100").parent.code == "1000"  # type: ignore[union-attr]


def test_editing_and_deleting_a_draft_leave_audit_events(books):
    from ledger.models import AuditEvent
    from ledger.services.entries import journal_entry_delete_draft, journal_entry_update_draft

    lines = [{"account": "1120", "debit": "5.00"}, {"account": "4100", "credit": "5.00"}]
    draft = journal_entry_create(date=date(2026, 7, 1), lines=lines, actor=ALICE)
    journal_entry_update_draft(entry=draft, actor=ALICE, date=date(2026, 7, 2), lines=lines)
    journal_entry_delete_draft(entry=draft, actor=ALICE)

    actions = list(AuditEvent.objects.filter(object_id=str(draft.pk)).values_list("action", flat=True))
    assert {"update", "delete"} <= set(actions)
    assert not JournalEntry.objects.filter(pk=draft.pk).exists()
