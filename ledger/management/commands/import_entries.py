"""import_entries <slug> <file.csv|file.jsonl>: post many journal entries (format: docs/ledger.md)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from ledger.actor import Actor
from ledger.errors import ImportRefused
from ledger.services.imports import journal_entries_import
from tenants.management.base import TenantCommand
from tenants.routing.context import tenant_context

ENTRY_COLUMNS = ("date", "memo", "reference", "idempotency_key", "status")
LINE_COLUMNS = (
    "account", "debit", "credit", "currency", "exchange_rate", "base_amount", "tax_code", "description",
)  # fmt: skip
CSV_COLUMNS = ("entry", *ENTRY_COLUMNS, *LINE_COLUMNS)
STATUSES = {"": True, "posted": True, "draft": False}


class BadInput(Exception):
    """The file itself is malformed (not an entry the rules refuse)."""


@dataclass
class Parsed:
    entries: list[dict[str, Any]]
    where: list[str]  # per entry: where it starts in the file ("row 12", "line 3")


def _post_flag(status: Any, where: str) -> bool:
    if not isinstance(status, str) or status.strip().lower() not in STATUSES:
        raise BadInput(f"{where}: status must be 'posted' or 'draft', not {status!r}")
    return STATUSES[status.strip().lower()]


def read_csv(path: Path) -> Parsed:
    """One row per line; rows with the same `entry` value, one after the other, form an entry."""
    entries: list[dict[str, Any]] = []
    where: list[str] = []
    seen: set[str] = set()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        unknown = [name for name in header if name not in CSV_COLUMNS]
        if unknown:
            raise BadInput(f"row 1: unknown column {unknown[0]!r} (known: {', '.join(CSV_COLUMNS)})")
        missing = [name for name in ("entry", "date", "account") if name not in header]
        if missing or not {"debit", "credit"} & set(header):
            raise BadInput("row 1: the header needs entry, date, account and debit or credit columns")
        reader.fieldnames = header
        current: str | None = None
        for number, row in enumerate(reader, 2):
            if None in row:
                raise BadInput(f"row {number}: more cells than columns")
            cells = {k: (v or "").strip() for k, v in row.items()}
            if not any(cells.values()):
                continue
            key = cells["entry"]
            if not key:
                raise BadInput(f"row {number}: the entry column is empty")
            if key != current:
                if key in seen:
                    raise BadInput(f"row {number}: the rows of entry {key!r} must be one after the other")
                seen.add(key)
                current = key
                entry: dict[str, Any] = {
                    "date": cells.get("date", ""),
                    "memo": cells.get("memo", ""),
                    "reference": cells.get("reference", ""),
                    "post": _post_flag(cells.get("status", ""), f"row {number}"),
                    "lines": [],
                }
                if cells.get("idempotency_key"):
                    entry["idempotency_key"] = cells["idempotency_key"]
                entries.append(entry)
                where.append(f"row {number}")
            else:
                # Later rows of an entry leave its fields empty, or repeat them.
                entry = entries[-1]
                for name in ENTRY_COLUMNS:
                    value = cells.get(name, "")
                    differs = (
                        _post_flag(value, f"row {number}") != entry["post"]
                        if name == "status"
                        else value != entry.get(name, "")
                    )
                    if value and differs:
                        raise BadInput(f"row {number}: entry {key!r} has another {name} on an earlier row")
            entry["lines"].append({name: cells[name] for name in LINE_COLUMNS if cells.get(name)})
    return Parsed(entries, where)


def read_jsonl(path: Path) -> Parsed:
    """One entry per line, a JSON object; numbers are read as exact decimals."""
    entries: list[dict[str, Any]] = []
    where: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            if not text.strip():
                continue
            try:
                entry = json.loads(text, parse_float=Decimal)
            except json.JSONDecodeError as exc:
                raise BadInput(f"line {number}: not JSON ({exc.msg}, column {exc.colno})") from None
            if not isinstance(entry, dict):
                raise BadInput(f"line {number}: an entry is a JSON object")
            if "status" in entry:
                entry["post"] = _post_flag(entry.pop("status"), f"line {number}")
            entries.append(entry)
            where.append(f"line {number}")
    return Parsed(entries, where)


READERS = {".csv": read_csv, ".jsonl": read_jsonl, ".ndjson": read_jsonl}


class Command(TenantCommand):
    help = (
        "Import journal entries into a company's books from a CSV or JSON Lines file (format: "
        "docs/ledger.md). Batches of --batch-size entries are each one transaction; an invalid "
        "entry stops the import (exit 1) before its batch writes anything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The company.")
        parser.add_argument("file", type=Path, help="A .csv or .jsonl file.")
        parser.add_argument("--batch-size", type=int, default=1000, help="Entries per transaction.")
        parser.add_argument("--actor", default="import", help="Name recorded as creator and poster.")

    def handle(self, *args: Any, slug: str, file: Path, batch_size: int, actor: str, **options: Any) -> None:
        reader = READERS.get(file.suffix.lower())
        if reader is None:
            raise CommandError(f"{file}: unknown format; use a .csv or .jsonl file")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            parsed = reader(file)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror or exc}") from None
        except (BadInput, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"{file}: {exc}") from None
        with tenant_context(slug) as tenant:
            try:
                result = journal_entries_import(
                    entries=parsed.entries, actor=Actor.system(actor), batch_size=batch_size
                )
            except ImportRefused as refused:
                at = f"{parsed.where[refused.index]}: " if refused.index is not None else ""
                raise CommandError(f"{file}: {at}{refused.message}") from None
        self.stdout.write(
            f"{tenant.slug}: imported {result.created} entries ({result.skipped} already there) "
            f"in {result.batches} batch(es) from {file}"
        )
