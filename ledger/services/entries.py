"""Journal entries: create (draft or posted), post, reverse. Validation here gives readable
errors; the triggers of migration 0002 refuse the same mistakes from any other path.

Validation is two steps shared with the bulk import (ledger.services.imports): `reference_data`
loads what the rules need (cached per tenant, see ledger.services.reference), then `validate`
applies the rules without touching the database.

A new entry and its lines are written by one statement (ledger.services.writing). Outside a
transaction that statement is its own transaction: the deferred commit-time checks (balance,
number, hash) run at its end, and posting takes one round trip. Number and hash are then loaded
on first access.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, IntegrityError, connections, transaction
from django.utils import timezone

from common.errors import DomainError
from ledger.actor import Actor
from ledger.errors import (
    AccountCurrencyMismatch,
    AccountInactive,
    BaseCurrencyRate,
    ControlAccount,
    EntryImmutable,
    EntryNotDraft,
    EntryNotPosted,
    FloatAmount,
    IdempotencyConflict,
    InvalidAmount,
    InvalidInput,
    MissingExchangeRate,
    PeriodClosed,
    TooFewLines,
    UnbalancedEntry,
    UnknownAccount,
    UnknownTaxCode,
    from_database_error,
)
from ledger.models import Account, FiscalPeriod, JournalEntry, JournalLine
from ledger.money import MAX_RATE, MIN_RATE, minor_units, round_money, to_decimal, to_money, to_rate
from pyledger_project import metrics
from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic

from .audit import audit_record
from .reference import Reference, invalidate, reference_data
from .writing import _write, settle_deferred_checks

D, C = JournalLine.Side.DEBIT, JournalLine.Side.CREDIT


@dataclass(frozen=True)
class LineInput:
    """One line as a caller gives it: exactly one of debit/credit, amounts as strings/Decimals."""

    account: str
    debit: Any = None
    credit: Any = None
    currency: str | None = None
    exchange_rate: Any = None
    base_amount: Any = None
    tax_code: str | None = None
    description: str = ""

    @classmethod
    def of(cls, value: LineInput | Mapping[str, Any]) -> LineInput:
        if isinstance(value, LineInput):
            return value
        known = {k: v for k, v in value.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class PreparedLine:
    line_no: int
    account: Account
    side: str
    amount: Decimal
    currency: str
    exchange_rate: Decimal
    base_amount: Decimal
    tax_code_id: int | None
    description: str
    tax_code: str | None = None  # its code, for showing the line as written


@dataclass
class Prepared:
    day: date
    period: FiscalPeriod
    lines: list[PreparedLine] = field(default_factory=list)
    cached: bool = False  # validated against cached reference data


def _line_error(index: int, name: str, message: str) -> dict[str, Any]:
    return {"lines": {str(index): {name: [message]}}}


def _needs(lines: Sequence[LineInput]) -> tuple[set[str], set[str], set[str]]:
    """Account codes, tax codes and currencies the lines refer to."""
    return (
        {line.account for line in lines},
        {line.tax_code for line in lines if line.tax_code},
        {line.currency.upper() for line in lines if isinstance(line.currency, str) and line.currency},
    )


# Errors a caller cannot fix by retrying with the same data: no need to look again on fresh data.
NOT_REFERENCE_ERRORS = (TooFewLines, FloatAmount)


def _prepare(
    day: date,
    raw_lines: Sequence[LineInput | Mapping[str, Any]],
    *,
    actor: Actor,
    allow_inactive: bool = False,
    closed_message: str | None = None,
    source: str = "",
) -> Prepared:
    """Load the reference data (cached when it may be), then validate; raise the first readable
    DomainError. A refusal based on cached data is confirmed on fresh data first.

    `allow_inactive`: a reversal may undo postings to an account deactivated since.
    `closed_message`: refuse a closed period with this message (posting); drafts may sit there.
    """
    lines = [LineInput.of(raw) for raw in raw_lines]
    if len(lines) < 2:
        raise TooFewLines(fields={"lines": [TooFewLines.default_message]})
    accounts, taxes, currencies = _needs(lines)
    ref = reference_data([day], accounts, taxes, currencies, actor=actor)
    rules: dict[str, Any] = dict(allow_inactive=allow_inactive, closed_message=closed_message, source=source)
    try:
        return validate(day, lines, ref, **rules)
    except NOT_REFERENCE_ERRORS:
        raise
    except DomainError:
        if not ref.cached:
            raise
    fresh = reference_data([day], accounts, taxes, currencies, actor=actor, fresh=True)
    return validate(day, lines, fresh, **rules)


def posting_prepare(
    day: date, lines: Sequence[LineInput | Mapping[str, Any]], *, actor: Actor, source: str
) -> Prepared:
    """Validate an entry that a subledger (`source`) posts through its own statement
    (`writing.write_numbered`): the rules of `journal_entry_create`, the same readable errors."""
    return _prepare(day, lines, actor=actor, closed_message=CLOSED, source=source)


def translated(exc: DatabaseError) -> Exception:
    """The readable DomainError a trigger meant by `exc`, or `exc` itself."""
    return _translated(exc)


def validate(
    day: date,
    lines: Sequence[LineInput],
    ref: Reference,
    *,
    allow_inactive: bool = False,
    closed_message: str | None = None,
    source: str = "",
) -> Prepared:
    """The rules of an entry, on reference data loaded beforehand: no database access.

    `source`: the subledger writing the entry (blank for hand entries and imports); only a
    subledger posts to control accounts.
    """
    if len(lines) < 2:
        raise TooFewLines(fields={"lines": [TooFewLines.default_message]})
    base = ref.base
    period = ref.period(day)
    prepared = Prepared(day=day, period=period, cached=ref.cached)
    for i, line in enumerate(lines):
        account = ref.accounts.get(line.account)
        if account is None:
            raise UnknownAccount(
                f"No account {line.account!r}.", fields=_line_error(i, "account", "Unknown account.")
            )
        if not account.is_active and not allow_inactive:
            raise AccountInactive(
                f"Account {account.code} is inactive.", fields=_line_error(i, "account", "Inactive account.")
            )
        if account.is_control and not source:
            raise ControlAccount(
                f"Account {account.code} is a control account: post to it through invoices, bills and"
                " payments.",
                fields=_line_error(i, "account", "Control account: use invoices, bills and payments."),
            )
        if (line.debit is None) == (line.credit is None):
            raise InvalidAmount(
                "Each line needs exactly one of debit or credit.",
                fields=_line_error(i, "debit", "Give a debit or a credit, not both."),
            )
        side, raw_amount = (D, line.debit) if line.debit is not None else (C, line.credit)
        currency = (line.currency or account.currency_id or base).upper()
        if account.currency_id and account.currency_id != currency:
            raise AccountCurrencyMismatch(
                f"Account {account.code} only takes {account.currency_id}.",
                fields=_line_error(i, "currency", f"Account takes {account.currency_id} only."),
            )
        amount = to_money(raw_amount, currency, field=f"lines[{i}].{'debit' if side == D else 'credit'}")
        if amount <= 0:
            raise InvalidAmount(
                "Line amounts must be positive; use the other side instead of a negative amount.",
                fields=_line_error(i, "debit" if side == D else "credit", "Must be greater than zero."),
            )
        rate = _line_rate(i, line, currency, base, ref.rate(currency, day) if currency != base else None)
        base_amount = (
            to_money(line.base_amount, base, field=f"lines[{i}].base_amount")
            if line.base_amount is not None
            else round_money(amount * rate, base, field=f"lines[{i}].base_amount")
        )
        if currency == base and base_amount != amount:
            raise InvalidAmount(
                f"A line in the base currency {base} needs base_amount equal to its amount.",
                fields=_line_error(i, "base_amount", "Must equal the amount."),
            )
        tax_id = None
        if line.tax_code:
            tax_id = ref.taxes.get(line.tax_code)
            if tax_id is None:
                raise UnknownTaxCode(
                    f"No tax code {line.tax_code!r}.", fields=_line_error(i, "tax_code", "Unknown tax code.")
                )
        written = (amount, currency, rate, base_amount, tax_id, line.description, line.tax_code)
        prepared.lines.append(PreparedLine(i + 1, account, side, *written))
    _balance(prepared.lines, base)
    if closed_message is not None and not period.is_open:
        raise PeriodClosed(closed_message.format(period=period), fields={"date": ["The period is closed."]})
    return prepared


def _line_rate(i: int, line: LineInput, currency: str, base: str, known: Decimal | None) -> Decimal:
    if currency == base:
        if line.exchange_rate is not None and to_rate(line.exchange_rate, field="exchange_rate") != 1:
            raise BaseCurrencyRate(fields=_line_error(i, "exchange_rate", BaseCurrencyRate.default_message))
        return Decimal(1)
    if line.exchange_rate is not None:
        try:
            return to_rate(line.exchange_rate, field="exchange_rate")
        except InvalidAmount as exc:
            raise InvalidAmount(exc.message, fields=_line_error(i, "exchange_rate", exc.message)) from None
    if line.base_amount is not None:
        amount = to_decimal(line.debit if line.debit is not None else line.credit)
        if not amount:
            return Decimal(1)
        field = f"lines[{i}].base_amount"
        implied = to_money(line.base_amount, base, field=field) / amount
        if not MIN_RATE <= implied.copy_abs() < MAX_RATE:  # the bounds of a given rate
            message = "base_amount and the amount imply an exchange rate out of bounds."
            raise InvalidAmount(message, fields=_line_error(i, "base_amount", message))
        return implied.quantize(RATE_QUANTUM)
    if known is not None:
        return known
    raise MissingExchangeRate(
        f"No {currency} rate on or before the entry date; give exchange_rate or add a rate.",
        fields=_line_error(i, "exchange_rate", f"No {currency} rate known."),
    )


def _signed(line: PreparedLine, value: Decimal) -> Decimal:
    return value if line.side == D else -value


def _balance(lines: list[PreparedLine], base: str) -> None:
    """Refuse an unbalanced entry; absorb conversion rounding into the largest foreign line."""
    per_currency: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        per_currency[line.currency] += _signed(line, line.amount)
    for currency, diff in per_currency.items():
        if diff:
            message = f"Debits and credits differ by {abs(diff)} {currency}."
            raise UnbalancedEntry(message, fields={"lines": [message]})
    base_diff = sum((_signed(line, line.base_amount) for line in lines), Decimal(0))
    if base_diff:
        # Each conversion rounds by at most half a minor unit: such a residue is not an error.
        foreign = [line for line in lines if line.currency != base]
        if not foreign or abs(base_diff) > Decimal(1).scaleb(-minor_units(base)) * len(foreign):
            message = f"Debits and credits differ by {abs(base_diff)} {base} in the base currency."
            raise UnbalancedEntry(message, fields={"lines": [message]})
        largest = max(foreign, key=lambda line: line.base_amount)
        largest.base_amount -= _signed(largest, base_diff)


def request_hash(payload: Mapping[str, Any]) -> str:
    """Stable digest of a request body, stored with its idempotency key."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


KEY_LENGTH = JournalEntry._meta.get_field("idempotency_key").max_length or 200
RATE_QUANTUM = Decimal("1E-10")  # NUMERIC(20,10): a finer rate would be rounded when stored
DECIMAL_FIELDS = {"debit", "credit", "exchange_rate", "base_amount"}


def _normalized_request(
    day: date, lines: Iterable[LineInput], memo: str, reference: str, post: bool
) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "memo": memo,
        "reference": reference,
        "post": post,
        "lines": [
            {
                # "100" and "100.00" are the same amount: the same request.
                k: (format(to_decimal(v).normalize(), "f") if k in DECIMAL_FIELDS else v)
                for k, v in vars(line).items()
                if v not in (None, "")
            }
            for line in lines
        ],
    }


def _replay(key: str, digest: str) -> JournalEntry | None:
    existing = JournalEntry.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.request_hash != digest:
        raise IdempotencyConflict(fields={"idempotency_key": [IdempotencyConflict.default_message]})
    existing.replayed = True
    return existing


CLOSED = "Period {period} is closed."


def journal_entry_create(
    *,
    date: date,
    lines: Sequence[LineInput | Mapping[str, Any]],
    actor: Actor,
    memo: str = "",
    reference: str = "",
    post: bool = False,
    idempotency_key: str | None = None,
    kind: str = JournalEntry.Kind.REGULAR,
    source: str = "",
) -> JournalEntry:
    """Create an entry as a draft, or posted in the same transaction when `post`.

    `source` names the subledger writing it ("sales", "payments", ...): blank for hand entries,
    which control accounts refuse.

    With an idempotency key, a repeated request returns the first entry (its `replayed` set) and
    writes nothing; the same key with a different body raises IdempotencyConflict — also when two
    race.
    A posted entry's number, hash, prev_hash and posted_xid, set by the database at commit, are
    read on first access (one query for all four).
    """
    if idempotency_key is not None and len(idempotency_key) > KEY_LENGTH:
        # Never cut: two keys that differ only after the cut would collide.
        message = f"The Idempotency-Key is longer than {KEY_LENGTH} characters."
        raise InvalidInput(message, fields={"idempotency_key": [message]})
    day = date
    inputs = [LineInput.of(raw) for raw in lines]
    digest = ""
    if idempotency_key:
        digest = request_hash(_normalized_request(day, inputs, memo, reference, post))
    entry = _Create(day, inputs, actor, memo, reference, post, idempotency_key, digest, kind, source)
    try:
        return entry.write()
    except (DomainError, DatabaseError):
        # A repeated key is found when the write or its validation fails (the unique index, or a
        # period closed since the first request), not by a query before every write.
        replayed = _replay(idempotency_key, digest) if idempotency_key else None
        if replayed is not None:
            return replayed
        raise


@dataclass
class _Create:
    """One journal_entry_create call: validate, then write, again on fresh data when refused on
    cached data."""

    day: date
    inputs: list[LineInput]
    actor: Actor
    memo: str
    reference: str
    post: bool
    key: str | None
    digest: str
    kind: str
    source: str

    def prepare(self) -> Prepared:
        closed = CLOSED if self.post else None
        return _prepare(self.day, self.inputs, actor=self.actor, closed_message=closed, source=self.source)

    def write_prepared(self, prepared: Prepared) -> JournalEntry:
        return _write(prepared, actor=self.actor, memo=self.memo, reference=self.reference, post=self.post,
                      key=self.key, digest=self.digest, kind=self.kind, source=self.source)  # fmt: skip

    def write(self) -> JournalEntry:
        prepared = self.prepare()
        try:
            return self.write_prepared(prepared)
        except IntegrityError as exc:
            if self.key and (replayed := _replay(self.key, self.digest)) is not None:
                return replayed
            if not prepared.cached:
                raise _translated(exc) from exc
            error: DatabaseError = exc
        except DatabaseError as exc:
            if not prepared.cached:
                raise _translated(exc) from exc
            error = exc
        # Refused on stale cached data (a period closed or an account changed elsewhere, a row
        # gone): validate again on fresh data for a readable error, and write once more if it passes.
        invalidate()
        try:
            prepared = self.prepare()
        except DomainError as fresh_error:
            raise fresh_error from error
        try:
            return self.write_prepared(prepared)
        except DatabaseError as exc:
            raise _translated(exc) from exc


def _translated(exc: DatabaseError) -> Exception:
    return from_database_error(exc) or exc


def _write_lines(entry: JournalEntry, lines: list[PreparedLine]) -> None:
    JournalLine.objects.bulk_create(
        JournalLine(
            entry=entry,
            line_no=line.line_no,
            account=line.account,
            side=line.side,
            amount=line.amount,
            currency_id=line.currency,
            exchange_rate=line.exchange_rate,
            base_amount=line.base_amount,
            tax_code_id=line.tax_code_id,
            description=line.description,
        )
        for line in lines
    )


def _line_inputs(entry: JournalEntry, *, swap: bool = False) -> list[LineInput]:
    result = []
    for line in entry.lines.select_related("account", "tax_code").order_by("line_no"):
        side = line.side if not swap else (C if line.side == D else D)
        result.append(
            LineInput(
                account=line.account.code,
                debit=line.amount if side == D else None,
                credit=line.amount if side == C else None,
                currency=line.currency_id,
                exchange_rate=line.exchange_rate,
                base_amount=line.base_amount,
                tax_code=line.tax_code.code if line.tax_code else None,
                description=line.description,
            )
        )
    return result


def journal_entry_update_draft(
    *,
    entry: JournalEntry,
    actor: Actor,
    date: date,
    lines: Sequence[LineInput | Mapping[str, Any]],
    memo: str = "",
    reference: str = "",
) -> JournalEntry:
    """Replace a draft's fields and lines."""
    prepared = _prepare(date, lines, actor=actor)
    try:
        with tenant_atomic():
            locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
            if locked.status != JournalEntry.Status.DRAFT:
                raise EntryNotDraft(f"Entry {locked} is {locked.status}; only drafts can be edited.")
            locked.lines.all().delete()
            locked.date, locked.memo, locked.reference = prepared.day, memo, reference
            locked.period, locked.fiscal_year_id = prepared.period, prepared.period.fiscal_year_id
            locked.save(update_fields=["date", "memo", "reference", "period", "fiscal_year"])
            _write_lines(locked, prepared.lines)
            audit_record(actor=actor, action="update", obj=locked, data={"date": str(prepared.day)})
    except DatabaseError as exc:
        raise _translated(exc) from exc
    return locked


def journal_entry_post(*, entry: JournalEntry, actor: Actor) -> JournalEntry:
    """Post a draft: validate it again, then freeze it; number and hash are set at commit."""
    alias = current_alias()
    nested = connections[alias].in_atomic_block
    try:
        with transaction.atomic(using=alias):
            locked = JournalEntry.objects.select_for_update().select_related("period").get(pk=entry.pk)
            if locked.status != JournalEntry.Status.DRAFT:
                raise EntryNotDraft(f"Entry {locked} is already {locked.status}.")
            _prepare(locked.date, _line_inputs(locked), actor=actor, closed_message=CLOSED)
            locked.status = JournalEntry.Status.POSTED
            locked.posted_at = timezone.now()
            locked.posted_by_id, locked.posted_by_name = actor.id, actor.name
            locked.save(update_fields=["status", "posted_at", "posted_by_id", "posted_by_name"])
            transaction.on_commit(metrics.entry_posted, using=alias)
            if nested:
                settle_deferred_checks(alias)
    except DatabaseError as exc:
        raise _translated(exc) from exc
    locked.refresh_from_db()
    return locked


REVERSE_ON = ("original_date", "next_period")


def journal_entry_reverse(
    *,
    entry: JournalEntry,
    actor: Actor,
    date: date | None = None,
    memo: str = "",
    on: str = "original_date",
    source: str = "",
) -> JournalEntry:
    """Post the mirror image of a posted entry and mark the original reversed.

    Dated `date` when given; else on the original's date (`on="original_date"`, a correction) or on
    the first day of the period after the original's (`on="next_period"`, an accrual's reversal).
    An entry a subledger wrote is reversed only by that subledger (`source`): its documents
    would otherwise disagree with the books.
    """
    alias = current_alias()
    try:
        with transaction.atomic(using=alias):
            original = JournalEntry.objects.select_for_update().get(pk=entry.pk)
            if original.status != JournalEntry.Status.POSTED:
                raise EntryNotPosted(
                    f"Entry {original} is {original.status}; only posted entries can be reversed."
                )
            if original.source != source:
                raise EntryImmutable(
                    f"Entry {original} was written by {original.source}: undo it there (a credit note,"
                    " a refund or a cancelled payment), not by reversing the entry."
                )
            if date is None and on == "next_period":  # periods after it are made on demand
                date = FiscalPeriod.objects.get(pk=original.period_id).end_date + timedelta(days=1)
            day = date or original.date
            prepared = _prepare(
                day,
                _line_inputs(original, swap=True),
                actor=actor,
                allow_inactive=True,
                closed_message="Period {period} is closed; reverse with a date in an open period.",
                source=source,
            )
            reversal = _write(
                prepared,
                actor=actor,
                memo=memo or f"Reversal of {original}",
                reference=original.reference,
                post=True,
                key=None,
                digest="",
                reversal_of=original,
                source=source,
            )
            JournalEntry.objects.filter(pk=original.pk).update(status=JournalEntry.Status.REVERSED)
    except DatabaseError as exc:
        raise _translated(exc) from exc
    reversal.refresh_from_db()
    return reversal


def journal_entry_delete_draft(*, entry: JournalEntry, actor: Actor) -> None:
    """Delete a draft (posted entries are never deleted: reverse them)."""
    with tenant_atomic():
        locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != JournalEntry.Status.DRAFT:
            raise EntryImmutable(
                f"Entry {locked} is {locked.status}; post a reversal instead of deleting it."
            )
        audit_record(actor=actor, action="delete", obj=locked, data={"date": str(locked.date)})
        locked.delete()
