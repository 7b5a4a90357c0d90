"""Account codes as other ledgers write them: colon paths, Unicode, spaces inside, up to 200 characters.

The rule lives in ledger.codes and, the same pattern, in PostgreSQL's CHECK account_code_format:
the service refuses a bad code with `invalid_account_code`, raw SQL with a check violation.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.db import DataError, IntegrityError, connections, transaction

from ledger import codes
from ledger.codes import InvalidAccountCode, account_code_problem, parent_codes
from ledger.models import Account, AuditEvent
from ledger.services.accounts import account_create, account_ensure_parents
from tenants.testing import tenant_db

from .conftest import ACME_ALIAS, ALICE

pytestmark = tenant_db

GOOD = [
    "4777",
    "1777.1",
    "CASH-EUR",
    "Assets:US:BofA:Checking",
    "Expenses:Bank Service Charge",
    "Aktiva:Girokonto Sparkasse Köln",
    "Активы:Банк",
    "資産:普通預金",
    "Liabilities:Credit Card (Visa) & Co.",
    "Income:2026",
    "A:" + "x" * 198,
]
BAD = [
    "",
    ":Assets",
    "Assets:",
    "Assets::Bank",
    " Assets",
    "Assets ",
    "Assets: Bank",
    "Assets :Bank",
    "Assets/Bank",
    "Assets\tBank",
    "Assets\nBank",
    "Assets\u00a0Bank",
    "Assets\u200bBank",
    "Assets\x7fBank",
    "Assets\x00Bank",
    "x" * 201,
]


def insert_raw(code: str) -> None:
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_account (code, name, type, is_active, is_control, created_at) "
            "VALUES (%s, 'raw', 'asset', true, false, now())",
            [code],
        )


@pytest.mark.parametrize("code", GOOD)
def test_the_rule_accepts_other_ledgers_names_and_todays_codes(code: str) -> None:
    assert account_code_problem(code) is None


@pytest.mark.parametrize("code", BAD)
def test_the_rule_says_why_a_code_is_refused(code: str) -> None:
    assert account_code_problem(code)


@pytest.mark.parametrize("code", GOOD)
def test_the_service_keeps_a_good_code_exactly(books: object, code: str) -> None:
    account = account_create(code=code, name="N", type="asset", actor=ALICE)

    account.refresh_from_db()
    assert account.code == code


@pytest.mark.parametrize("code", BAD)
def test_the_service_refuses_a_bad_code_and_writes_nothing(books: object, code: str) -> None:
    before = Account.objects.count()

    with pytest.raises(InvalidAccountCode) as refused:
        account_create(code=code, name="N", type="asset", actor=ALICE)

    assert refused.value.code == "invalid_account_code" and refused.value.fields["code"]
    assert Account.objects.count() == before


@pytest.mark.parametrize("code", GOOD)
def test_postgresql_takes_a_good_code_from_raw_sql(books: object, code: str) -> None:
    insert_raw(code)

    assert Account.objects.filter(code=code).exists()


@pytest.mark.parametrize("code", BAD)
def test_postgresql_refuses_a_bad_code_from_raw_sql(books: object, code: str) -> None:
    with pytest.raises((IntegrityError, DataError)), transaction.atomic(using=ACME_ALIAS):
        insert_raw(code)

    assert not Account.objects.filter(name="raw").exists()


def test_the_check_holds_for_existing_rows_of_a_migrated_company(books: object) -> None:
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute(
            "SELECT convalidated FROM pg_constraint WHERE conname = 'account_code_format' "
            "AND conrelid = 'ledger_account'::regclass"
        )
        assert cursor.fetchone() == (True,)


def test_the_migration_keeps_a_company_whose_old_codes_break_the_rule(books: object) -> None:
    """A code made by hand before 0010 (a slash) does not stop the migration: the constraint is
    left unvalidated, the row stays, and new rows are checked all the same."""
    sql = (Path(codes.__file__).parent / "sql" / "0010_account_code_format.sql").read_text(encoding="utf-8")
    with connections[ACME_ALIAS].cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the seeding's deferred checks, done now
        cursor.execute("ALTER TABLE ledger_account DROP CONSTRAINT account_code_format")
        insert_raw("Old/Code")

        cursor.execute(sql)

        cursor.execute("SELECT convalidated FROM pg_constraint WHERE conname = 'account_code_format'")
        assert cursor.fetchone() == (False,)
    assert Account.objects.filter(code="Old/Code").exists()
    with pytest.raises(IntegrityError), transaction.atomic(using=ACME_ALIAS):
        insert_raw("New/Code")


def test_the_migration_and_its_sql_hold_the_rule_of_ledger_codes() -> None:
    migration = importlib.import_module("ledger.migrations.0010_account_code_format")
    sql = (Path(codes.__file__).parent / "sql" / "0010_account_code_format.sql").read_text(encoding="utf-8")

    assert migration.PATTERN == codes.PATTERN
    assert f"code ~ '{codes.PATTERN}'" in sql


def test_parent_codes_are_the_paths_prefixes() -> None:
    assert parent_codes("Assets:US:BofA:Checking") == ["Assets", "Assets:US", "Assets:US:BofA"]
    assert parent_codes("4100") == []


def test_ensure_parents_creates_the_missing_ancestors_once(books: object) -> None:
    account_create(code="Assets", name="Assets", type="asset", actor=ALICE)

    above = account_ensure_parents(code="Assets:US:BofA:Checking", type="asset", actor=ALICE)
    again = account_ensure_parents(code="Assets:US:BofA:Savings", type="asset", actor=ALICE)

    assert above is not None and above.code == "Assets:US:BofA" and above.name == "BofA"
    assert again == above
    us = Account.objects.get(code="Assets:US")
    assert us.parent is not None and us.parent.code == "Assets" and us.type == "asset"
    assert above.parent == us
    assert AuditEvent.objects.filter(object_type="account", action="create").count() == 3


def test_a_code_without_a_colon_has_no_parents_to_ensure(books: object) -> None:
    assert account_ensure_parents(code="4100", type="income", actor=ALICE) is None


def test_create_parents_puts_a_colon_code_under_its_path(books: object) -> None:
    account = account_create(
        code="Expenses:Auto:Gas", name="Gas", type="expense", actor=ALICE, create_parents=True
    )

    assert account.parent is not None and account.parent.code == "Expenses:Auto"
    assert account.parent.parent is not None and account.parent.parent.code == "Expenses"
    assert account.parent.parent.parent is None


def test_without_create_parents_a_colon_code_stays_top_level(books: object) -> None:
    account = account_create(code="Expenses:Auto:Gas", name="Gas", type="expense", actor=ALICE)

    assert account.parent is None
    assert not Account.objects.filter(code="Expenses:Auto").exists()
