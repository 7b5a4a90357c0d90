"""The bank account a command means: --bank-account CODE (ledger account code), or the only one."""

from __future__ import annotations

from django.core.management.base import CommandError

from bank.models import BankAccount


def bank_account(code: str | None) -> BankAccount:
    accounts = BankAccount.objects.select_related("account").filter(is_active=True)
    if code:
        found = accounts.filter(account__code=code).first()
        if found is None:
            raise CommandError(f"No active bank account on ledger account {code!r}.")
        return found
    if not accounts:
        raise CommandError("The company has no bank account yet (create one in the API or admin).")
    if len(accounts) > 1:
        codes = ", ".join(a.account.code for a in accounts)
        raise CommandError(f"Several bank accounts ({codes}): name one with --bank-account CODE.")
    return accounts[0]
