"""verify_ledger's checks of invoicing: each control account's balance, per currency, equals the
sum of the open items it holds (documents and unallocated payments); each allocation's
`happened_on`, which the aging of a past day reads, is the latest of its date and its items'; the
aging figures kept for a day equal those the items give."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Sum

from ledger.models import AccountBalance
from tenants.routing.context import current_alias

from .models import AgingDay, Document, InvoicingSettings, Payment


def control_account_problems() -> list[str]:
    settings = InvoicingSettings.objects.select_related("receivable_account", "payable_account").first()
    if settings is None:
        return []
    problems = []
    for account, sales in ((settings.receivable_account, True), (settings.payable_account, False)):
        books: dict[str, Decimal] = defaultdict(Decimal)
        for row in (
            AccountBalance.objects.filter(account=account)
            .values("currency")
            .annotate(debit=Sum("debit"), credit=Sum("credit"))
        ):
            books[row["currency"]] += row["debit"] - row["credit"]
        items = _open_items(sales)
        for currency in sorted(set(books) | set(items)):
            if books[currency] != items[currency]:
                problems.append(
                    f"control account {account.code} {currency}: the books say {books[currency]}, open"
                    f" documents and payments add up to {items[currency]}"
                )
    return problems


def _open_items(sales: bool) -> dict[str, Decimal]:
    """Open amounts signed as they sit on the control account (debit positive)."""
    kinds = {True: ("invoice", "credit_note"), False: ("vendor_credit", "bill")}[sales]
    totals: dict[str, Decimal] = defaultdict(Decimal)
    documents = Document.objects.exclude(status=Document.Status.DRAFT).filter(kind__in=kinds)
    for row in documents.values("kind", "currency").annotate(open=Sum("open_amount")):
        sign = 1 if row["kind"] in ("invoice", "vendor_credit") else -1
        totals[row["currency"]] += sign * row["open"]
    party = Payment.Party.CUSTOMER if sales else Payment.Party.VENDOR
    payments = Payment.objects.filter(party=party).values("direction", "currency")
    for paid in payments.annotate(open=Sum("open_amount")):
        sign = 1 if paid["direction"] == Payment.Direction.PAID else -1
        totals[paid["currency"]] += sign * paid["open"]
    return totals


WRONG_HAPPENED_ON = """
SELECT a.id, a.happened_on, greatest(a.date, dd.issue_date, cd.issue_date, dp.date, cp.date)
  FROM invoicing_allocation a
  LEFT JOIN invoicing_document dd ON dd.id = a.debit_document_id
  LEFT JOIN invoicing_document cd ON cd.id = a.credit_document_id
  LEFT JOIN invoicing_payment dp ON dp.id = a.debit_payment_id
  LEFT JOIN invoicing_payment cp ON cp.id = a.credit_payment_id
 WHERE a.happened_on IS DISTINCT FROM greatest(a.date, dd.issue_date, cd.issue_date, dp.date, cp.date)
 ORDER BY a.id LIMIT 20
"""


def allocation_problems() -> list[str]:
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(WRONG_HAPPENED_ON)
        rows = cursor.fetchall()
    return [
        f"allocation {pk}: happened_on is {kept}, its date and its items' say {due}" for pk, kept, due in rows
    ]


KEPT_DAYS_CHECKED = 3  # per side, the most recently kept: each costs a report computed in full


def aging_problems() -> list[str]:
    """The aging figures kept for a day (invoicing/reports.py), for the contacts not changed since,
    equal the figures computed from the items: a write that bypassed the triggers shows here."""
    from .reports import CHANGED, COMPUTED, READ_KEPT, SIDES, aging_params, own_changes_counted

    problems = []
    alias = current_alias()
    days = AgingDay.objects.order_by("-made_at")
    for side in SIDES:
        for day in days.filter(side=side).values_list("day", flat=True)[:KEPT_DAYS_CHECKED]:
            params = aging_params(side, day)
            with connections[alias].cursor() as cursor:
                own_changes_counted(cursor)
                cursor.execute(READ_KEPT, params)
                kept = {(row[0], row[2]): row[3:] for row in cursor.fetchall()}
                cursor.execute(CHANGED, params)
                changed = set(cursor.fetchone()[1])
                cursor.execute(COMPUTED, params)
                computed = {(row[0], row[2]): row[3:] for row in cursor.fetchall() if row[0] not in changed}
            kept = {key: figures for key, figures in kept.items() if key[0] not in changed}
            for key in sorted(set(kept) | set(computed)):
                if kept.get(key) != computed.get(key):
                    problems.append(
                        f"aging {side} {day} contact {key[0]} {key[1]}: kept {_figures(kept.get(key))},"
                        f" the items say {_figures(computed.get(key))}"
                    )
    return problems[:20]


def _figures(found: tuple[Any, ...] | None) -> str:
    return " ".join(str(value) for value in found) if found else "nothing"
