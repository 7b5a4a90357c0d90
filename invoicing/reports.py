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
from ledger.services.reference import kept
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


# For some contacts (the report's contact, or those changed since a day was kept), the later
# allocations of their items, found through the items (each by its index), not the whole range.
LATER_OF_ITEMS = """SELECT a.id, a.amount, a.debit_document_id, a.credit_document_id, a.debit_payment_id,
               a.credit_payment_id
          FROM invoicing_{table} x JOIN invoicing_allocation a ON a.{side}_{table}_id = x.id
         WHERE x.contact_id = ANY(%(contacts)s) AND a.happened_on > %(as_of)s"""
LATER_OF_CONTACTS = " UNION ".join(
    LATER_OF_ITEMS.format(table=table, side=side)
    for table in ("document", "payment")
    for side in ("debit", "credit")
)

# An item's open amount as of a day is today's plus what was allocated after that day. The report
# reads today's open items (a partial index holds them, so paid ones are never scanned) and, apart,
# the items touched by allocations that happened after as_of (one range of the index on
# `happened_on`, kept on each allocation), each adding back what was allocated later to its
# bucket. As of today that second part is empty. Each item's `base` is the booked value of what
# was open: today's, plus a share of its total's for what was allocated since.
LATER = f"""
WITH later_allocations AS (
    SELECT a.id, a.amount, a.debit_document_id, a.credit_document_id, a.debit_payment_id, a.credit_payment_id
      FROM invoicing_allocation a WHERE a.happened_on > %(as_of)s AND %(contacts)s::bigint[] IS NULL
    UNION ALL ({LATER_OF_CONTACTS})
),
later AS (
    SELECT document_id, payment_id, sum(amount) AS amount FROM (
        SELECT debit_document_id AS document_id, debit_payment_id AS payment_id, amount FROM later_allocations
        UNION ALL
        SELECT credit_document_id, credit_payment_id, amount FROM later_allocations
    ) AS sides
    GROUP BY document_id, payment_id
)"""  # noqa: S608 (built from constants)


# Each source gives rows of (type, id, kind, reference, contact_id, currency_id, date, due_date,
# owed, days, open, base): documents, payments, and the amounts allocated after as_of.
DOCUMENT_COLUMNS = """
SELECT 'document' AS type, d.id, d.kind, d.number AS reference, d.contact_id, d.currency_id,
       d.issue_date AS date, d.due_date, d.kind = %(owed_kind)s AS owed,
       %(as_of)s::date - d.due_date AS days"""
PAYMENT_COLUMNS = """
SELECT 'payment' AS type, p.id, p.direction AS kind, p.reference, p.contact_id, p.currency_id, p.date,
       p.date AS due_date, p.direction = %(owed_direction)s AS owed, %(as_of)s::date - p.date AS days"""
DOCUMENT_FILTER = """
d.kind = ANY(%(kinds)s) AND d.status <> 'draft' AND d.issue_date <= %(as_of)s
AND (%(contacts)s::bigint[] IS NULL OR d.contact_id = ANY(%(contacts)s))"""
PAYMENT_FILTER = """
p.party = %(party)s AND p.date <= %(as_of)s AND (%(contacts)s::bigint[] IS NULL
OR p.contact_id = ANY(%(contacts)s))"""
SHARE = "l.amount AS open, round(l.amount * {base} / {whole}, %(places)s) AS base"

OPEN_DOCUMENTS = f"""{DOCUMENT_COLUMNS}, d.open_amount AS open, d.base_open AS base
  FROM invoicing_document d WHERE d.open_amount > 0 AND {DOCUMENT_FILTER}"""
OPEN_PAYMENTS = f"""{PAYMENT_COLUMNS}, p.open_amount AS open, p.base_open AS base
  FROM invoicing_payment p WHERE p.open_amount > 0 AND {PAYMENT_FILTER}"""
LATER_ITEMS = f"""{DOCUMENT_COLUMNS}, {SHARE.format(base="d.base_total", whole="d.total")}
  FROM later l JOIN invoicing_document d ON d.id = l.document_id WHERE {DOCUMENT_FILTER}
UNION ALL {PAYMENT_COLUMNS}, {SHARE.format(base="p.base_amount", whole="p.amount")}
  FROM later l JOIN invoicing_payment p ON p.id = l.payment_id WHERE {PAYMENT_FILTER}"""

SUMS = """
SELECT contact_id, currency_id,
       coalesce(sum(open) FILTER (WHERE owed AND days <= 0), 0) AS current,
       coalesce(sum(open) FILTER (WHERE owed AND days BETWEEN 1 AND 30), 0) AS days_1_30,
       coalesce(sum(open) FILTER (WHERE owed AND days BETWEEN 31 AND 60), 0) AS days_31_60,
       coalesce(sum(open) FILTER (WHERE owed AND days BETWEEN 61 AND 90), 0) AS days_61_90,
       coalesce(sum(open) FILTER (WHERE owed AND days > 90), 0) AS over_90,
       coalesce(-sum(open) FILTER (WHERE NOT owed), 0) AS credits,
       sum(CASE WHEN owed THEN base ELSE -base END) AS base_total
  FROM ({source}) AS items GROUP BY contact_id, currency_id"""

# Each source is summed on its own (the planner knows how many contacts a table holds, so it
# hashes), then the sums are added up per contact and currency.
ROWS = f"""
SELECT s.contact_id, s.currency_id, sum(s.current) AS current, sum(s.days_1_30) AS days_1_30,
       sum(s.days_31_60) AS days_31_60, sum(s.days_61_90) AS days_61_90, sum(s.over_90) AS over_90,
       sum(s.credits) AS credits, sum(s.base_total) AS base_total
  FROM ({SUMS.format(source=OPEN_DOCUMENTS)}
        UNION ALL {SUMS.format(source=OPEN_PAYMENTS)}
        UNION ALL {SUMS.format(source=LATER_ITEMS)}) AS s
 GROUP BY s.contact_id, s.currency_id"""  # noqa: S608 (built from the constants above)
FIGURES = "current, days_1_30, days_31_60, days_61_90, over_90, credits, base_total"

# The rows of some contacts (all: NULL), computed from the items: contact, name, currency, figures.
COMPUTED = f"""{LATER}
SELECT r.contact_id, c.name, r.currency_id, {FIGURES}
  FROM ({ROWS}) AS r JOIN invoicing_contact c ON c.id = r.contact_id
 ORDER BY c.name, r.contact_id, r.currency_id"""  # noqa: S608 (built from the constants above)

# The same, kept for the day with each contact's version read in the same statement (so a change
# committed after it gives the contact a version that differs from the kept one). A contact
# without rows is kept too (an empty list), so that it is known not to need computing.
KEEP = f"""{LATER},
computed AS ({ROWS}),
versions AS (
    SELECT contact_id, version FROM invoicing_agingversion
     WHERE %(contacts)s::bigint[] IS NULL OR contact_id = ANY(%(contacts)s)
),
figures AS (
    SELECT contact_id, jsonb_agg(jsonb_build_array(currency_id, {FIGURES}) ORDER BY currency_id) AS rows
      FROM computed GROUP BY contact_id
)
INSERT INTO invoicing_agingkept (side, day, contact_id, version, rows)
SELECT %(side)s, %(as_of)s, c.contact_id, v.version, coalesce(f.rows, '[]'::jsonb)
  FROM (SELECT contact_id FROM figures UNION SELECT contact_id FROM versions) AS c
  LEFT JOIN versions v ON v.contact_id = c.contact_id
  LEFT JOIN figures f ON f.contact_id = c.contact_id
    ON CONFLICT (side, day, contact_id) DO UPDATE SET version = EXCLUDED.version, rows = EXCLUDED.rows
"""  # noqa: S608 (built from the constants above)

# The triggers that give a contact a new version, at the commit of a change to its items.
VERSIONING = "invoicing_aging_document, invoicing_aging_payment, invoicing_aging_allocation"

# Whether the day is kept, and the contacts changed since (or new: no kept rows).
CHANGED = """
SELECT EXISTS (SELECT FROM invoicing_agingday WHERE side = %(side)s AND day = %(as_of)s),
       ARRAY(SELECT v.contact_id FROM invoicing_agingversion v
               LEFT JOIN invoicing_agingkept k ON k.side = %(side)s AND k.day = %(as_of)s
                    AND k.contact_id = v.contact_id
              WHERE k.version IS DISTINCT FROM v.version)"""

# The kept rows of a day, as COMPUTED gives them.
READ_KEPT = f"""
SELECT k.contact_id, c.name, r.f->>0, {", ".join(f"(r.f->>{i})::numeric" for i in range(1, 8))}
  FROM invoicing_agingkept k JOIN invoicing_contact c ON c.id = k.contact_id
 CROSS JOIN LATERAL jsonb_array_elements(k.rows) AS r(f)
 WHERE k.side = %(side)s AND k.day = %(as_of)s
 ORDER BY c.name, k.contact_id, r.f->>0"""  # noqa: S608 (built from constants)

KEEP_DAY = """
INSERT INTO invoicing_agingday (side, day, made_at) VALUES (%(side)s, %(as_of)s, now())
    ON CONFLICT (side, day) DO NOTHING"""
KEPT_DAYS = 62  # per side; the least recently made are dropped
FORGET_OLD = f"""
WITH old AS (
    DELETE FROM invoicing_agingday WHERE side = %(side)s AND day IN (
        SELECT day FROM invoicing_agingday WHERE side = %(side)s
         ORDER BY made_at DESC, day DESC OFFSET {KEPT_DAYS})
    RETURNING day
)
DELETE FROM invoicing_agingkept k USING old WHERE k.side = %(side)s AND k.day = old.day"""  # noqa: S608 (a constant)

DETAIL = f"""{LATER}
SELECT type, id, kind, reference, contact_id, currency_id, date, due_date, days, owed, sum(open), sum(base)
  FROM ({OPEN_DOCUMENTS} UNION ALL {OPEN_PAYMENTS} UNION ALL {LATER_ITEMS}) AS items
 GROUP BY type, id, kind, reference, contact_id, currency_id, date, due_date, days, owed
 ORDER BY contact_id, currency_id, due_date, type, id"""  # noqa: S608 (built from the constants above)


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
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def aging(side: str, as_of: date, *, contact: Contact | None = None, items: bool = False) -> Aging:
    """The aged receivables or payables (`side`) as of the end of `as_of`, per contact and
    currency; with `items`, each open item too.

    All contacts' rows come from those kept for the day, recomputed only for the contacts changed
    since (the first report of a day computes and keeps them all); one contact's are computed."""
    spec = SIDES[side]
    params = aging_params(side, as_of, contact)
    base_currency = params["base"]
    rows: list[AgingRow] = []
    sums: dict[str, list[Decimal]] = {}
    for contact_id, name, currency, *figures in _fetch(COMPUTED, params) if contact else _kept(params):
        current, days_1_30, days_31_60, days_61_90, over_90, credits, base_total = figures
        total = current + days_1_30 + days_31_60 + days_61_90 + over_90 + credits
        buckets = (current, days_1_30, days_31_60, days_61_90, over_90)
        rows.append(AgingRow(contact_id, name, currency, *buckets, credits, total, base_total))
        kept_sums = sums.setdefault(currency, [ZERO] * 8)
        for i, value in enumerate((*figures[:6], total, base_total)):
            kept_sums[i] += value
    currencies = [AgingRow(None, "Total", c, *sums[c]) for c in sorted(sums)]
    report = Aging(
        spec.title, as_of, base_currency, rows, currencies, sum((t.base_total for t in currencies), ZERO)
    )
    if items:
        report.items = [_aged_item(*found) for found in _fetch(DETAIL, params)]
    return report


def aging_params(side: str, as_of: date, contact: Contact | None = None) -> dict[str, Any]:
    """The parameters of the report's statements."""
    spec = SIDES[side]
    base_currency, _ = kept("invoicing.base_currency", lambda: ledger_settings().base_currency_id)
    return {
        "side": side,
        "as_of": as_of,
        "kinds": list(spec.kinds),
        "owed_kind": spec.owed_kind,
        "party": spec.party,
        "owed_direction": spec.owed_direction,
        "base": base_currency,
        "places": minor_units(base_currency),
        "contacts": [contact.pk] if contact else None,
    }


def _kept(params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The rows of every contact, from those kept for the day: the contacts changed since they
    were kept are computed again (and kept); the day's first report computes and keeps them all."""
    with connections[current_alias()].cursor() as cursor:
        own_changes_counted(cursor)
        cursor.execute(CHANGED, params)
        built, changed = cursor.fetchone()
        if not built:
            cursor.execute(KEEP, params)
            cursor.execute(KEEP_DAY, params)
            cursor.execute(FORGET_OLD, params)
        elif changed:
            cursor.execute(KEEP, {**params, "contacts": changed})
        cursor.execute(READ_KEPT, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def own_changes_counted(cursor: Any) -> None:
    """Inside a transaction, give the contacts it changed their new versions now rather than at
    its commit (see migration 0007), so that its own changes count in a report it reads."""
    if cursor.db.in_atomic_block:
        cursor.execute(f"SET CONSTRAINTS {VERSIONING} IMMEDIATE; SET CONSTRAINTS {VERSIONING} DEFERRED")


def aging_forget() -> None:
    """Drop every kept aging figure, and give each contact with items a version: after writing
    items with the triggers off (a bulk load), as the triggers would have."""
    with connections[current_alias()].cursor() as cursor:
        cursor.execute("DELETE FROM invoicing_agingkept; DELETE FROM invoicing_agingday")
        cursor.execute(
            "SELECT invoicing_aging_bump(ARRAY(SELECT contact_id FROM invoicing_document"
            " WHERE status <> 'draft' UNION SELECT contact_id FROM invoicing_payment))"
        )


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
