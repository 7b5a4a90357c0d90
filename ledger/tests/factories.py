"""factory_boy factories for a company's books. Use them inside `tenant_context()`: they write to
the current company's database.

Entries go through the posting service, never row by row: the balance, numbering and hash chain
are kept by the service and the database, so a factory that wrote rows itself would test books no
user could have.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

import factory
from django.db import models

from ledger.actor import Actor
from ledger.models import Account, JournalEntry
from ledger.services.entries import journal_entry_create

ALICE = Actor(1, "alice")
DAY = date(2026, 3, 10)

M = TypeVar("M", bound=models.Model)


class TenantModelFactory(factory.django.DjangoModelFactory[M]):
    """Writes through the model's manager unpinned, so the router sends it to the current company
    (DjangoModelFactory pins the `default` database)."""

    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class: type[M]) -> Any:
        return model_class._default_manager


class AccountFactory(TenantModelFactory[Account]):
    class Meta:
        model = Account

    code = factory.Sequence(lambda n: f"9{n:03}")
    name = factory.LazyAttribute(lambda account: f"Account {account.code}")
    type = Account.Type.ASSET


class EntryFactory(factory.Factory[JournalEntry]):
    """A two-line entry of `amount` from `debit` to `credit`: a draft, or posted with post=True.
    Other keywords (memo, reference, idempotency_key, kind) go to journal_entry_create."""

    class Meta:
        model = JournalEntry

    date = DAY
    debit = "1120"
    credit = "4100"
    amount = "10.00"
    actor = ALICE
    post = False

    @classmethod
    def _create(cls, model_class: type[JournalEntry], *args: Any, **kwargs: Any) -> JournalEntry:
        debit, credit, amount = kwargs.pop("debit"), kwargs.pop("credit"), kwargs.pop("amount")
        lines = [{"account": debit, "debit": amount}, {"account": credit, "credit": amount}]
        return journal_entry_create(lines=lines, **kwargs)


class PostedEntryFactory(EntryFactory):
    post = True
