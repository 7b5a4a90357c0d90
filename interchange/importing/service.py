"""Write a Book into the active company: accounts, exchange rates, entries; then compare balances.

`import_book(book=..., actor=...)` reads the book's transactions twice. The first read writes
nothing: it collects the accounts used and refuses the whole import, with the list, when any
transaction falls in a closed period. Then it creates the missing accounts (and their parents,
one per `:` segment), records the prices it can as exchange rates, and posts the entries through
the ledger's bulk import (`ledger.services.imports.journal_entries_import`), `batch_size` per
transaction. Each entry's idempotency key is the source's id for the transaction, or a hash of
its content (with a counter for identical transactions), so importing the same file again adds
nothing and an import stopped half-way is finished by running it again.

How a source transaction becomes an entry:
- a posting in an ISO 4217 currency the company knows is a line in that currency;
- a posting in another commodity held at cost (`10 GLD {208.98 USD}`) or priced (`@`) in such a
  currency is a line of its weight in that currency: pyledger holds lots at their cost basis,
  without units (noted `held_at_cost` / `priced_commodity`);
- a posting in a commodity that is no currency and has no cost or price (`5 VACHR`) is left out
  (noted `not_a_currency`): such postings balance among themselves, so the rest still balances;
- amounts finer than the currency's minor unit are rounded half to even, on the account's running
  balance, so that each account stays at the source's balance rounded (noted `rounded`);
- what no longer balances per currency (conversions, rounding) goes to the trading account
  (`3900` by default) in that currency: the pattern of docs/ledger.md, "Each currency balances on
  its own". Foreign lines take the transaction's own price of their currency in the base
  currency when it states one, else the company's exchange rate of the day (prices of the source
  are recorded as rates first);
- conversions between a currency and the base currency (`@`, or a cost) are also recorded as
  the day's exchange rate (a price directive of that day wins), as Beancount's implicit prices;
- memo: `payee | narration #tag ^link`; reference: the links; a transaction with fewer than two
  lines left is not imported (counted in `left_out`, noted).

A reader for another format only has to build a `Book` (interchange.importing.book); this
service and the report do the rest.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.db import connections

from common.errors import DomainError
from common.text import escaped
from ledger.actor import Actor
from ledger.codes import account_code_problem, parent_codes
from ledger.errors import ImportRefused, PeriodClosed
from ledger.models import Account, Currency, ExchangeRate, FiscalPeriod, JournalEntry
from ledger.money import MAX_RATE, MIN_RATE
from ledger.services.accounts import account_create, account_update
from ledger.services.entries import LineInput
from ledger.services.imports import journal_entries_import
from ledger.services.periods import EARLIEST, LATEST, ledger_settings
from ledger.services.rates import exchange_rate_set
from tenants.routing.context import current_alias

from .book import LARGEST, TYPES, Book, BookError, Notes, Transaction, number_problem, text_problem, type_of

ZERO = Decimal(0)
RATE_QUANTUM = Decimal("1E-10")
LISTED = 20  # transactions named in a closed-period refusal


class ImportFailed(DomainError):
    """The import stopped at a transaction of the source; earlier batches stay committed."""

    code = "import_failed"
    status_code = 400


@dataclass
class BalanceRow:
    """One account and currency: the source's balance beside pyledger's (debit-positive)."""

    account: str
    currency: str
    source: Decimal
    pyledger: Decimal
    base: Decimal  # pyledger's balance in the base currency: the trial balance's figure

    @property
    def difference(self) -> Decimal:
        return self.pyledger - self.source


@dataclass
class AssertionResult:
    as_of: date
    account: str
    currency: str
    expected: Decimal
    actual: Decimal
    where: str

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


@dataclass
class ImportReport:
    format: str
    base_currency: str = ""
    transactions: int = 0  # read from the source
    created: int = 0  # entries posted now
    skipped: int = 0  # entries an earlier import of the same source posted
    left_out: int = 0  # transactions with nothing pyledger can represent
    accounts_created: list[str] = field(default_factory=list)
    rates_set: int = 0
    notes: list[dict[str, Any]] = field(default_factory=list)
    assertions: list[AssertionResult] = field(default_factory=list)
    balances: list[BalanceRow] = field(default_factory=list)

    @property
    def failed_assertions(self) -> list[AssertionResult]:
        return [a for a in self.assertions if not a.ok]

    @property
    def differences(self) -> list[BalanceRow]:
        return [row for row in self.balances if row.difference]

    @property
    def ok(self) -> bool:
        return not self.failed_assertions and not self.differences

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "base_currency": self.base_currency,
            "transactions": self.transactions,
            "created": self.created,
            "skipped": self.skipped,
            "left_out": self.left_out,
            "accounts_created": self.accounts_created,
            "rates_set": self.rates_set,
            "notes": self.notes,
            "assertions": {
                "checked": len(self.assertions),
                "failed": [
                    {**_text(asdict(a)), "difference": str(a.actual - a.expected)}
                    for a in self.failed_assertions
                ],
            },
            "balances": [{**_text(asdict(row)), "difference": str(row.difference)} for row in self.balances],
            "balanced": self.ok,
        }


def _text(values: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Decimal | date) else v for k, v in values.items()}


@dataclass
class _Context:
    base: str
    currencies: dict[str, int]  # code -> minor units
    trading: str
    rates: dict[tuple[str, date], Decimal]
    fmt: str
    notes: Notes
    seen: dict[bytes, int] = field(default_factory=dict)
    source: dict[tuple[str, str], Decimal] = field(default_factory=lambda: defaultdict(Decimal))


def import_book(
    *,
    book: Book,
    actor: Actor,
    batch_size: int = 1000,
    trading_account: str = "3900",
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportReport:
    """Import `book` into the active company; return the report (see the module docstring).

    Raises BookError (the source cannot be read), PeriodClosed (transactions in closed periods,
    listed; nothing written), ImportFailed (a transaction refused; earlier batches committed).
    """
    settings = ledger_settings()
    ctx = _Context(
        base=settings.base_currency_id,
        currencies=dict(Currency.objects.values_list("code", "minor_units")),
        trading=trading_account,
        rates={},
        fmt=book.format,
        notes=book.notes,
    )
    report = ImportReport(format=book.format, base_currency=ctx.base)
    used = _check(book, report, ctx)
    report.accounts_created = _ensure_accounts(book, used, ctx, actor)
    report.rates_set = _record_rates(book, ctx, actor)
    _reopen_closed(book, actor)
    batch: list[tuple[Transaction, dict[str, Any]]] = []
    done = 0
    for txn in book.transactions:
        entry = _entry(txn, ctx)
        if entry is None:
            report.left_out += 1
            continue
        batch.append((txn, entry))
        if len(batch) >= batch_size:
            _post(batch, report, actor)
            done += len(batch)
            batch = []
            if progress is not None:
                progress(done, report.transactions)
    if batch:
        _post(batch, report, actor)
    _close_accounts(book, actor)
    report.assertions = _check_assertions(book, ctx)
    report.balances = _compare(ctx)
    report.notes = book.notes.as_list()
    return report


def _check(book: Book, report: ImportReport, ctx: _Context) -> set[str]:
    """Read the transactions once, writing nothing: the accounts they use, the rates their own
    conversions state (`-100 EUR @ 1.10 USD`, into ctx.rates); refuse closed periods."""
    closed = list(
        FiscalPeriod.objects.filter(status=FiscalPeriod.Status.CLOSED).values_list("start_date", "end_date")
    )
    refused: list[str] = []
    used: set[str] = set()
    count = 0
    for txn in book.transactions:
        count += 1
        _refuse_unstorable(txn, ctx)
        for posting in txn.postings:
            used.add(posting.account)
            per_unit = posting.price or posting.cost
            if per_unit is not None and per_unit.number > 0:
                units = posting.units.commodity
                if units in ctx.currencies and units != ctx.base and per_unit.commodity == ctx.base:
                    ctx.rates[(units, txn.date)] = per_unit.number
                elif (
                    units == ctx.base and per_unit.commodity in ctx.currencies and per_unit.commodity != units
                ):
                    ctx.rates[(per_unit.commodity, txn.date)] = 1 / per_unit.number
        if closed and any(start <= txn.date <= end for start, end in closed):
            refused.append(f"{txn.date} {txn.where}".strip())
    report.transactions = count
    _refuse_unstorable_rest(book)
    if refused:
        shown = ", ".join(refused[:LISTED]) + (
            f" and {len(refused) - LISTED} more" if len(refused) > LISTED else ""
        )
        raise PeriodClosed(
            f"{len(refused)} transaction(s) fall in closed periods: {shown}. "
            "Nothing was imported; reopen those periods, or leave the transactions out of the file.",
            fields={"transactions": refused[:LISTED]},
        )
    return used


def _refuse_unstorable(txn: Transaction, ctx: _Context) -> None:
    """Refuse a transaction pyledger cannot store: a date outside the books, a number out of
    range, text with NUL or control characters (PostgreSQL stores no NUL: each of these was a
    500 from the database or from Python's decimal context, half-way through the import)."""
    where = escaped(txn.where)
    if not (EARLIEST <= txn.date <= LATEST):
        raise BookError(f"{where}: {txn.date} is outside the dates the books take ({EARLIEST} to {LATEST}).")
    texts = [txn.narration, txn.payee, txn.source_id, *txn.tags, *txn.links]
    for posting in txn.postings:
        texts += [posting.account, posting.units.commodity, posting.memo]
        for amount in (posting.units, posting.cost, posting.price):
            if amount is None:
                continue
            texts.append(amount.commodity)
            if problem := number_problem(amount.number):
                raise BookError(f"{where}: {posting.account}: {problem}.")
        per_unit = posting.cost or posting.price
        if posting.units.commodity not in ctx.currencies and per_unit is not None:
            weight = posting.units.number * per_unit.number
            if weight.copy_abs() >= LARGEST:
                raise BookError(f"{where}: {posting.account}: its amount {weight:.2E} is too large.")
    for text in texts:
        if problem := text_problem(text):
            raise BookError(f"{where}: {problem}.")


def _refuse_unstorable_rest(book: Book) -> None:
    """The same for the book's accounts, prices and balance assertions."""
    for name in book.accounts:
        if problem := text_problem(name):
            raise BookError(f"Account {problem}.")
    for price in book.prices:
        for text in (price.commodity, price.amount.commodity):
            if problem := text_problem(text):
                raise BookError(f"A price of {price.date}: {problem}.")
        if problem := number_problem(price.amount.number):
            raise BookError(f"A price of {escaped(price.commodity)} on {price.date}: {problem}.")
    for assertion in book.assertions:
        where = escaped(assertion.where)
        for text in (assertion.account, assertion.amount.commodity, assertion.where):
            if problem := text_problem(text):
                raise BookError(f"{where}: {problem}.")
        if problem := number_problem(assertion.amount.number):
            raise BookError(f"{where}: {problem}.")


def _ensure_accounts(book: Book, used: set[str], ctx: _Context, actor: Actor) -> list[str]:
    """Create the accounts the book declares or uses, and their parents; return those created."""
    wanted = set(book.accounts) | used
    names = set(wanted)
    for name in wanted:
        names.update(parent_codes(name))
    existing = set(Account.objects.filter(code__in=names).values_list("code", flat=True))
    missing = sorted(names - existing, key=lambda n: (n.count(":"), n))
    bad = [(name, problem) for name in missing if (problem := account_code_problem(name))]
    if bad:
        raise BookError(
            f"Account {bad[0][0]!r} cannot be an account code: {bad[0][1]} ({len(bad)} such name(s))."
        )
    untyped = []
    for name in missing:
        declared = book.accounts.get(name)
        kind = (declared.type if declared else None) or type_of(name)
        if kind not in TYPES:
            untyped.append(name)
    if untyped:
        raise BookError(
            f"Cannot tell the type of account(s) {', '.join(untyped[:10])}: name them under Assets, "
            "Liabilities, Equity, Income or Expenses (or give the journal's 'account' directive a "
            "'type:' tag)."
        )
    for name in missing:
        declared = book.accounts.get(name)
        kind = (declared.type if declared else None) or type_of(name)
        currency = None
        if declared and len(declared.currencies) == 1 and declared.currencies[0] in ctx.currencies:
            currency = declared.currencies[0]
        parent = name.rpartition(":")[0] or None
        account_create(
            code=name,
            name=name.rsplit(":", 1)[-1],
            type=str(kind),
            actor=actor,
            parent=parent,
            currency=currency,
        )
    return missing


def _record_rates(book: Book, ctx: _Context, actor: Actor) -> int:
    """Record the book's prices between a known currency and the base currency as exchange
    rates, and the rates the transactions' own conversions state (a price directive of the same
    day wins); note the other prices. Returns the number of rates written."""
    wanted: dict[tuple[str, date], Decimal] = dict(ctx.rates)
    other: dict[str, int] = defaultdict(int)
    for price in book.prices:
        commodity, quote, value = price.commodity, price.amount.commodity, price.amount.number
        if commodity in ctx.currencies and quote == ctx.base and commodity != ctx.base and value > 0:
            wanted[(commodity, price.date)] = value
        elif quote in ctx.currencies and commodity == ctx.base and quote != ctx.base and value > 0:
            wanted[(quote, price.date)] = 1 / value
        else:
            other[commodity] += 1
    for commodity, count in sorted(other.items()):
        ctx.notes.add(
            "price_not_a_rate",
            "prices of commodities that are not currencies, or between two foreign currencies, are "
            "not exchange rates pyledger keeps: left out (lots are held at cost)",
            f"{commodity} ({count})",
            count=count,
        )
    written = 0
    current = {
        (code, day): rate
        for code, day, rate in ExchangeRate.objects.filter(
            currency_id__in={c for c, _ in wanted}
        ).values_list("currency_id", "date", "rate")
    }
    for (code, day), value in sorted(wanted.items()):
        rate = _rate(value)
        if rate is None:
            ctx.notes.add(
                "rate_out_of_range", "a price outside the rates pyledger keeps was left out", f"{code} {day}"
            )
            continue
        ctx.rates[(code, day)] = rate
        if current.get((code, day)) != rate:
            exchange_rate_set(currency=code, day=day, rate=rate, actor=actor)
            written += 1
    return written


def _rate(value: Decimal) -> Decimal | None:
    if value >= MAX_RATE:  # out of range, and quantize() would overflow the decimal context
        return None
    rate = value.quantize(RATE_QUANTUM, rounding=ROUND_HALF_EVEN).normalize()
    return rate if MIN_RATE <= rate < MAX_RATE else None


def _reopen_closed(book: Book, actor: Actor) -> list[Account]:
    """Accounts the book closes that an earlier run deactivated: active again while posting."""
    closed = [name for name, info in book.accounts.items() if info.closed]
    found = list(Account.objects.filter(code__in=closed, is_active=False))
    for account in found:
        account_update(account=account, actor=actor, is_active=True)
    return found


def _close_accounts(book: Book, actor: Actor) -> None:
    closed = [name for name, info in book.accounts.items() if info.closed]
    for account in Account.objects.filter(code__in=closed, is_active=True):
        account_update(account=account, actor=actor, is_active=False)
    if closed:
        book.notes.add(
            "closed_account",
            "accounts the source closes are deactivated (pyledger keeps no closing date)",
            count=len(closed),
        )


def _key(txn: Transaction, ctx: _Context) -> str:
    if txn.source_id:
        return f"{ctx.fmt}:{txn.source_id}"[:200]
    parts = [
        txn.date.isoformat(),
        txn.status,
        txn.payee,
        txn.narration,
        " ".join(txn.tags),
        " ".join(txn.links),
    ]
    for p in txn.postings:
        parts.append(f"{p.account} {p.units} {p.cost or ''} {p.price or ''}")
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    n = ctx.seen.get(digest, 0) + 1
    ctx.seen[digest] = n
    key = f"{ctx.fmt}:{digest.hex()}"
    return key if n == 1 else f"{key}:{n}"


def _entry(txn: Transaction, ctx: _Context) -> dict[str, Any] | None:
    """The entry of a transaction (see the module docstring), or None when nothing is left."""
    key = _key(txn, ctx)
    lines: list[tuple[str, Decimal, str]] = []  # account, signed amount (rounded), currency
    explicit: dict[str, Decimal] = {}
    for posting in txn.postings:
        units = posting.units
        per_unit = posting.cost or posting.price
        if units.commodity in ctx.currencies:
            amount, currency = units.number, units.commodity
            if per_unit is not None and per_unit.number:
                if per_unit.commodity == ctx.base and currency != ctx.base:
                    explicit.setdefault(currency, per_unit.number)
                elif currency == ctx.base and per_unit.commodity in ctx.currencies:
                    explicit.setdefault(per_unit.commodity, 1 / per_unit.number)
        elif per_unit is not None and per_unit.commodity in ctx.currencies:
            weight = posting.weight
            amount, currency = weight.number, weight.commodity
            kind = "held_at_cost" if posting.cost is not None else "priced_commodity"
            message = (
                "lots held at cost are booked at their cost in its currency (units and lots are not kept)"
                if posting.cost is not None
                else "amounts of commodities that are not currencies are booked at their price"
            )
            ctx.notes.add(kind, message, f"{txn.where} {units.commodity}")
        else:
            ctx.notes.add(
                "not_a_currency",
                "postings in commodities that are not ISO 4217 currencies known to pyledger, without a "
                "cost or price in one, were left out",
                f"{txn.where} {units.commodity}",
            )
            continue
        # Rounding carries over: each line moves the account to the source's running balance
        # rounded, so rounding never adds up across transactions (lots of fractional units).
        held = (posting.account, currency)
        before = ctx.source[held]
        ctx.source[held] = after = before + amount
        places = ctx.currencies[currency]
        rounded = _round(after, places) - _round(before, places)
        if rounded != amount:
            ctx.notes.add(
                "rounded",
                "amounts finer than the currency's minor unit were rounded half to even (the account's "
                "running balance, so that rounding does not add up)",
                txn.where,
            )
        if rounded:
            lines.append((posting.account, rounded, currency))
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for _, amount, currency in lines:
        sums[currency] += amount
    for currency, total in sorted(sums.items()):
        if total:
            lines.append((ctx.trading, -total, currency))
    if len(lines) < 2:
        ctx.notes.add(
            "left_out",
            "transactions with nothing pyledger can represent (fewer than two lines left) were not imported",
            txn.where,
        )
        return None
    return {
        "date": txn.date,
        "memo": _memo(txn),
        "reference": " ".join(f"^{link}" for link in txn.links)[:100],
        "idempotency_key": key,
        "lines": [
            _line(account, amount, currency, txn, ctx, explicit) for account, amount, currency in lines
        ],
    }


def _round(amount: Decimal, units: int) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-units), rounding=ROUND_HALF_EVEN)


def _line(
    account: str,
    amount: Decimal,
    currency: str,
    txn: Transaction,
    ctx: _Context,
    explicit: dict[str, Decimal],
) -> LineInput:
    rate = None
    if currency != ctx.base and currency in explicit:
        rate = _rate(explicit[currency])
    if amount > 0:
        return LineInput(account=account, debit=amount, currency=currency, exchange_rate=rate)
    return LineInput(account=account, credit=-amount, currency=currency, exchange_rate=rate)


def _memo(txn: Transaction) -> str:
    text = f"{txn.payee} | {txn.narration}" if txn.payee else txn.narration
    marks = [f"#{tag}" for tag in txn.tags] + [f"^{link}" for link in txn.links]
    return " ".join([text, *marks]).strip()


def _post(batch: list[tuple[Transaction, dict[str, Any]]], report: ImportReport, actor: Actor) -> None:
    keys = [entry["idempotency_key"] for _, entry in batch]
    there = set(
        JournalEntry.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True)
    )
    new = [(txn, entry) for txn, entry in batch if entry["idempotency_key"] not in there]
    report.skipped += len(batch) - len(new)
    if not new:
        return
    try:
        result = journal_entries_import(entries=[entry for _, entry in new], actor=actor, batch_size=len(new))
    except ImportRefused as refused:
        where = new[refused.index][0].where if refused.index is not None else "a batch"
        cause = refused.cause
        detail = f" ({refused.field})" if refused.field else ""
        raise ImportFailed(
            f"{where}{detail}: {cause.message.rstrip('.')}. Entries before this batch stay imported; "
            "after fixing the file, importing it again adds only what is missing.",
            fields={"code": [cause.code]},
        ) from refused
    report.created += result.created
    report.skipped += result.skipped


def _check_assertions(book: Book, ctx: _Context) -> list[AssertionResult]:
    results = []
    for assertion in book.assertions:
        amount = assertion.amount
        if amount.commodity not in ctx.currencies:
            ctx.notes.add(
                "assertion_not_checked",
                "balance assertions in commodities that are not currencies cannot be checked",
                assertion.where,
            )
            continue
        actual = _balance_as_of(assertion.account, amount.commodity, assertion.as_of, assertion.inclusive)
        actual = _round(actual, ctx.currencies[amount.commodity])
        results.append(
            AssertionResult(
                assertion.as_of, assertion.account, amount.commodity, amount.number, actual, assertion.where
            )
        )
    return results


def _balance_as_of(account: str, currency: str, as_of: date, inclusive: bool) -> Decimal:
    sql = (
        "SELECT coalesce(sum(b.debit - b.credit), 0) FROM ledger_accountbalance b"
        " JOIN ledger_account a ON a.id = b.account_id"
        " WHERE b.currency_id = %s AND b.date <= %s AND (a.code = %s"
    )
    params: list[Any] = [currency, as_of, account]
    if inclusive:
        sql += " OR starts_with(a.code, %s)"
        params.append(account + ":")
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(sql + ")", params)
        return Decimal(cursor.fetchone()[0])


def _compare(ctx: _Context) -> list[BalanceRow]:
    """The source's balance of each account and currency beside pyledger's, all dates."""
    accounts = sorted({account for account, _ in ctx.source})
    ours: dict[tuple[str, str], tuple[Decimal, Decimal]] = {}
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(
            "SELECT a.code, b.currency_id, sum(b.debit - b.credit), sum(b.base_debit - b.base_credit)"
            " FROM ledger_accountbalance b JOIN ledger_account a ON a.id = b.account_id"
            " WHERE a.code = ANY(%s) GROUP BY a.code, b.currency_id",
            [accounts],
        )
        for code, currency, amount, base in cursor.fetchall():
            ours[(code, currency)] = (
                _round(amount, ctx.currencies[currency]),
                _round(base, ctx.currencies[ctx.base]),
            )
    rows = []
    for key in sorted(set(ctx.source) | set(ours)):
        amount, base = ours.get(key, (ZERO, ZERO))
        source = _round(ctx.source.get(key, ZERO), ctx.currencies.get(key[1], 4))
        rows.append(BalanceRow(key[0], key[1], source, amount, base))
    return rows


def render_report(report: ImportReport) -> str:
    """The report as text: counts, notes, failed assertions, balances side by side."""
    out = [
        f"{report.transactions} transaction(s) read: {report.created} entries imported, "
        f"{report.skipped} already there, {report.left_out} left out; "
        f"{len(report.accounts_created)} account(s) created, {report.rates_set} rate(s) set.",
    ]
    for note in report.notes:
        examples = f" (e.g. {', '.join(note['examples'][:3])})" if note["examples"] else ""
        out.append(f"  note {note['kind']} x{note['count']}: {note['message']}{examples}")
    failed = report.failed_assertions
    out.append(
        f"Balance assertions: {len(report.assertions) - len(failed)} of {len(report.assertions)} hold."
    )
    for a in failed:
        out.append(
            f"  FAILED {a.where}: {a.account} {a.currency} at the end of {a.as_of}:"
            f" source {a.expected}, pyledger {a.actual}"
        )
    width = max([len(row.account) for row in report.balances] + [7])
    out.append(f"{'account':<{width}}  {'cur':<3}  {'source':>16}  {'pyledger':>16}  {'difference':>12}")
    for row in report.balances:
        out.append(
            f"{row.account:<{width}}  {row.currency:<3}  {row.source:>16}  {row.pyledger:>16}  "
            f"{row.difference if row.difference else '':>12}"
        )
    out.append(
        "Balances equal the source's."
        if not report.differences
        else f"{len(report.differences)} balance(s) differ."
    )
    return "\n".join(out)
