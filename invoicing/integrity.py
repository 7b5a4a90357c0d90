"""verify_ledger's checks of invoicing: each control account's balance, per currency, equals the
sum of the open items it holds (documents and unallocated payments); each allocation's
`happened_on`, which the aging of a past day reads, is the latest of its date and its items'."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connections
from django.db.models import Sum

from ledger.models import AccountBalance
from tenants.routing.context import current_alias

from .models import Document, InvoicingSettings, Payment


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
