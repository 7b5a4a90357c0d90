"""Aged receivables and payables: what contacts owe us (or we owe them), by how late it is.

An item is a document or a payment on the control account of the report's side. Its open amount as
of a day is its total less the allocations that had happened by then. An allocation happens on the
latest of its own date and the dates of the two items it joins (a payment dated before the invoice
it settles is still a credit on the days between), so the open items as of any day add up to the
control account's balance on that day, per currency.

The report reads today's open amounts (kept on each item by the services) and adds back only the
allocations that happened after `as_of`: as of today that is none, so the cost is one pass over
the open items, whatever the number of paid ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connections

from ledger.money import minor_units
from ledger.services.periods import ledger_settings
from tenants.routing.context import current_alias

from .models import Contact, Document, Payment

ZERO = Decimal(0)
BUCKETS = ("current", "days_1_30", "days_31_60", "days_61_90", "over_90")


@dataclass(frozen=True)
class Side:
    """Which items a report holds, and which of them are owed (the others are credits)."""

    title: str
    kinds: tuple[str, ...]
    owed_kind: str
    party: str
    owed_direction: str  # of a payment: a refund to a customer is owed back like an invoice


SIDES = {
    "receivables": Side("Aged receivables", ("invoice", "credit_note"), "invoice", "customer", "paid"),
    "payables": Side("Aged payables", ("bill", "vendor_credit"), "bill", "vendor", "received"),
}


# The open items as of %(as_of)s: those open today (a partial index holds them) plus those settled
# since (found through `later`), so that paid items are never scanned. Each item's `base` is the
# booked value of what was open: today's, plus a share of the total's for what was allocated since
# (exact as of today, to the rounding of the share for a past day).
ITEMS = """
WITH later_allocations AS (
    SELECT a.* FROM invoicing_allocation a WHERE a.date > %(as_of)s
    UNION
    SELECT a.* FROM invoicing_allocation a JOIN invoicing_document x ON x.id = a.debit_document_id
     WHERE x.issue_date > %(as_of)s
    UNION
    SELECT a.* FROM invoicing_allocation a JOIN invoicing_document x ON x.id = a.credit_document_id
     WHERE x.issue_date > %(as_of)s
    UNION
    SELECT a.* FROM invoicing_allocation a JOIN invoicing_payment x ON x.id = a.debit_payment_id
     WHERE x.date > %(as_of)s
    UNION
    SELECT a.* FROM invoicing_allocation a JOIN invoicing_payment x ON x.id = a.credit_payment_id
     WHERE x.date > %(as_of)s
),
later AS (
    SELECT document_id, payment_id, sum(amount) AS amount FROM (
        SELECT debit_document_id AS document_id, debit_payment_id AS payment_id, amount FROM later_allocations
        UNION ALL
        SELECT credit_document_id, credit_payment_id, amount FROM later_allocations
    ) AS sides
    GROUP BY document_id, payment_id
),
documents AS (
    SELECT d.*, coalesce(l.amount, 0) AS later FROM invoicing_document d
      LEFT JOIN later l ON l.document_id = d.id
     WHERE d.open_amount > 0
    UNION ALL
    SELECT d.*, l.amount FROM invoicing_document d JOIN later l ON l.document_id = d.id
     WHERE d.open_amount = 0
),
payments AS (
    SELECT p.*, coalesce(l.amount, 0) AS later FROM invoicing_payment p
      LEFT JOIN later l ON l.payment_id = p.id
     WHERE p.open_amount > 0
    UNION ALL
    SELECT p.*, l.amount FROM invoicing_payment p JOIN later l ON l.payment_id = p.id
     WHERE p.open_amount = 0
),
raw_items AS (
    SELECT 'document' AS type, id, kind, number AS reference, contact_id, currency_id, issue_date AS date,
           due_date, kind = %(owed_kind)s AS owed, open_amount + later AS open, open_amount AS open_now,
           base_open, total AS whole, base_total AS base_whole
      FROM documents
     WHERE kind = ANY(%(kinds)s) AND status <> 'draft' AND issue_date <= %(as_of)s
       AND (%(contact)s::bigint IS NULL OR contact_id = %(contact)s)
    UNION ALL
    SELECT 'payment', id, direction, reference, contact_id, currency_id, date, date,
           direction = %(owed_direction)s, open_amount + later, open_amount, base_open, amount, base_amount
      FROM payments
     WHERE party = %(party)s AND date <= %(as_of)s
       AND (%(contact)s::bigint IS NULL OR contact_id = %(contact)s)
),
items AS (
    SELECT *, %(as_of)s::date - due_date AS days,
           CASE WHEN open = open_now THEN base_open
                ELSE round(base_open + (open - open_now) * base_whole / whole, %(places)s) END AS base
      FROM raw_items
)"""

AGGREGATE = """
SELECT i.contact_id, c.name, i.currency_id,
       coalesce(sum(i.open) FILTER (WHERE i.owed AND i.days <= 0), 0),
       coalesce(sum(i.open) FILTER (WHERE i.owed AND i.days BETWEEN 1 AND 30), 0),
       coalesce(sum(i.open) FILTER (WHERE i.owed AND i.days BETWEEN 31 AND 60), 0),
       coalesce(sum(i.open) FILTER (WHERE i.owed AND i.days BETWEEN 61 AND 90), 0),
       coalesce(sum(i.open) FILTER (WHERE i.owed AND i.days > 90), 0),
       coalesce(-sum(i.open) FILTER (WHERE NOT i.owed), 0),
       sum(CASE WHEN i.owed THEN i.base ELSE -i.base END)
  FROM items i JOIN invoicing_contact c ON c.id = i.contact_id
 GROUP BY i.contact_id, c.name, i.currency_id
 ORDER BY c.name, i.contact_id, i.currency_id"""

DETAIL = """
SELECT i.type, i.id, i.kind, i.reference, i.contact_id, i.currency_id, i.date, i.due_date, i.days,
       i.owed, i.open, i.base
  FROM items i
 ORDER BY i.contact_id, i.currency_id, i.due_date, i.type, i.id"""


@dataclass
class AgingRow:
    """One contact's open items in one currency: owed amounts by lateness, credits (negative),
    their total, and its booked value in the base currency."""

    contact: int | None
    name: str
    currency: str
    current: Decimal = ZERO
    days_1_30: Decimal = ZERO
    days_31_60: Decimal = ZERO
    days_61_90: Decimal = ZERO
    over_90: Decimal = ZERO
    credits: Decimal = ZERO
    total: Decimal = ZERO
    base_total: Decimal = ZERO

    def add(self, other: AgingRow) -> None:
        for name in (*BUCKETS, "credits", "total", "base_total"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class AgedItem:
    """One open item: an owed document (or refund) in its bucket, or a credit."""

    type: str  # document or payment
    id: int
    kind: str  # the document's kind, or the payment's direction
    reference: str
    contact: int
    currency: str
    date: dt.date
    due_date: dt.date
    days_overdue: int
    bucket: str  # one of BUCKETS, or "credits"
    open: Decimal  # a credit's is negative
    base_open: Decimal


@dataclass
class Aging:
    title: str
    as_of: date
    base_currency: str
    rows: list[AgingRow]
    currencies: list[AgingRow] = field(default_factory=list)  # a total row per currency
    base_total: Decimal = ZERO
    items: list[AgedItem] | None = None


def bucket_of(days_overdue: int) -> str:
    if days_overdue <= 0:
        return "current"
    for bucket, limit in (("days_1_30", 30), ("days_31_60", 60), ("days_61_90", 90)):
        if days_overdue <= limit:
            return bucket
    return "over_90"


def _fetch(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def aging(side: str, as_of: date, *, contact: Contact | None = None, items: bool = False) -> Aging:
    """The aged receivables or payables (`side`) as of the end of `as_of`, per contact and
    currency; with `items`, each open item too."""
    spec = SIDES[side]
    base_currency = ledger_settings().base_currency_id
    params: dict[str, Any] = {
        "as_of": as_of,
        "kinds": list(spec.kinds),
        "owed_kind": spec.owed_kind,
        "party": spec.party,
        "owed_direction": spec.owed_direction,
        "places": minor_units(base_currency),
        "contact": contact.pk if contact else None,
    }
    rows = []
    for contact_id, name, currency, *amounts, base_total in _fetch(ITEMS + AGGREGATE, params):
        figures = dict(zip((*BUCKETS, "credits"), amounts, strict=True))
        row = AgingRow(contact_id, name, currency, **figures, total=sum(amounts, ZERO), base_total=base_total)
        rows.append(row)
    report = Aging(spec.title, as_of, base_currency, rows)
    by_currency: dict[str, AgingRow] = {}
    for row in rows:
        by_currency.setdefault(row.currency, AgingRow(None, "Total", row.currency)).add(row)
    report.currencies = [by_currency[c] for c in sorted(by_currency)]
    report.base_total = sum((row.base_total for row in rows), ZERO)
    if items:
        report.items = [_aged_item(*found) for found in _fetch(ITEMS + DETAIL, params)]
    return report


def _aged_item(*found: Any) -> AgedItem:
    type_, pk, kind, reference, contact, currency, day, due, days, owed, open_, base = found
    sign = 1 if owed else -1
    bucket = bucket_of(days) if owed else "credits"
    return AgedItem(
        type_, pk, kind, reference, contact, currency, day, due, days, bucket, sign * open_, sign * base
    )


# Contact statements ------------------------------------------------------------------------------

PARTY_SIDE = {"customer": "receivables", "vendor": "payables"}


@dataclass
class StatementLine:
    """One line of a statement: `amount` adds to what is owed (an invoice, a bill, a refund) or,
    negative, takes from it (a payment, a credit note); `balance` is what is owed after it."""

    date: dt.date
    type: str  # opening, document, payment or closing
    kind: str  # the document's kind or the payment's direction; blank on opening and closing
    id: int | None
    reference: str  # the document's number (a bill's with the vendor's own) or the payment's
    due_date: dt.date | None
    amount: Decimal
    balance: Decimal


@dataclass
class StatementSection:
    """The lines in one currency, between the opening and the closing balance."""

    currency: str
    opening: Decimal
    closing: Decimal
    lines: list[StatementLine]


@dataclass
class Statement:
    contact: Contact
    party: str  # customer: what they owe us; vendor: what we owe them
    start: date
    end: date
    sections: list[StatementSection]


DOCUMENT_FIELDS = ("id", "kind", "number", "vendor_reference", "issue_date", "due_date", "currency", "total")


def _signed_items(contact: Contact, spec: Side, end: date) -> list[tuple[str, StatementLine]]:
    """Every document and payment of `contact` on `spec`'s side up to `end`, oldest first."""
    items: list[tuple[str, StatementLine]] = []
    documents = (
        Document.objects.filter(contact=contact, kind__in=spec.kinds, issue_date__lte=end)
        .exclude(status=Document.Status.DRAFT)
        .values_list(*DOCUMENT_FIELDS)
    )
    for pk, kind, number, theirs, day, due, currency, total in documents:
        reference = f"{number} ({theirs})" if theirs else number
        amount = total if kind == spec.owed_kind else -total
        items.append((currency, StatementLine(day, "document", kind, pk, reference, due, amount, ZERO)))
    payments = Payment.objects.filter(contact=contact, party=spec.party, date__lte=end).values_list(
        "id", "direction", "reference", "date", "currency", "amount"
    )
    for pk, direction, reference, day, currency, value in payments:
        amount = value if direction == spec.owed_direction else -value
        items.append((currency, StatementLine(day, "payment", direction, pk, reference, None, amount, ZERO)))
    # Within a day: documents before payments, each in the order they were made.
    items.sort(key=lambda pair: (pair[0], pair[1].date, pair[1].type, pair[1].id or 0))
    return items


def contact_statement(contact: Contact, start: date, end: date, *, party: str | None = None) -> Statement:
    """What `contact` owes us (party customer) or we owe them (vendor), in each currency: the
    balance before `start`, each document and payment up to `end` with the balance after it, and
    the closing balance. The party defaults to customer unless the contact is only a vendor."""
    party = party or ("customer" if contact.is_customer else "vendor")
    spec = SIDES[PARTY_SIDE[party]]
    sections: dict[str, StatementSection] = {}
    for currency, line in _signed_items(contact, spec, end):
        section = sections.setdefault(currency, StatementSection(currency, ZERO, ZERO, []))
        section.closing += line.amount
        if line.date < start:
            section.opening = section.closing
        else:
            line.balance = section.closing
            section.lines.append(line)
    for section in sections.values():
        section.lines.insert(0, StatementLine(start, "opening", "", None, "", None, ZERO, section.opening))
        section.lines.append(StatementLine(end, "closing", "", None, "", None, ZERO, section.closing))
    return Statement(contact, party, start, end, [sections[c] for c in sorted(sections)])
