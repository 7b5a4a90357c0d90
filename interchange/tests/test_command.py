"""manage.py import_books: one readable line and exit 1 on bad input; safe to run again."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ledger.models import JournalEntry
from tenants.testing import tenant_db

from .test_readers import BEANCOUNT, write
from .test_service import JOURNAL


@tenant_db
def test_the_command_imports_a_beancount_file_and_prints_the_balances_side_by_side(books, tmp_path):
    path = write(tmp_path, "books.beancount", BEANCOUNT)
    out = StringIO()

    call_command("import_books", "acme", str(path), "--from", "beancount", stdout=out)

    text = out.getvalue()
    assert text.startswith("acme: 4 transaction(s) read: 3 entries imported, 0 already there, 1 left out;")
    assert "Assets:Bank     USD            786.66            786.66" in text
    assert text.rstrip().endswith("Balances equal the source's.")
    again = StringIO()
    call_command("import_books", "acme", str(path), "--from", "beancount", stdout=again)
    assert "0 entries imported, 3 already there" in again.getvalue() and JournalEntry.objects.count() == 3


@tenant_db
def test_a_failed_assertion_makes_the_command_exit_non_zero(books, tmp_path):
    path = write(tmp_path, "books.journal", JOURNAL.replace("= 97.00 EUR", "= 90.00 EUR"))

    with pytest.raises(CommandError, match=r"imported, but 1 balance assertion\(s\) failed and 0 balance"):
        call_command("import_books", "acme", str(path), "--from", "ledger", stdout=StringIO())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "quicken"], "--from must be one of beancount, ledger, gnucash"),
        (["--from", "ledger", "--batch-size", "0"], "--batch-size must be at least 1"),
    ],
)
def test_bad_options_exit_with_one_line(tmp_path, args, message):
    path = write(tmp_path, "x.journal", "")

    with pytest.raises(CommandError, match=message):
        call_command("import_books", "acme", str(path), *args)


@tenant_db
def test_an_unreadable_file_exits_with_its_line(books, tmp_path):
    path = write(tmp_path, "bad.journal", "2024-01-02 x\n    Assets:Bank  $5\n    Equity:Opening  $-4\n")

    refused = r"^bad.journal:1: the transaction does not balance \(off by 1 USD\)$"
    with pytest.raises(CommandError, match=refused):
        call_command("import_books", "acme", str(path), "--from", "ledger")
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_books", "acme", str(tmp_path / "missing.journal"), "--from", "ledger")
