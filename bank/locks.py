"""One writer per bank account at a time: imports, matching and auto-match of the same account
take a transaction-level advisory lock, so two imports of one file give one set of lines."""

from __future__ import annotations

from django.db import connections

# Ledger locks use other class ids; this one is the bank's (two-int form: class, object).
_BANK_ACCOUNT_LOCK = 7301


def lock_bank_account(alias: str, bank_account_id: int) -> None:
    """Wait for, then hold until the end of the transaction, the bank account's lock."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_BANK_ACCOUNT_LOCK, bank_account_id])
