"""Writing a validated entry: the entry and its lines in one call, one round trip.

An entry alone is written by the function `ledger_entry_write` (migration 0011), whose INSERTs
PostgreSQL plans once per session; it fires a posting's commit-time checks (balance, number,
hash) before it returns and answers the entry as they left it. A subledger may write its own rows
in the same statement (`write_numbered`): a number taken first (a document series), then the
entry and its lines, then the document that owns them.

Outside a transaction the call or statement commits by itself, its commit-time checks fired
before it ends and what they set read back, in the same round trip. Inside a transaction it runs
in a savepoint and a posted entry's checks are settled at once, in the same round trip; on an
error the savepoint is rolled back and the transaction goes on. (With server-side binding, one
statement per round trip, a subledger's entry has its number and hash loaded on first access.)
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import psycopg
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.base import DEFERRED
from django.utils import timezone

from ledger.actor import Actor
from ledger.models import JournalEntry, JournalLine, TaxCode
from pyledger_project import metrics
from tenants.routing.context import current_alias

if TYPE_CHECKING:
    from .entries import Prepared, PreparedLine

ENTRY_COLUMNS = (
    "fiscal_year_id", "period_id", "date", "memo", "reference", "status", "kind", "source", "idempotency_key",
    "request_hash", "created_at", "created_by_id", "created_by_name", "posted_at", "posted_by_id",
    "posted_by_name", "reversal_of_id", "prev_hash", "hash",
)  # fmt: skip
LINE_COLUMNS = (
    "line_no", "account_id", "side", "amount", "currency_id", "exchange_rate", "base_amount", "tax_code_id",
    "description",
)  # fmt: skip
# The first VALUES row carries the types; the statement text depends on the line count only.
_LINE_TYPES = ("smallint", "bigint", "text", "numeric", "text", "numeric", "numeric", "bigint", "text")
SAVEPOINT = "ledger_entry_write"
# Fired now rather than at the outer commit; later entries of the transaction stay deferred.
SETTLE_STATEMENTS = (
    "SET CONSTRAINTS ledger_entry_commit IMMEDIATE",
    "SET CONSTRAINTS ledger_entry_commit DEFERRED",
)
SETTLE = "; ".join(SETTLE_STATEMENTS)
# Inside a transaction the entry is settled in the same round trip: read what the checks set.
SETTLED = (
    "SELECT number, prev_hash, hash, posted_xid FROM ledger_journalentry"
    # currval() once, in a sub-select: `id = currval(...)` would be a scan (currval is volatile).
    " WHERE id = (SELECT currval(pg_get_serial_sequence('ledger_journalentry', 'id')))"
)
COMMIT_FIELDS = ("number", "prev_hash", "hash", "posted_xid")


# Built from the constant column lists above: no input reaches these statements' text.
_LINE_ROW = "(" + ", ".join(["%s"] * len(LINE_COLUMNS)) + ")"
_FIRST_LINE_ROW = "(" + ", ".join("%s::" + t for t in _LINE_TYPES) + ")"


def _line_rows(lines: int) -> str:
    return ", ".join([_FIRST_LINE_ROW] + [_LINE_ROW] * (lines - 1))


# In memo, reference and line descriptions of a numbered entry: the number its statement takes
# (a private-use character, which callers strip from the text they are given).
NUMBER_MARK = "\ue000"
DESCRIPTION_LENGTH = JournalLine._meta.get_field("description").max_length  # cut after the number is in
_NUMBERED_TEXT = "replace(%s, '" + NUMBER_MARK + "', (SELECT number FROM n))"  # noqa: S608
_NUMBERED_ENTRY = (
    "INSERT INTO ledger_journalentry (" + ", ".join(ENTRY_COLUMNS) + ") VALUES ("  # noqa: S608
    + ", ".join(_NUMBERED_TEXT if c in ("memo", "reference") else "%s" for c in ENTRY_COLUMNS[:-2])
    + ", '', '') RETURNING id"
)  # fmt: skip
_NUMBERED_LINES = (
    "INSERT INTO ledger_journalline (entry_id, " + ", ".join(LINE_COLUMNS) + ")"  # noqa: S608
    " SELECT e.id, " + ", ".join(f"v.{c}" for c in LINE_COLUMNS[:-1])
    + f", left(replace(v.description, '{NUMBER_MARK}', n.number), {DESCRIPTION_LENGTH}) FROM e, n, (VALUES "
)  # fmt: skip


def numbered_sql(numbering: str, lines: int, tail: str, returning: str) -> str:
    """One statement: the CTE `n` (`numbering`: one row with a text column `number`), the entry
    `e` and its lines, the caller's CTEs `tail` (which may read e and n), then `SELECT e.id,
    n.number, <returning> FROM e, n, <the tail's CTEs read by returning>`."""
    return (
        f"WITH n AS ({numbering}), e AS ({_NUMBERED_ENTRY}), l AS ({_NUMBERED_LINES}{_line_rows(lines)}"
        f") AS v({', '.join(LINE_COLUMNS)}) RETURNING entry_id){tail} SELECT e.id, n.number, {returning}"
    )


# JournalEntry's columns, in the order Model.from_db takes their values.
_ENTRY_FIELDS = [f.attname for f in JournalEntry._meta.concrete_fields]

# An entry without a subledger's rows goes through ledger_entry_write (migration 0011): PostgreSQL
# keeps the plans of its INSERTs, where the same statement sent as text was planned every time.
WRITE_CALL = (
    "SELECT id, number, prev_hash, hash, posted_xid FROM ledger_entry_write(%s::jsonb, %s::jsonb, %s)"
)
_SETTLED_AT = slice(1, 1 + len(COMMIT_FIELDS))


def _text(value: Any) -> str:
    # Amounts, rates, dates and times as their exact text: JSON numbers would go through floats.
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def _json(values: dict[str, Any]) -> str:
    return json.dumps({c: values[c] for c in ENTRY_COLUMNS[:-2]}, default=_text)


def _lines_json(lines: list[PreparedLine]) -> str:
    flat, width = _line_params(lines), len(LINE_COLUMNS)
    rows = [dict(zip(LINE_COLUMNS, flat[i : i + width], strict=True)) for i in range(0, len(flat), width)]
    return json.dumps(rows, default=_text)


def _write(
    prepared: Prepared,
    *,
    actor: Actor,
    memo: str,
    reference: str,
    post: bool,
    key: str | None,
    digest: str,
    reversal_of: JournalEntry | None = None,
    kind: str = JournalEntry.Kind.REGULAR,
    source: str = "",
) -> JournalEntry:
    """Write the entry and its lines in one round trip; return it, as saved."""
    reversal_id = reversal_of.pk if reversal_of is not None else None
    values = entry_values(prepared, actor, post, timezone.now(), text=(memo, reference, kind, source),
                          key=(key, digest), reversal_id=reversal_id)  # fmt: skip
    alias = current_alias()
    # The function settles a posting's checks itself: its row is the entry as they left it.
    row, _ = _execute(alias, WRITE_CALL, [_json(values), _lines_json(prepared.lines), post], post=False)
    settled = row[_SETTLED_AT] if post else None
    if post:
        transaction.on_commit(metrics.entry_posted, using=alias)
    entry = _entry(alias, prepared, values, row[0], _commit_values(post, settled))
    if reversal_of is not None:
        entry.reversal_of = reversal_of
    return entry


def _entry(
    alias: str, prepared: Prepared, values: dict[str, Any], pk: int, committed: dict[str, Any]
) -> JournalEntry:
    values.update(committed, id=pk)
    entry = JournalEntry.from_db(alias, _ENTRY_FIELDS, [values[name] for name in _ENTRY_FIELDS])
    entry.period = prepared.period
    entry.fiscal_year = prepared.period.fiscal_year
    # As written, for whoever shows it next (the API's answer): no query reads them back. A new
    # entry has no reversal yet.
    entry.written_lines = [_line(alias, pk, line) for line in prepared.lines]
    JournalEntry._meta.get_field("reversed_by").set_cached_value(entry, None)
    return entry


def _line(alias: str, entry_id: int, line: PreparedLine) -> JournalLine:
    written = JournalLine(
        entry_id=entry_id, line_no=line.line_no, account=line.account, side=line.side, amount=line.amount,
        currency_id=line.currency, exchange_rate=line.exchange_rate, base_amount=line.base_amount,
        tax_code_id=line.tax_code_id, description=line.description,
    )  # fmt: skip
    if line.tax_code_id is not None and line.tax_code:
        # Its id and code known, the rest read only if asked for (as `.only()` would).
        written.tax_code = TaxCode.from_db(alias, ["id", "code"], [line.tax_code_id, line.tax_code])
    return written


def write_numbered(
    prepared: Prepared,
    *,
    actor: Actor,
    memo: str,
    reference: str,
    source: str,
    numbering: tuple[str, list[Any]],
    tail: tuple[str, list[Any]],
    returning: str,
) -> tuple[JournalEntry, tuple[Any, ...]]:
    """Post the entry in one statement with a subledger's rows (see `numbered_sql`): `NUMBER_MARK`
    in memo, reference and the lines' descriptions becomes the number. Returns the entry and the
    row the statement selected (entry id, number, then `returning`'s columns)."""
    text = (memo, reference, JournalEntry.Kind.REGULAR, source)
    values = entry_values(prepared, actor, True, timezone.now(), text=text, key=(None, ""))
    params = numbering[1] + [values[c] for c in ENTRY_COLUMNS[:-2]] + _line_params(prepared.lines) + tail[1]
    alias = current_alias()
    statement = numbered_sql(numbering[0], len(prepared.lines), tail[0], returning)
    row, settled = _execute(alias, statement, params, post=True)
    transaction.on_commit(metrics.entry_posted, using=alias)
    number = row[1]
    values["memo"], values["reference"] = (
        memo.replace(NUMBER_MARK, number),
        reference.replace(NUMBER_MARK, number),
    )
    entry = _entry(alias, prepared, values, row[0], _commit_values(True, settled))
    for line in entry.written_lines:
        line.description = line.description.replace(NUMBER_MARK, number)[:DESCRIPTION_LENGTH]
    return entry, row


def entry_values(
    prepared: Prepared, actor: Actor, post: bool, now: datetime, *, text: tuple[str, str, str, str],
    key: tuple[str | None, str], reversal_id: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """An entry's columns as they are written, but for number and hash, which the commit-time
    checks set: `text` is (memo, reference, kind, source), `key` (idempotency key, request hash)."""
    memo, reference, kind, source = text
    return {
        "fiscal_year_id": prepared.period.fiscal_year_id,
        "period_id": prepared.period.pk,
        "date": prepared.day,
        "memo": memo,
        "reference": reference,
        "status": JournalEntry.Status.POSTED if post else JournalEntry.Status.DRAFT,
        "kind": kind,
        "source": source,
        "idempotency_key": key[0] or None,
        "request_hash": key[1],
        "created_at": now,
        "created_by_id": actor.id,
        "created_by_name": actor.name,
        "posted_at": now if post else None,
        "posted_by_id": actor.id if post else None,
        "posted_by_name": actor.name if post else "",
        "reversal_of_id": reversal_id,
    }


def _line_params(lines: list[PreparedLine]) -> list[Any]:
    params: list[Any] = []
    for line in lines:
        params += [
            line.line_no, line.account.pk, line.side, line.amount, line.currency, line.exchange_rate,
            line.base_amount, line.tax_code_id, line.description,
        ]  # fmt: skip
    return params


def _execute(
    alias: str, statement: str, params: list[Any], *, post: bool
) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
    """Run the statement; return its row (the entry's id first) and, when a transaction's checks
    were settled at once, the entry's (number, prev_hash, hash, posted_xid)."""
    conn = connections[alias]
    with conn.cursor() as cursor:
        one_trip = isinstance(cursor.cursor, psycopg.ClientCursor)  # Django's default
        if conn.get_autocommit() and not conn.in_atomic_block:  # its own transaction
            if post and one_trip:
                return _settled_in_one_trip(cursor, statement, params)
            cursor.execute(statement, params)
            return cursor.fetchone(), None
        if one_trip:
            return _in_savepoint_one_trip(conn, cursor, statement, params, post=post)
        # Server-side binding (OPTIONS server_side_binding): one statement per round trip.
        return _in_savepoint_step_by_step(conn, cursor, statement, params, post=post)


def _settled_in_one_trip(
    cursor: Any, statement: str, params: list[Any]
) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
    """The statement, its commit-time checks fired before it ends, and what they set, in one
    implicit transaction: whoever shows the entry next has its number without asking again."""
    cursor.execute("; ".join([statement, SETTLE_STATEMENTS[0], SETTLED]), params)
    row = cursor.fetchone()
    cursor.nextset()  # SET CONSTRAINTS ... IMMEDIATE
    cursor.nextset()
    return row, cursor.fetchone()


def _in_savepoint_one_trip(
    conn: BaseDatabaseWrapper, cursor: Any, statement: str, params: list[Any], *, post: bool
) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
    parts = [f"SAVEPOINT {SAVEPOINT}", statement]
    if post:
        parts += [SETTLE, SETTLED]
    parts.append(f"RELEASE SAVEPOINT {SAVEPOINT}")
    try:
        cursor.execute("; ".join(parts), params)
    except BaseException:
        _roll_back_savepoint(conn.alias)
        raise
    cursor.nextset()
    row = cursor.fetchone()
    if not post:
        return row, None
    cursor.nextset()  # SET CONSTRAINTS ... IMMEDIATE
    cursor.nextset()  # SET CONSTRAINTS ... DEFERRED
    cursor.nextset()
    return row, cursor.fetchone()


def _in_savepoint_step_by_step(
    conn: BaseDatabaseWrapper, cursor: Any, statement: str, params: list[Any], *, post: bool
) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
    settled = None
    cursor.execute(f"SAVEPOINT {SAVEPOINT}")
    try:
        cursor.execute(statement, params)
        row = cursor.fetchone()
        if post:
            for settle in SETTLE_STATEMENTS:
                cursor.execute(settle)
            cursor.execute(SETTLED)
            settled = cursor.fetchone()
    except BaseException:
        _roll_back_savepoint(conn.alias)
        raise
    cursor.execute(f"RELEASE SAVEPOINT {SAVEPOINT}")
    return row, settled


def _commit_values(post: bool, settled: tuple[Any, ...] | None) -> dict[str, Any]:
    """What the commit-time checks set: read, deferred to first access, or a draft's blanks."""
    if not post:
        return {"number": None, "prev_hash": "", "hash": "", "posted_xid": None}
    if settled is None:  # set by the commit-time trigger after the statement: loaded on first access
        return dict.fromkeys(COMMIT_FIELDS, DEFERRED)
    return dict(zip(COMMIT_FIELDS, settled, strict=True))


def _roll_back_savepoint(alias: str) -> None:
    """Undo a failed write inside a transaction; if even that fails, the transaction is lost."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(f"ROLLBACK TO SAVEPOINT {SAVEPOINT}")
            cursor.execute(f"RELEASE SAVEPOINT {SAVEPOINT}")
    except DatabaseError:
        transaction.set_rollback(True, using=alias)


def settle_deferred_checks(alias: str) -> None:
    """Run the commit-time checks (balance, number, hash) now rather than at the outer commit.

    Switching a deferred constraint to IMMEDIATE fires its pending events at once; switching it
    back keeps later entries of the same transaction deferred.
    """
    with connections[alias].cursor() as cursor:
        cursor.execute(SETTLE)
