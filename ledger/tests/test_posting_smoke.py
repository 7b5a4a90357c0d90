from datetime import date

import pytest
from django.db import connections, transaction

from ledger.actor import Actor
from ledger.errors import UnbalancedEntry
from ledger.models import AccountBalance, JournalEntry
from ledger.seed import seed_tenant
from ledger.services.entries import journal_entry_create
from tenants.context import tenant_context
from tenants.testing import tenant_db

pytestmark = tenant_db
ME = Actor(1, "alice")


def test_smoke(acme):
    with tenant_context("acme"):
        seed_tenant(company=acme)
        e = journal_entry_create(
            date=date(2026, 3, 1),
            lines=[{"account": "1120", "debit": "100.00"}, {"account": "4100", "credit": "100.00"}],
            actor=ME,
            post=True,
        )
        assert e.number == 1 and len(e.hash) == 64
        e2 = journal_entry_create(
            date=date(2026, 3, 2),
            lines=[{"account": "1120", "debit": "5"}, {"account": "4100", "credit": "5"}],
            actor=ME,
            post=True,
        )
        assert e2.number == 2 and e2.prev_hash == e.hash
        assert AccountBalance.objects.count() == 4
        with pytest.raises(UnbalancedEntry):
            journal_entry_create(
                date=date(2026, 3, 2),
                lines=[{"account": "1120", "debit": "5"}, {"account": "4100", "credit": "4"}],
                actor=ME,
                post=True,
            )
        with pytest.raises(Exception) as info, transaction.atomic(using="tenant_acme"):
            with connections["tenant_acme"].cursor() as c:
                c.execute("UPDATE ledger_journalline SET amount = 1 WHERE entry_id = %s", [e.pk])
        assert "cannot be changed" in str(info.value)
        assert JournalEntry.objects.count() == 2
