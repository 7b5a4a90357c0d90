"""A new document issued in one statement: its number, its posted entry and the entry's lines (the
ledger's own statement, `ledger.services.writing.write_numbered`), the document, its lines and
its audit rows. A draft is issued the same way: the statement numbers it, posts its entry and
updates it, provided it is still the draft that was read (its row version, `xmin`); otherwise it
takes no number and fails (`issue_draft`).

Outside a transaction that statement is its own transaction: one round trip, and a refused entry
(a closed period, an inactive account) rolls the number back with it, so series stay gapless. The
series row is taken by an upsert (made on a year's first document), whose row lock is held to the
commit as before: concurrent issues of one kind wait for each other.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models
from django.utils import timezone

from ledger.actor import Actor
from ledger.models import Account
from ledger.services.audit import audit_events
from ledger.services.entries import posting_prepare
from ledger.services.writing import NUMBER_MARK, write_numbered
from tenants.routing.context import current_alias

from ..models import Document, DocumentLine, InvoicingSettings
from .posting import document_lines
from .series import PREFIXES

NUMBERING = (
    "INSERT INTO invoicing_documentseries (kind, year, prefix, last_number) VALUES (%s, %s, %s, 1)"
    " ON CONFLICT (kind, year) DO UPDATE SET last_number = invoicing_documentseries.last_number + 1"
    " RETURNING id, last_number,"
    # DocumentSeries.label: PREFIX-YEAR-0001, wider past 9999
    " prefix || '-' || year || '-' || lpad(last_number::text, greatest(4, length(last_number::text)), '0')"
    " AS number"
)
DOCUMENT = {"number": "(SELECT number FROM n)", "series_id": "(SELECT id FROM n)",
            "sequence": "(SELECT last_number FROM n)", "entry_id": "(SELECT id FROM e)"}  # fmt: skip
RETURNING = "d.id, n.id, n.last_number, (SELECT array_agg(id ORDER BY line_no) FROM dl) FROM e, n, d"

# A draft's number: only while the row is the draft that was read, locked for the statement. A
# draft issued or changed meanwhile (after the lock's wait) leaves `n` empty, and the entry
# statement then fails (its memo takes the number): nothing is written, no number is taken.
DRAFT_NUMBERING = (  # constants only
    "WITH draft AS (SELECT id FROM invoicing_document WHERE id = %s AND status = 'draft'"  # noqa: S608
    " AND xmin = %s::xid FOR UPDATE) INSERT INTO invoicing_documentseries (kind, year, prefix, last_number)"
    " SELECT %s, %s, %s, 1 FROM draft" + NUMBERING[NUMBERING.index(" ON CONFLICT") :]
)
DRAFT_SET = {"number": "(SELECT number FROM n)", "series_id": "(SELECT id FROM n)",
             "sequence": "(SELECT last_number FROM n)", "entry_id": "(SELECT id FROM e)"}  # fmt: skip
DRAFT_RETURNING = "n.id, n.last_number FROM e, n"
DRAFT_VALUES = (
    "status",
    "exchange_rate",
    "base_total",
    "base_open",
    "open_amount",
    "issued_at",
    "issued_by_name",
)


def issue_new(
    document: Document,
    lines: list[DocumentLine],
    *,
    actor: Actor,
    settings: InvoicingSettings,
    tax_accounts: dict[str, Account],
    base: str,
    events: list[tuple[str, dict[str, Any]]],
) -> Document:
    """Write `document` (unsaved, its totals and rate set) issued, with its `lines` and entry, and
    the audit `events` (an "issue" event's data gets the number)."""
    prepared, source = _issued(document, lines, actor=actor, settings=settings, taxes=tax_accounts, base=base)
    connection = connections[current_alias()]
    head, params = _insert(connection, document, DOCUMENT)
    tail = f", d AS ({head} RETURNING id)"
    line_rows = [_insert(connection, line, {"document_id": "(SELECT id FROM d)"}) for line in lines]
    tail += f", dl AS ({_many(line_rows)} RETURNING id, line_no)"
    for _, values in line_rows:
        params += values
    tail, params = _with_audit(connection, document, actor, events, tail, params)
    numbering = [document.kind, document.issue_date.year, PREFIXES[document.kind]]
    memo = f"{document.get_kind_display()} {NUMBER_MARK} {document.contact.name}"
    entry, row = write_numbered(
        prepared, actor=actor, memo=memo, reference=NUMBER_MARK, source=source,
        numbering=(NUMBERING, numbering), tail=(tail, params), returning=RETURNING,
    )  # fmt: skip
    _, number, pk, series_id, sequence, line_ids = row
    document.pk, document.number, document.series_id, document.sequence = pk, number, series_id, sequence
    document.entry = entry
    _saved(document, connection.alias)
    for line, line_id in zip(lines, line_ids, strict=True):
        line.pk, line.document = line_id, document
        _saved(line, connection.alias)
    return document


def issue_draft(
    document: Document,
    lines: list[DocumentLine],
    *,
    version: str,
    actor: Actor,
    settings: InvoicingSettings,
    tax_accounts: dict[str, Account],
    base: str,
) -> Document:
    """Issue the draft `document` (its rate set), read with its stored `lines` at row version
    `version` (its xmin): number, entry, the document's update and its audit row in one
    statement. A DatabaseError when the draft was issued or changed since it was read."""
    prepared, source = _issued(document, lines, actor=actor, settings=settings, taxes=tax_accounts, base=base)
    connection = connections[current_alias()]
    assignments = [f"{column} = {sql}" for column, sql in DRAFT_SET.items()]
    assignments += [f"{column} = %s" for column in DRAFT_VALUES]
    params: list[Any] = [getattr(document, column) for column in DRAFT_VALUES] + [document.pk]
    # Built from the constant column lists above; values are parameters.
    tail = f", d AS (UPDATE invoicing_document SET {', '.join(assignments)} WHERE id = %s RETURNING id)"  # noqa: S608
    tail, params = _with_audit(connection, document, actor, [("issue", {})], tail, params)
    numbering = [document.pk, version, document.kind, document.issue_date.year, PREFIXES[document.kind]]
    memo = f"{document.get_kind_display()} {NUMBER_MARK} {document.contact.name}"
    entry, row = write_numbered(
        prepared, actor=actor, memo=memo, reference=NUMBER_MARK, source=source,
        numbering=(DRAFT_NUMBERING, numbering), tail=(tail, params), returning=DRAFT_RETURNING,
    )  # fmt: skip
    _, number, series_id, sequence = row
    document.number, document.series_id, document.sequence = number, series_id, sequence
    document.entry = entry
    return document


def _issued(
    document: Document,
    lines: list[DocumentLine],
    *,
    actor: Actor,
    settings: InvoicingSettings,
    taxes: dict[str, Account],
    base: str,
) -> tuple[Any, str]:
    """The entry of `document`, prepared for posting, and its source; the document's issued
    fields (status, base values, open amount, who and when) set."""
    sales = document.is_sales
    control = settings.receivable_account if sales else settings.payable_account
    source = "sales" if sales else "purchases"
    document.number = NUMBER_MARK  # in the entry's texts until the statement takes the number
    posted = document_lines(document, control, taxes, items=lines, base=base)
    prepared = posting_prepare(document.issue_date, [line.as_input() for line in posted], actor=actor,
                               source=source)  # fmt: skip
    document.status = Document.Status.ISSUED
    document.base_total = document.base_open = posted[0].base
    document.open_amount = document.total
    document.issued_at, document.issued_by_name = timezone.now(), actor.name
    return prepared, source


def _with_audit(
    connection: Any,
    document: Document,
    actor: Actor,
    events: list[tuple[str, dict[str, Any]]],
    tail: str,
    params: list[Any],
) -> tuple[str, list[Any]]:
    """`tail` with the CTE `a` that inserts the audit rows of `events` on the document `d`."""
    audit_rows = [
        _insert(connection, event, _audit_computed(action))
        for event, (action, _) in zip(
            audit_events(actor=actor, obj=document, events=events), events, strict=True
        )
    ]
    tail += f", a AS ({_many(audit_rows)})"
    for _, values in audit_rows:
        params = params + values
    return tail, params


def _audit_computed(action: str) -> dict[str, str]:
    computed = {"object_id": "(SELECT id FROM d)::text"}
    if action == "issue":
        computed["data"] = "jsonb_build_object('number', (SELECT number FROM n))"
    return computed


def _insert(connection: Any, obj: models.Model, computed: dict[str, str]) -> tuple[str, list[Any]]:
    """`INSERT INTO <table> (<columns>) VALUES (<row>)` of `obj` as `save()` would write it, but for
    the `computed` columns (SQL expressions), and its parameters."""
    columns: list[str] = []
    values: list[str] = []
    params: list[Any] = []
    for f in type(obj)._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(str(f.column))
        if f.column in computed:
            values.append(computed[f.column])
        else:
            values.append("%s")
            params.append(f.get_db_prep_save(f.pre_save(obj, True), connection))
    table = type(obj)._meta.db_table
    # Built from the model's columns and the caller's constant expressions; values are parameters.
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)})", params  # noqa: S608


def _many(rows: list[tuple[str, list[Any]]]) -> str:
    """One INSERT of several rows of one table, from `_insert`'s statements."""
    first = rows[0][0]
    return first + "".join(", " + sql[sql.index(" VALUES (") + len(" VALUES ") :] for sql, _ in rows[1:])


def _saved(obj: models.Model, alias: str) -> None:
    obj._state.adding = False
    obj._state.db = alias
