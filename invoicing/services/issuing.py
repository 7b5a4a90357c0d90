"""A new document issued in one statement: its number, its posted entry and the entry's lines (the
ledger's own statement, `ledger.services.writing.write_numbered`), the document, its lines and
its audit rows.

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
    sales = document.is_sales
    control = settings.receivable_account if sales else settings.payable_account
    source = "sales" if sales else "purchases"
    document.number = NUMBER_MARK  # in the entry's texts until the statement takes the number
    posted = document_lines(document, control, tax_accounts, items=lines, base=base)
    prepared = posting_prepare(document.issue_date, [line.as_input() for line in posted], actor=actor,
                               source=source)  # fmt: skip
    now = timezone.now()
    document.status = Document.Status.ISSUED
    document.base_total = document.base_open = posted[0].base
    document.open_amount = document.total
    document.issued_at, document.issued_by_name = now, actor.name
    connection = connections[current_alias()]
    head, params = _insert(connection, document, DOCUMENT)
    tail = f", d AS ({head} RETURNING id)"
    line_rows = [_insert(connection, line, {"document_id": "(SELECT id FROM d)"}) for line in lines]
    tail += f", dl AS ({_many(line_rows)} RETURNING id, line_no)"
    for _, values in line_rows:
        params += values
    audit_rows = [
        _insert(connection, event, _audit_computed(action))
        for event, (action, _) in zip(
            audit_events(actor=actor, obj=document, events=events), events, strict=True
        )
    ]
    tail += f", a AS ({_many(audit_rows)})"
    for _, values in audit_rows:
        params += values
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
