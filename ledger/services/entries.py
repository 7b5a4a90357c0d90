"""Journal entries: create (draft or posted), post, reverse. Validation here gives readable
errors; the triggers of migration 0002 refuse the same mistakes from any other path."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, IntegrityError, connections, transaction
from django.utils import timezone

from ledger.actor import Actor
from ledger.errors import (
    AccountCurrencyMismatch,
    AccountInactive,
    EntryNotDraft,
    EntryNotPosted,
    IdempotencyConflict,
    InvalidAmount,
    MissingExchangeRate,
    PeriodClosed,
    TooFewLines,
    UnbalancedEntry,
    UnknownAccount,
    UnknownTaxCode,
    from_database_error,
)
from ledger.models import Account, ExchangeRate, FiscalPeriod, JournalEntry, JournalLine, TaxCode
from ledger.money import minor_units, round_money, to_decimal, to_money
from tenants.context import current_alias

from .periods import ledger_settings, period_for

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


@dataclass
class Prepared:
    day: date
    period: FiscalPeriod
    lines: list[PreparedLine] = field(default_factory=list)


def _line_error(index: int, name: str, message: str) -> dict[str, Any]:
    return {"lines": {str(index): {name: [message]}}}


def _prepare(
    day: date,
    raw_lines: Sequence[LineInput | Mapping[str, Any]],
    *,
    actor: Actor,
    allow_inactive: bool = False,
) -> Prepared:
    """Validate and price the lines; raise the first readable DomainError.

    `allow_inactive`: a reversal may undo postings to an account deactivated since.
    """
    lines = [LineInput.of(raw) for raw in raw_lines]
    if len(lines) < 2:
        raise TooFewLines(fields={"lines": [TooFewLines.default_message]})
    settings = ledger_settings()
    base = settings.base_currency_id
    period = period_for(day, actor=actor)
    codes = {line.account for line in lines}
    accounts = {a.code: a for a in Account.objects.filter(code__in=codes)}
    tax_codes = {line.tax_code for line in lines if line.tax_code}
    taxes = {t.code: t.pk for t in TaxCode.objects.filter(code__in=tax_codes)} if tax_codes else {}
    rates = _rates_for(day, {line.currency for line in lines if line.currency and line.currency != base})

    prepared = Prepared(day=day, period=period)
    for i, line in enumerate(lines):
        account = accounts.get(line.account)
        if account is None:
            raise UnknownAccount(
                f"No account {line.account!r}.", fields=_line_error(i, "account", "Unknown account.")
            )
        if not account.is_active and not allow_inactive:
            raise AccountInactive(
                f"Account {account.code} is inactive.", fields=_line_error(i, "account", "Inactive account.")
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
        rate = _line_rate(i, line, currency, base, rates)
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
            tax_id = taxes.get(line.tax_code)
            if tax_id is None:
                raise UnknownTaxCode(
                    f"No tax code {line.tax_code!r}.", fields=_line_error(i, "tax_code", "Unknown tax code.")
                )
        prepared.lines.append(
            PreparedLine(i + 1, account, side, amount, currency, rate, base_amount, tax_id, line.description)
        )
    _balance(prepared.lines, base)
    return prepared


def _rates_for(day: date, currencies: set[str]) -> dict[str, Decimal]:
    rates: dict[str, Decimal] = {}
    for currency in currencies:
        found = (
            ExchangeRate.objects.filter(currency_id=currency.upper(), date__lte=day)
            .order_by("-date")
            .values_list("rate", flat=True)
            .first()
        )
        if found is not None:
            rates[currency.upper()] = found
    return rates


def _line_rate(i: int, line: LineInput, currency: str, base: str, rates: dict[str, Decimal]) -> Decimal:
    if currency == base:
        return Decimal(1)
    if line.exchange_rate is not None:
        rate = to_decimal(line.exchange_rate, field=f"lines[{i}].exchange_rate")
        if rate <= 0:
            raise InvalidAmount(
                "Exchange rates must be positive.", fields=_line_error(i, "exchange_rate", "> 0")
            )
        if rate != rate.quantize(RATE_QUANTUM):
            raise InvalidAmount(
                "Exchange rates have at most 10 decimals.",
                fields=_line_error(i, "exchange_rate", "Too many decimals."),
            )
        return rate
    if line.base_amount is not None:
        amount = to_decimal(line.debit if line.debit is not None else line.credit)
        return (to_decimal(line.base_amount) / amount).quantize(Decimal("1E-10")) if amount else Decimal(1)
    if currency in rates:
        return rates[currency]
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


RATE_QUANTUM = Decimal("1E-10")  # NUMERIC(20,10): a finer rate would be rounded when stored
DECIMAL_FIELDS = {"debit", "credit", "exchange_rate", "base_amount"}


def _normalized_request(day: date, lines: Iterable[LineInput], memo: str, reference: str, post: bool) -> dict:
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
    return existing


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
) -> JournalEntry:
    """Create an entry as a draft, or posted in the same transaction when `post`.

    With an idempotency key, a repeated request returns the first entry and writes nothing;
    the same key with a different body raises IdempotencyConflict — also when two race.
    """
    day = date
    inputs = [LineInput.of(raw) for raw in lines]
    digest = ""
    if idempotency_key:
        digest = request_hash(_normalized_request(day, inputs, memo, reference, post))
        replayed = _replay(idempotency_key, digest)
        if replayed is not None:
            return replayed
    prepared = _prepare(day, inputs, actor=actor)
    if post and not prepared.period.is_open:
        raise PeriodClosed(f"Period {prepared.period} is closed.", fields={"date": ["The period is closed."]})
    try:
        entry = _write(prepared, actor=actor, memo=memo, reference=reference, post=post, key=idempotency_key,
                       digest=digest, kind=kind)  # fmt: skip
    except IntegrityError as exc:
        if idempotency_key:
            replayed = _replay(idempotency_key, digest)
            if replayed is not None:
                return replayed
        raise _translated(exc) from exc
    except DatabaseError as exc:
        raise _translated(exc) from exc
    if post:
        entry.refresh_from_db(fields=["number", "hash", "prev_hash", "posted_at", "posted_xid"])
    return entry


def _translated(exc: DatabaseError) -> Exception:
    return from_database_error(exc) or exc


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
) -> JournalEntry:
    status = JournalEntry.Status.POSTED if post else JournalEntry.Status.DRAFT
    alias = current_alias()
    nested = connections[alias].in_atomic_block
    with transaction.atomic(using=alias):
        entry = JournalEntry.objects.create(
            fiscal_year_id=prepared.period.fiscal_year_id,
            period=prepared.period,
            date=prepared.day,
            memo=memo,
            reference=reference,
            status=status,
            idempotency_key=key or None,
            request_hash=digest,
            created_by_id=actor.id,
            created_by_name=actor.name,
            posted_at=timezone.now() if post else None,
            posted_by_id=actor.id if post else None,
            posted_by_name=actor.name if post else "",
            reversal_of=reversal_of,
            kind=kind,
        )
        _write_lines(entry, prepared.lines)
        if nested and post:
            settle_deferred_checks(alias)
    return entry


def settle_deferred_checks(alias: str) -> None:
    """Run the commit-time checks (balance, number, hash) now rather than at the outer commit.

    Switching a deferred constraint to IMMEDIATE fires its pending events at once; switching it
    back keeps later entries of the same transaction deferred.
    """
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SET CONSTRAINTS ledger_entry_commit IMMEDIATE; SET CONSTRAINTS ledger_entry_commit DEFERRED"
        )


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
        with transaction.atomic(using=current_alias()):
            locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
            if locked.status != JournalEntry.Status.DRAFT:
                raise EntryNotDraft(f"Entry {locked} is {locked.status}; only drafts can be edited.")
            locked.lines.all().delete()
            locked.date, locked.memo, locked.reference = prepared.day, memo, reference
            locked.period, locked.fiscal_year_id = prepared.period, prepared.period.fiscal_year_id
            locked.save(update_fields=["date", "memo", "reference", "period", "fiscal_year"])
            _write_lines(locked, prepared.lines)
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
            prepared = _prepare(locked.date, _line_inputs(locked), actor=actor)
            if not prepared.period.is_open:
                raise PeriodClosed(
                    f"Period {prepared.period} is closed.", fields={"date": ["The period is closed."]}
                )
            locked.status = JournalEntry.Status.POSTED
            locked.posted_at = timezone.now()
            locked.posted_by_id, locked.posted_by_name = actor.id, actor.name
            locked.save(update_fields=["status", "posted_at", "posted_by_id", "posted_by_name"])
            if nested:
                settle_deferred_checks(alias)
    except DatabaseError as exc:
        raise _translated(exc) from exc
    locked.refresh_from_db()
    return locked


def journal_entry_reverse(
    *, entry: JournalEntry, actor: Actor, date: date | None = None, memo: str = ""
) -> JournalEntry:
    """Post the mirror image of a posted entry and mark the original reversed."""
    alias = current_alias()
    try:
        with transaction.atomic(using=alias):
            original = JournalEntry.objects.select_for_update().get(pk=entry.pk)
            if original.status != JournalEntry.Status.POSTED:
                raise EntryNotPosted(
                    f"Entry {original} is {original.status}; only posted entries can be reversed."
                )
            day = date or original.date
            prepared = _prepare(day, _line_inputs(original, swap=True), actor=actor, allow_inactive=True)
            if not prepared.period.is_open:
                raise PeriodClosed(
                    f"Period {prepared.period} is closed; reverse with a date in an open period.",
                    fields={"date": ["The period is closed."]},
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
            )
            JournalEntry.objects.filter(pk=original.pk).update(status=JournalEntry.Status.REVERSED)
    except DatabaseError as exc:
        raise _translated(exc) from exc
    reversal.refresh_from_db()
    return reversal
