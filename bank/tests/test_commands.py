"""import_statement and auto_match: one summary line, one readable line on failure."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bank.models import BankAccount, StatementLine
from bank.services.accounts import bank_account_create
from common.models import Company
from ledger.tests.conftest import ALICE

pytestmark = pytest.mark.django_db(databases="__all__")
SAMPLE = Path(__file__).resolve().parent.parent / "formats" / "samples" / "camt053_v08_sample.xml"


@pytest.fixture
def eur(books: Company) -> BankAccount:
    return bank_account_create(
        account="1140", name="Euro account", iban="DE89370400440532013000", currency="EUR", actor=ALICE
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_import_then_again_then_auto_match(eur: BankAccount, tmp_path: Path) -> None:
    first = run("import_statement", "acme", str(SAMPLE), "--bank-account", "1140")
    lines = StatementLine.objects.count()
    assert first.startswith("acme 1140:") and f"{lines} imported, 0 duplicates skipped" in first
    again = run("import_statement", "acme", str(SAMPLE))  # the only bank account
    assert f"0 imported, {lines} duplicates skipped" in again
    assert StatementLine.objects.count() == lines
    summary = run("auto_match", "acme", "--dry-run")
    assert summary.startswith(f"acme 1140: {lines} unmatched lines: would match 0")


def test_failures_are_one_line(eur: BankAccount, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes(SAMPLE.read_bytes()[:500])
    with pytest.raises(CommandError) as refused:
        run("import_statement", "acme", str(broken))
    assert "\n" not in str(refused.value)
    with pytest.raises(CommandError, match="No such file"):
        run("import_statement", "acme", str(tmp_path / "missing.xml"))
    with pytest.raises(CommandError, match="No active bank account"):
        run("import_statement", "acme", str(SAMPLE), "--bank-account", "9999")
    assert StatementLine.objects.count() == 0
