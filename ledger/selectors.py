"""Reads the API and the admin share: what to show, not how to answer."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from .models import Account
from .money import money_text
from .reports import ZERO, account_balances


def account_list(
    *, as_of: date, base_currency: str, active: bool | None = None, kind: str = "", tree: bool = False
) -> list[dict[str, Any]]:
    """The chart of accounts in code order, each account as the API shows it (code, name, type,
    parent code, currency, is_active) with its `balance` (base currency, text, debit-positive) as
    of `as_of`; filtered by `active` and `kind`. With `tree`, the roots only, each with `children`
    (an account whose parent is filtered out becomes a root). Read as rows: instances of every
    account and its parent, walked field by field by DRF, cost most of the request."""
    balances = account_balances(as_of)
    accounts: list[tuple[int, int | None, dict[str, Any]]] = []
    rows = Account.objects.order_by("code").values_list(
        "id", "parent_id", "code", "name", "type", "parent__code", "currency_id", "is_active"
    )
    for pk, parent_pk, code, name, type_, parent, currency, is_active in rows:
        if (active is not None and is_active != active) or (kind and type_ != kind):
            continue
        balance = money_text(balances.get(pk, ZERO), base_currency)
        row = {"code": code, "name": name, "type": type_, "parent": parent, "currency": currency,
               "is_active": is_active, "balance": balance}  # fmt: skip
        accounts.append((pk, parent_pk, row))
    if not tree:
        return [row for _, _, row in accounts]
    shown = {pk for pk, _, _ in accounts}
    children: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for pk, up, row in accounts:
        row["children"] = children[pk]  # filled as its children come, in code order
        children[up if up in shown else None].append(row)
    return children[None]
