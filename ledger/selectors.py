"""Reads the API and the admin share: what to show, not how to answer."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from .models import Account
from .money import money_text
from .reports import ZERO, account_balances


def account_list(
    *, as_of: date, base_currency: str, active: bool | None = None, kind: str = "", tree: bool = False
) -> list[Account]:
    """The chart of accounts in code order with each account's `balance` (base currency, text,
    debit-positive) as of `as_of`; filtered by `active` and `kind`. With `tree`, the roots only,
    each with `tree_children` (an account whose parent is filtered out becomes a root)."""
    accounts = list(Account.objects.select_related("parent").order_by("code"))
    if active is not None:
        accounts = [a for a in accounts if a.is_active == active]
    if kind:
        accounts = [a for a in accounts if a.type == kind]
    balances = account_balances(as_of)
    for account in accounts:
        account.balance = money_text(balances.get(account.pk, ZERO), base_currency)
    if not tree:
        return accounts
    children: dict[int | None, list[Account]] = defaultdict(list)
    shown = {a.pk for a in accounts}
    for account in accounts:
        children[account.parent_id if account.parent_id in shown else None].append(account)
    for account in accounts:
        account.tree_children = children.get(account.pk, [])
    return children[None]
