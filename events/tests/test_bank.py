"""A bank statement import writes statement.imported (once: a file imported again writes nothing)."""

from __future__ import annotations

import pytest

from bank.models import BankAccount
from bank.services.imports import import_statement
from bank.tests.test_api import CAMT, eur  # noqa: F401  (fixture)
from events.outbox import events_after
from ledger.tests.conftest import ALICE, books  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(databases="__all__")


def test_an_imported_statement_writes_its_event_once(eur: BankAccount) -> None:  # noqa: F811
    result = import_statement(bank_account=eur, data=CAMT, actor=ALICE)
    import_statement(bank_account=eur, data=CAMT, actor=ALICE)
    [event] = [e for e in events_after(0, limit=100) if e.type == "statement.imported"]
    statement = result.statements[0]
    assert event.payload["id"] == statement.pk and event.payload["bank_account"] == eur.pk
    assert event.payload["added"] == result.added > 0
