"""Bulk import of journal entries: the rules of journal_entry_create, written per batch with COPY.

Each batch (default 1,000 entries) loads the reference data once, validates every entry with
the same `validate` as journal_entry_create, then writes its entries and lines with two COPYs in
one transaction. At its commit the database checks, numbers and hashes the whole batch at once
(ledger_entry_commit). An invalid entry stops the import before its batch writes anything;
batches before it stay committed. With idempotency keys a re-run is safe: an entry whose key was
already imported with the same content is skipped (the same key with other content is refused),
so running the corrected file again resumes where the refused batch stopped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import DatabaseError, IntegrityError, connections
from django.utils import timezone

from common.errors import DomainError
from common.text import parse_iso_date
from ledger.actor import Actor
from ledger.errors import IdempotencyConflict, ImportRefused, InvalidInput, from_database_error
from ledger.models import JournalEntry
from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic

from .entries import (
    CLOSED,
    KEY_LENGTH,
    LineInput,
    Prepared,
    PreparedLine,
    _needs,
    _normalized_request,
    request_hash,
    validate,
)
from .reference import reference_data
from .writing import ENTRY_COLUMNS, LINE_COLUMNS, SETTLE, entry_values

ENTRY_FIELDS = {"date", "lines", "memo", "reference", "idempotency_key", "post"}

# Built from constant column lists: no input reaches these statements' text.
COPY_ENTRIES = "COPY ledger_journalentry (id, " + ", ".join(ENTRY_COLUMNS) + ") FROM STDIN"
COPY_LINES = "COPY ledger_journalline (entry_id, " + ", ".join(LINE_COLUMNS) + ") FROM STDIN"
NEXT_IDS = "SELECT nextval(pg_get_serial_sequence('ledger_journalentry', 'id')) FROM generate_series(1, %s)"


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0  # already imported: same idempotency key, same content
    batches: int = 0  # batches committed
    entry_ids: list[int] = field(default_factory=list)  # per input entry, in order

    @property
    def done(self) -> int:
        """Input entries handled so far: the committed batches'."""
        return len(self.entry_ids)


@dataclass
class EntryInput:
    date: date
    lines: list[LineInput]
    memo: str = ""
    reference: str = ""
    idempotency_key: str | None = None
    post: bool = True
    digest: str = ""


class _Refusal(Exception):
    """An entry of the current batch is refused: (index in the input, field, the domain error)."""

    def __init__(self, index: int | None, error: DomainError) -> None:
        super().__init__(error.message)
        self.index, self.error = index, error


def journal_entries_import(
    *, entries: Sequence[Mapping[str, Any]], actor: Actor, batch_size: int = 1000
) -> ImportResult:
    """Post (or keep as drafts, with "post": False) many entries, `batch_size` per transaction.

    Each entry is a mapping like journal_entry_create's arguments: date (a date or ISO string),
    lines (mappings as LineInput takes them), and optionally memo, reference, idempotency_key
    and post (default True). Raises ImportRefused naming the first invalid entry's index and
    field; its `result` tells what the batches before it committed.
    """
    if batch_size < 1:
        raise InvalidInput("The batch size must be at least 1.", fields={"batch_size": [">= 1"]})
    result = ImportResult()
    keys: dict[str, tuple[str, int]] = {}  # idempotency key -> (digest, entry id), this import's
    for number, start in enumerate(range(0, len(entries), batch_size), 1):
        chunk = entries[start : start + batch_size]
        try:
            done = _import_batch(chunk, start, actor=actor, keys=keys)
        except _Refusal as refusal:
            raise _refused(refusal, result, number, start, len(chunk)) from refusal.error
        for entry_id, created, entry in done:
            result.entry_ids.append(entry_id)
            if created:
                result.created += 1
            else:
                result.skipped += 1
            if entry.idempotency_key:
                keys[entry.idempotency_key] = (entry.digest, entry_id)
        result.batches += 1
    return result


def _import_batch(
    chunk: Sequence[Mapping[str, Any]], start: int, *, actor: Actor, keys: dict[str, tuple[str, int]]
) -> list[tuple[int, bool, EntryInput]]:
    """Validate and write one batch; return (entry id, created, input) per entry."""
    inputs = []
    for i, raw in enumerate(chunk):
        try:
            inputs.append(_entry_input(raw))
        except DomainError as error:
            raise _Refusal(start + i, error) from None
    accounts: set[str] = set()
    taxes: set[str] = set()
    currencies: set[str] = set()
    for entry in inputs:
        a, t, c = _needs(entry.lines)
        accounts |= a
        taxes |= t
        currencies |= c
    days = {entry.date for entry in inputs}
    try:
        ref = reference_data(days, accounts, taxes, currencies, actor=actor, fresh=True)
    except DomainError as error:  # not seeded; a date no fiscal year can cover: name its entry
        named = next((i for i, entry in enumerate(inputs) if str(entry.date) in error.message), None)
        raise _Refusal(None if named is None else start + named, error) from None
    prepared: list[Prepared] = []
    for i, entry in enumerate(inputs):
        try:
            prepared.append(
                validate(entry.date, entry.lines, ref, closed_message=CLOSED if entry.post else None)
            )
        except DomainError as error:
            raise _Refusal(start + i, error) from None
    try:
        return _write_batch(inputs, prepared, start, actor=actor, keys=keys)
    except _KeyTaken:
        # A key of this batch was imported meanwhile by someone else: it is skipped now.
        return _write_batch(inputs, prepared, start, actor=actor, keys=keys, retry=True)


class _KeyTaken(Exception):
    pass


def _write_batch(
    inputs: list[EntryInput],
    prepared: list[Prepared],
    start: int,
    *,
    actor: Actor,
    keys: dict[str, tuple[str, int]],
    retry: bool = False,
) -> list[tuple[int, bool, EntryInput]]:
    """Write the batch's new entries; return (entry id, created, input) per input entry."""
    new, outcome = _sort_out_keys(inputs, start, keys)
    ids = _copy_entries(inputs, prepared, new, start, actor=actor, retry=retry) if new else []
    result: list[tuple[int, bool, EntryInput]] = []
    for (kind, value), entry in zip(outcome, inputs, strict=True):
        if kind == "new":
            result.append((ids[value], True, entry))
        elif kind == "old":
            result.append((value, False, entry))
        else:
            result.append((result[value][0], False, entry))
    return result


def _sort_out_keys(
    inputs: list[EntryInput], start: int, keys: dict[str, tuple[str, int]]
) -> tuple[list[int], list[tuple[str, int]]]:
    """Which input entries are new rows, by their idempotency keys.

    Returns the indexes of the new entries, and per input entry: ("new", its position among the
    rows written), ("old", the id of the entry imported before) or ("repeat", the index of the
    same entry earlier in this batch). The same key with other content is refused.
    """
    wanted = [entry.idempotency_key for entry in inputs if entry.idempotency_key]
    existing: dict[str, tuple[str, int]] = {}
    if wanted:
        rows = JournalEntry.objects.filter(idempotency_key__in=wanted)
        found = rows.values_list("idempotency_key", "request_hash", "pk")
        existing = {str(key): (digest, pk) for key, digest, pk in found}
    new: list[int] = []
    outcome: list[tuple[str, int]] = []
    first_of_key: dict[str, int] = {}
    for i, entry in enumerate(inputs):
        key = entry.idempotency_key
        if key:
            before = existing.get(key) or keys.get(key)
            if key in first_of_key:
                if inputs[first_of_key[key]].digest != entry.digest:
                    raise _Refusal(start + i, _conflict())
                outcome.append(("repeat", first_of_key[key]))
                continue
            if before is not None:
                if before[0] != entry.digest:
                    raise _Refusal(start + i, _conflict())
                outcome.append(("old", before[1]))
                continue
            first_of_key[key] = i
        outcome.append(("new", len(new)))
        new.append(i)
    return new, outcome


def _copy_entries(
    inputs: list[EntryInput],
    prepared: list[Prepared],
    new: list[int],
    start: int,
    *,
    actor: Actor,
    retry: bool,
) -> list[int]:
    """COPY the new entries and their lines in one transaction; return their ids, in order."""
    conn = connections[current_alias()]
    nested = conn.in_atomic_block or not conn.get_autocommit()
    now = timezone.now()
    ids: list[int] = []
    try:
        with tenant_atomic(), conn.cursor() as cursor:
            cursor.execute(NEXT_IDS, [len(new)])
            ids = [row[0] for row in cursor.fetchall()]
            pg = cursor.cursor  # psycopg's own cursor, for COPY
            with conn.wrap_database_errors:
                with pg.copy(COPY_ENTRIES) as copy:
                    for entry_id, i in zip(ids, new, strict=True):
                        copy.write_row(_entry_row(entry_id, inputs[i], prepared[i], now, actor))
                with pg.copy(COPY_LINES) as copy:
                    for entry_id, i in zip(ids, new, strict=True):
                        for line in prepared[i].lines:
                            copy.write_row(_line_row(entry_id, line))
            if nested:
                cursor.execute(SETTLE)  # this batch's commit-time checks now, in its savepoint
    except IntegrityError as exc:
        if not retry and "idempotency_key" in _constraint(exc):
            raise _KeyTaken from exc
        raise _Refusal(_index_named(exc, ids, new, start), _translated(exc)) from None
    except DatabaseError as exc:
        raise _Refusal(_index_named(exc, ids, new, start), _translated(exc)) from None
    return ids


def _line_row(entry_id: int, line: PreparedLine) -> tuple[Any, ...]:
    return (
        entry_id, line.line_no, line.account.pk, line.side, line.amount, line.currency,
        line.exchange_rate, line.base_amount, line.tax_code_id, line.description,
    )  # fmt: skip


def _constraint(exc: DatabaseError) -> str:
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) or ""


def _entry_row(
    entry_id: int, entry: EntryInput, prepared: Prepared, now: Any, actor: Actor
) -> tuple[Any, ...]:
    text = (entry.memo, entry.reference, JournalEntry.Kind.REGULAR.value, "")
    values = entry_values(
        prepared, actor, entry.post, now, text=text, key=(entry.idempotency_key, entry.digest)
    )
    values.update(prev_hash="", hash="")
    return (entry_id, *(values[c] for c in ENTRY_COLUMNS))


def _entry_input(raw: Mapping[str, Any]) -> EntryInput:
    """An input entry checked for shape (the rules come later, in validate)."""
    if not isinstance(raw, Mapping):
        raise InvalidInput("An entry must be a mapping of fields.", fields={"entry": ["Not an object."]})
    unknown = sorted(set(raw) - ENTRY_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown field {unknown[0]!r}.", fields={unknown[0]: ["Unknown field."]})
    day = raw.get("date")
    if isinstance(day, str):
        try:
            day = parse_iso_date(day.strip())
        except ValueError:
            day = None
    if not isinstance(day, date):
        raise InvalidInput("date must be a date (YYYY-MM-DD).", fields={"date": ["Not a date."]})
    lines = raw.get("lines")
    if not isinstance(lines, Sequence) or isinstance(lines, str | bytes):
        raise InvalidInput("lines must be a list of lines.", fields={"lines": ["Not a list."]})
    parsed = []
    for i, line in enumerate(lines):
        if not isinstance(line, LineInput | Mapping) or (
            isinstance(line, Mapping) and not line.get("account")
        ):
            raise InvalidInput(
                "Each line needs an account.", fields={"lines": {str(i): {"account": ["Required."]}}}
            )
        parsed.append(LineInput.of(line))
    memo, reference = raw.get("memo") or "", raw.get("reference") or ""
    key = raw.get("idempotency_key") or None
    for name, value in (("memo", memo), ("reference", reference), ("idempotency_key", key or "")):
        if not isinstance(value, str):
            raise InvalidInput(f"{name} must be text.", fields={name: ["Not text."]})
    if key is not None and len(key) > KEY_LENGTH:
        raise InvalidInput(
            f"idempotency_key is longer than {KEY_LENGTH} characters.",
            fields={"idempotency_key": ["Too long."]},
        )
    post = raw.get("post", True)
    if not isinstance(post, bool):
        raise InvalidInput("post must be true or false.", fields={"post": ["Not a boolean."]})
    entry = EntryInput(day, parsed, memo, reference, key, post)
    if key:
        # The digest journal_entry_create stores: the API can replay an imported key, and back.
        entry.digest = request_hash(_normalized_request(day, parsed, memo, reference, post))
    return entry


def _conflict() -> IdempotencyConflict:
    return IdempotencyConflict(fields={"idempotency_key": [IdempotencyConflict.default_message]})


def _translated(exc: DatabaseError) -> DomainError:
    error = from_database_error(exc)
    if error is not None:
        return error
    return InvalidInput(f"The database refused the batch: {str(exc).strip().splitlines()[0]}")


_ENTRY_ID = re.compile(r"\bentry (\d+)\b")


def _index_named(exc: DatabaseError, ids: list[int], new: list[int], start: int) -> int | None:
    """The input index of the entry a trigger's message names ("entry 1234 is unbalanced ...")."""
    found = _ENTRY_ID.search(str(exc))
    if found is None:
        return None
    positions = {entry_id: i for entry_id, i in zip(ids, new, strict=False)}
    position = positions.get(int(found.group(1)))
    return None if position is None else start + position


def _first_field(fields: Mapping[str, Any], prefix: str = "") -> tuple[str, str]:
    """The first leaf of a DomainError's fields, as a path and its message."""
    for name, value in fields.items():
        path = f"{prefix}[{name}]" if prefix and name.isdigit() else f"{prefix}.{name}" if prefix else name
        if isinstance(value, Mapping):
            return _first_field(value, path)
        if isinstance(value, list | tuple) and value:
            return path, str(value[0])
        return path, str(value)
    return prefix, ""


def _refused(refusal: _Refusal, result: ImportResult, batch: int, start: int, size: int) -> ImportRefused:
    error = refusal.error
    field_name, _ = _first_field(error.fields) if error.fields else ("", "")
    end = start + size - 1
    if result.batches:
        kept = (
            f"{result.batches} earlier batch(es) (entries 0-{start - 1}) stay committed; "
            "with idempotency keys, re-running the corrected input skips them"
        )
    else:
        kept = "nothing was imported"
    where = f"entry {refusal.index}" if refusal.index is not None else f"batch {batch}"
    about = f" ({field_name})" if field_name else ""
    message = (
        f"{where}{about}: {error.message.rstrip('.')}. "
        f"Nothing of batch {batch} (entries {start}-{end}) was written; {kept}."
    )
    return ImportRefused(
        message,
        index=refusal.index,
        field=field_name,
        cause=error,
        result=result,
        fields={"entries": {str(refusal.index): error.fields}} if refusal.index is not None else error.fields,
    )
