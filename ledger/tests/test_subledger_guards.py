"""Control accounts and filed tax codes: the service explains, PostgreSQL refuses the same.

Receivables and payables equal their open documents only if nothing else posts to them; a tax
return, once filed, stays true only if nothing more is dated in its period with its codes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from common.errors import DomainError
from common.models import Company
from ledger.models import Account, JournalEntry, TaxCode
from ledger.services.entries import journal_entry_create, journal_entry_post, journal_entry_reverse
from ledger.services.periods import period_for
from tenants.testing import tenant_db

from .conftest import ALICE
from .test_invariants import attack, new_entry, new_line, snapshot

pytestmark = tenant_db

DAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def fiscal_year(books: Company) -> None:
    """2026's periods up front, so that building an attack's statements writes nothing."""
    period_for(DAY)


@pytest.fixture
def receivables(books: Company) -> Account:
    account = Account.objects.get(code="1200")
    account.is_control = True
    account.save(update_fields=["is_control"])
    return account


def sale(**kwargs: Any) -> JournalEntry:
    return journal_entry_create(
        date=DAY,
        lines=[{"account": "1200", "debit": "120.00"}, {"account": "4100", "credit": "120.00"}],
        actor=ALICE,
        post=True,
        **kwargs,
    )


def test_a_hand_entry_on_a_control_account_is_refused_with_the_line_named(receivables):
    with pytest.raises(DomainError) as info:
        sale()
    assert info.value.code == "control_account"
    assert "account" in info.value.fields["lines"]["0"]
    assert not JournalEntry.objects.exists()


def test_a_hand_draft_on_a_control_account_is_refused_too(receivables):
    with pytest.raises(DomainError) as info:
        journal_entry_create(
            date=DAY,
            lines=[{"account": "1200", "debit": "1.00"}, {"account": "4100", "credit": "1.00"}],
            actor=ALICE,
        )
    assert info.value.code == "control_account"


def test_a_subledger_posts_to_a_control_account(receivables):
    entry = sale(source="sales")
    assert entry.source == "sales" and entry.number == 1


def test_raw_sql_cannot_post_a_hand_entry_on_a_control_account(receivables):
    before = snapshot()
    code = attack(new_entry(), new_line(1, "1200", "D", "5.00"), new_line(2, "4100", "C", "5.00"))
    assert code == "control_account"
    assert snapshot() == before


def test_raw_sql_cannot_post_a_hand_draft_that_touches_a_control_account(books):
    draft = journal_entry_create(
        date=DAY,
        lines=[{"account": "1200", "debit": "1.00"}, {"account": "4100", "credit": "1.00"}],
        actor=ALICE,
    )
    Account.objects.filter(code="1200").update(is_control=True)
    code = attack(("UPDATE ledger_journalentry SET status = 'posted' WHERE id = %s", [draft.pk]))
    assert code == "control_account"
    with pytest.raises(DomainError) as info:
        journal_entry_post(entry=draft, actor=ALICE)
    assert info.value.code == "control_account"


def test_only_the_subledger_that_wrote_an_entry_reverses_it(receivables):
    entry = sale(source="sales")
    with pytest.raises(DomainError) as info:
        journal_entry_reverse(entry=entry, actor=ALICE)
    assert info.value.code == "entry_immutable"
    reversal = journal_entry_reverse(entry=entry, actor=ALICE, source="sales")
    assert reversal.source == "sales"


@pytest.fixture
def filed(books: Company) -> TaxCode:
    code = TaxCode.objects.get(code="NY-SALES")
    code.filed_through = date(2026, 3, 31)
    code.save(update_fields=["filed_through"])
    return code


def taxed(day: date, *, post: bool = True) -> JournalEntry:
    return journal_entry_create(
        date=day,
        lines=[
            {"account": "1120", "debit": "8.00"},
            {"account": "2300", "credit": "8.00", "tax_code": "NY-SALES"},
        ],
        actor=ALICE,
        post=post,
    )


def test_a_line_with_a_filed_tax_code_in_the_filed_period_is_refused(filed):
    with pytest.raises(DomainError) as info:
        taxed(DAY)
    assert info.value.code == "tax_period_filed"
    assert info.value.status_code == 409


def test_a_correction_after_the_filed_period_posts(filed):
    assert taxed(date(2026, 4, 1)).number == 1


def test_a_draft_in_the_filed_period_waits_but_cannot_be_posted(filed):
    draft = taxed(DAY, post=False)
    with pytest.raises(DomainError) as info:
        journal_entry_post(entry=draft, actor=ALICE)
    assert info.value.code == "tax_period_filed"


def test_raw_sql_cannot_post_a_line_with_a_filed_tax_code(filed):
    before = snapshot()
    tax_line = new_line(2, "2300", "C", "3.00")
    sql = tax_line[0].replace("description)", "description, tax_code_id)").replace("'')", "'', %s)")
    code = attack(new_entry(), new_line(1, "1120", "D", "3.00"), (sql, [*tax_line[1], filed.pk]))
    assert code == "tax_period_filed"
    assert snapshot() == before
