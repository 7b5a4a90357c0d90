"""Import a bank's statement file: parse, check, then store only the lines not seen before.

Everything is checked before anything is written (size, format, account, currency, balances),
and the whole file is stored in one transaction under the bank account's lock: two imports of
the same file at the same moment give one set of lines, a refused file writes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

import bank.formats as formats
from bank.dedup import dedup_keys
from bank.errors import BalanceMismatch, StatementRefused, StatementTooLarge, WrongBankAccount
from bank.locks import lock_bank_account
from bank.models import BankAccount, CsvProfile, Statement, StatementLine
from events import types as event_types
from events.outbox import emit
from ledger.actor import Actor
from ledger.money import MAX_AMOUNT
from ledger.services.audit import audit_record
from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic


@dataclass(frozen=True)
class ImportResult:
    statements: list[Statement]
    lines: int  # in the file
    added: int
    duplicates: int

    @property
    def summary(self) -> str:
        return f"{self.lines} lines read, {self.added} imported, {self.duplicates} duplicates skipped"


def csv_profile_of(profile: CsvProfile, currency: str) -> formats.CsvProfile:
    """The format layer's CsvProfile for a saved profile; rows without a currency column are in
    `currency`, the bank account's."""
    return formats.CsvProfile(
        default_currency=currency,
        delimiter=profile.delimiter,
        encoding=profile.encoding,
        skip_rows=profile.skip_rows,
        has_header=profile.has_header,
        date_format=profile.date_format,
        decimal_separator=profile.decimal_separator,
        thousands_separator=profile.thousands_separator,
        columns=dict(profile.columns),
    )


def parse(
    data: bytes, *, format: str | None, profile: CsvProfile | None, currency: str = ""
) -> list[formats.ParsedStatement]:
    """The statements of a file; StatementRefused (one readable line) for anything wrong with it."""
    try:
        formats.check_size(len(data))
    except formats.StatementFormatError as exc:
        raise StatementTooLarge(str(exc)) from None
    try:
        kind = format or formats.detect_format(data)
        if kind == "csv" and profile is None:
            raise StatementRefused(
                "A CSV file needs a profile (its columns, date format and separators).",
                fields={"profile": ["Required for CSV files."]},
            )
        csv_profile = csv_profile_of(profile, currency) if profile is not None else None
        return list(formats.parse_statements(data, format=kind, csv_profile=csv_profile))
    except formats.StatementFormatError as exc:
        raise StatementRefused(str(exc), fields={"file": [str(exc)]}) from None


def _compact(value: str) -> str:
    return "".join(value.split()).upper()


def check(bank_account: BankAccount, statement: formats.ParsedStatement) -> None:
    """Refuse a statement of another account or currency, or one whose lines do not add up."""
    ours = {_compact(v) for v in (bank_account.iban, bank_account.account_number) if v}
    theirs = _compact(statement.account)
    if ours and theirs and theirs not in ours and not any(theirs.endswith(o) for o in ours):
        raise WrongBankAccount(
            f"The statement is for account {statement.account}, not {bank_account.name} "
            f"({bank_account.iban or bank_account.account_number}).",
            fields={"file": ["Statement of another account."]},
        )
    currencies = {statement.currency} | {line.currency for line in statement.lines}
    wrong = sorted(c for c in currencies if c and c != bank_account.currency_id)
    if wrong:
        raise WrongBankAccount(
            f"The statement is in {', '.join(wrong)}; {bank_account.name} holds {bank_account.currency_id}.",
            fields={"file": ["Statement in another currency."]},
        )
    _check_amounts(statement, bank_account.currency_id, bank_account.currency.minor_units)
    try:
        formats.check_balances(statement)
    except formats.StatementFormatError as exc:
        raise BalanceMismatch(str(exc), fields={"file": [str(exc)]}) from None


def _check_amounts(statement: formats.ParsedStatement, currency: str, minor_units: int) -> None:
    """Refuse an amount the books cannot store (NUMERIC(20,4): below 10^16; PostgreSQL refused it
    when the statement was stored, a 500) or one finer than the currency's minor unit (it was
    rounded to 4 places without a word, and could never match an entry)."""
    named = [("Opening balance", statement.opening_balance), ("Closing balance", statement.closing_balance)]
    named += [(f"Line {n} ({line.booking_date})", line.amount) for n, line in enumerate(statement.lines, 1)]
    unit = Decimal(1).scaleb(-minor_units)
    for what, amount in named:
        if amount is None:
            continue
        shown = str(amount) if len(str(amount)) <= 40 else f"{str(amount)[:40]}..."
        if amount.copy_abs() >= MAX_AMOUNT:
            message = f"{what}: {shown} is too large: amounts stay below 10^16."
            raise StatementRefused(message, fields={"file": [message]})
        if amount != amount.quantize(unit, rounding=ROUND_DOWN):
            message = f"{what}: {shown} has more decimals than {currency} allows ({minor_units})."
            raise StatementRefused(message, fields={"file": [message]})


def import_statement(
    *,
    bank_account: BankAccount,
    data: bytes,
    actor: Actor,
    file_name: str = "",
    format: str | None = None,
    profile: CsvProfile | None = None,
) -> ImportResult:
    statements = parse(data, format=format, profile=profile, currency=bank_account.currency_id)
    for statement in statements:
        check(bank_account, statement)
    file_hash = hashlib.sha256(data).hexdigest()
    stored: list[Statement] = []
    total = added = 0
    with tenant_atomic():
        lock_bank_account(current_alias(), bank_account.pk)
        for part, parsed in enumerate(statements):
            total += len(parsed.lines)
            saved, count = _store(bank_account, parsed, file_hash, part, file_name, actor)
            added += count
            if saved is not None:
                stored.append(saved)
    return ImportResult(statements=stored, lines=total, added=added, duplicates=total - added)


def _store(
    bank_account: BankAccount,
    parsed: formats.ParsedStatement,
    file_hash: str,
    part: int,
    file_name: str,
    actor: Actor,
) -> tuple[Statement | None, int]:
    """Store one statement and its new lines; (None, 0) when this very file was imported before."""
    if Statement.objects.filter(bank_account=bank_account, file_hash=file_hash, part=part).exists():
        return None, 0
    keys = list(dedup_keys(parsed.lines))
    known = set(
        StatementLine.objects.filter(bank_account=bank_account, dedup_key__in=keys).values_list(
            "dedup_key", flat=True
        )
    )
    statement = Statement.objects.create(
        bank_account=bank_account,
        format=parsed.format,
        file_name=file_name[:255],
        file_hash=file_hash,
        part=part,
        statement_id=parsed.statement_id[:100],
        period_start=parsed.period_start,
        period_end=parsed.period_end,
        opening_balance=parsed.opening_balance,
        closing_balance=parsed.closing_balance,
        lines_total=len(parsed.lines),
        imported_by_id=actor.id,
        imported_by_name=actor.name,
    )
    new: list[StatementLine] = []
    for key, line in zip(keys, parsed.lines, strict=True):
        if key in known or line.amount == Decimal(0):
            continue
        known.add(key)
        new.append(
            StatementLine(
                statement=statement,
                bank_account=bank_account,
                booking_date=line.booking_date,
                value_date=line.value_date,
                amount=line.amount,
                currency_id=line.currency or bank_account.currency_id,
                counterparty_name=line.counterparty_name[:200],
                counterparty_account=line.counterparty_account[:64],
                reference=line.reference[:500],
                description=line.description,
                transaction_id=line.transaction_id[:100],
                bank_code=line.bank_code[:40],
                dedup_key=key,
            )
        )
    StatementLine.objects.bulk_create(new, batch_size=2000)
    statement.lines_added = len(new)
    statement.save(update_fields=["lines_added"])
    audit_record(
        actor=actor,
        action="import",
        obj=statement,
        data={"file": file_name[:255], "lines": len(parsed.lines), "added": len(new)},
    )
    emit(event_types.STATEMENT_IMPORTED, {
        "id": statement.pk, "bank_account": bank_account.pk, "format": statement.format,
        "period_start": _iso(statement.period_start), "period_end": _iso(statement.period_end),
        "lines": len(parsed.lines), "added": len(new),
    })  # fmt: skip
    return statement, len(new)


def _iso(day: object) -> str | None:
    return day.isoformat() if hasattr(day, "isoformat") else None
