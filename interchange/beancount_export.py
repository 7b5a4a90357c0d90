"""The books as a Beancount file, written a chunk of entries at a time (docs/migrating.md).

Each posted entry (reversed ones too: their lines still count) is one transaction, each line one
posting in the line's own currency, debit positive. pyledger entries balance in every currency
and in the base currency, so a line in another currency carries its base amount as a total price
(`-2000.00 EUR @@ 2170.00 USD`): Beancount weighs it at exactly that, the transaction balances
in its eyes, and the sum of an account's posting weights is pyledger's base-currency balance.
Runs inside the company's tenant_context.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min, Q, Sum
from django.utils import timezone

from ledger.models import Account, AccountBalance, ExchangeRate, FiscalYear, JournalEntry, JournalLine
from ledger.money import money_text
from ledger.services.periods import ledger_settings

from .beancount_names import beancount_names

CHUNK = 500  # entries per query: memory stays flat however large the books
BOOKED = (JournalEntry.Status.POSTED, JournalEntry.Status.REVERSED)


@dataclass(frozen=True)
class Books:
    """What the file says about the whole company, read once before the entries."""

    title: str
    base: str
    names: dict[int, str]  # account id -> Beancount name


def quoted(text: str) -> str:
    """A Beancount string on one line: line breaks and tabs as spaces, `\\` and `"` escaped."""
    flat = " ".join(text.replace("\t", " ").splitlines())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value: Decimal, currency: str) -> str:
    return str(money_text(value, currency))


def _chart(title: str, end: date | None, brought: date | None = None, carried: frozenset[int] = frozenset()
           ) -> tuple[Books, list[str]]:  # fmt: skip
    """The options and the open/close directives of every account; the accounts `carried` get
    balances brought forward on the day `brought`, so they close no earlier."""
    base = ledger_settings().base_currency_id
    accounts = list(Account.objects.order_by("code"))
    by_code = beancount_names((a.code, a.type) for a in accounts)
    books = Books(title=title, base=base, names={a.pk: by_code[a.code] for a in accounts})
    used = {
        row["account"]: (row["first"], row["last"])
        for row in AccountBalance.objects.values("account").annotate(first=Min("date"), last=Max("date"))
    }
    first_year = FiscalYear.objects.order_by("start_date").values_list("start_date", flat=True).first()
    company_start = min(
        [d for d in (first_year, *(f for f, _ in used.values())) if d] or [timezone.localdate()]
    )
    lines = [
        f"option {quoted('title')} {quoted(title)}",
        f"option {quoted('operating_currency')} {quoted(base)}",
        "",
    ]
    closes = []
    for account in accounts:
        first, last = used.get(account.pk, (None, None))
        opened = first or company_start
        restricted = f" {account.currency_id}" if account.currency_id else ""
        lines.append(f"{opened} open {books.names[account.pk]}{restricted}")
        lines.append(f"  code: {quoted(account.code)}")
        lines.append(f"  name: {quoted(account.name)}")
        # A deactivated account closes after its last line (Beancount sorts a close after the
        # day's transactions); not when that day is past the end of the export.
        closed = last or opened
        if brought is not None and account.pk in carried:
            closed = max(closed, brought)
        if not account.is_active and (end is None or closed <= end):
            closes.append(f"{closed} close {books.names[account.pk]}")
    if closes:
        lines += ["", *closes]
    return books, [*lines, ""]


def _brought_forward(start: date) -> list[tuple[int, str, Decimal, Decimal, Decimal, Decimal]]:
    """Per account and currency, the debits and credits (and their base values) booked before
    `start`, from the kept daily totals; those that net to nothing left out."""
    totals = (
        AccountBalance.objects.filter(date__lt=start)
        .values_list("account", "currency")
        .annotate(Sum("debit"), Sum("credit"), Sum("base_debit"), Sum("base_credit"))
    )
    return [row for row in totals if row[2] != row[3] or row[4] != row[5]]


def _opening(books: Books, start: date, rows: list[tuple[int, str, Decimal, Decimal, Decimal, Decimal]]
             ) -> list[str]:  # fmt: skip
    """The balances before `start` as one transaction the day before it. A foreign currency's
    posting carries its base value as a total price, as its lines do, or two postings (the debits
    and the credits) when the units and the base value net to opposite signs: each account's
    units and weights then equal pyledger's balances from that day on."""
    day = start - timedelta(days=1)
    out = [f"{day} * {quoted(f'Balances brought forward to {start}')}", "  brought-forward: TRUE"]
    for account, currency, debit, credit, base_debit, base_credit in sorted(
        rows, key=lambda row: (books.names[row[0]], row[1])
    ):
        posting = f"  {books.names[account]}  "
        units, value = debit - credit, base_debit - base_credit
        if currency == books.base:
            out.append(f"{posting}{_number(units, currency)} {currency}")
            continue
        if units != 0 and (value == 0 or (units > 0) == (value > 0)):
            parts = [(units, abs(value))]
        else:
            parts = [
                (amount, base) for amount, base in ((debit, base_debit), (-credit, base_credit)) if amount
            ]
        for amount, base in parts:
            price = f"@@ {_number(base, books.base)} {books.base}"
            out.append(f"{posting}{_number(amount, currency)} {currency} {price}")
    return [*out, ""]


def _prices(base: str, end: date | None) -> Iterator[str]:
    rates = ExchangeRate.objects.exclude(currency_id=base).order_by("date", "currency_id")
    if end is not None:
        rates = rates.filter(date__lte=end)
    for rate in rates.iterator(chunk_size=2000):
        yield f"{rate.date} price {rate.currency_id} {rate.rate.normalize():f} {base}"


# Tuples, not model instances: building a model per row costs more than the rest of the export.
ENTRY_FIELDS = ("pk", "date", "memo", "reference", "kind", "number", "fiscal_year_id",
                "reversal_of__number", "reversal_of__fiscal_year_id")  # fmt: skip
LINE_FIELDS = ("entry_id", "account_id", "side", "amount", "currency_id", "base_amount", "description",
               "tax_code__code")  # fmt: skip
Row = tuple[Any, ...]


def _entries(start: date | None, end: date | None) -> Iterator[list[Row]]:
    """The booked entries in date order, CHUNK at a time (keyset pages: no OFFSET, no long cursor)."""
    found = JournalEntry.objects.filter(status__in=BOOKED)
    if start is not None:
        found = found.filter(date__gte=start)
    if end is not None:
        found = found.filter(date__lte=end)
    after: tuple[date, int] | None = None
    while True:
        page = found
        if after is not None:
            page = page.filter(Q(date__gt=after[0]) | Q(date=after[0], pk__gt=after[1]))
        chunk = list(page.order_by("date", "pk").values_list(*ENTRY_FIELDS)[:CHUNK])
        if not chunk:
            return
        yield chunk
        after = (chunk[-1][1], chunk[-1][0])


def _transaction(books: Books, years: dict[int, str], entry: Row, lines: list[Row]) -> list[str]:
    _, day, memo, reference, kind, number, year, reversed_number, reversed_year = entry
    label = f"{years[year]}-{number}"  # JournalEntry.label of a posted entry
    out = [f"{day} * {quoted(memo or reference)} ^{label}", f"  entry: {quoted(label)}"]
    if reference:
        out.append(f"  reference: {quoted(reference)}")
    if kind != JournalEntry.Kind.REGULAR:
        out.append(f"  kind: {quoted(kind)}")
    if reversed_number is not None:
        out.append(f"  reverses: {quoted(f'{years[reversed_year]}-{reversed_number}')}")
    for _, account, side, amount, currency, base_amount, description, tax_code in lines:
        signed = _number(amount if side == JournalLine.Side.DEBIT else -amount, currency)
        posting = f"  {books.names[account]}  {signed} {currency}"
        if currency != books.base:
            posting += f" @@ {_number(base_amount, books.base)} {books.base}"
        out.append(posting)
        if description:
            out.append(f"    description: {quoted(description)}")
        if tax_code is not None:
            out.append(f"    tax-code: {quoted(tax_code)}")
    out.append("")
    return out


def beancount_lines(*, title: str, start: date | None = None, end: date | None = None) -> Iterator[str]:
    """The books' Beancount text, line by line (each ends with a newline), from `start` to `end`
    inclusive (open ends: everything); from `start`, the balances before it are brought forward
    the day before. Entries are read CHUNK at a time."""
    brought = _brought_forward(start) if start is not None else []
    day = start - timedelta(days=1) if start is not None else None
    books, chart = _chart(title, end, day, frozenset(row[0] for row in brought))
    years = {year.pk: str(year) for year in FiscalYear.objects.all()}
    span = f"{start or 'the start'} to {end or 'the last entry'}"
    yield f"; {title}: pyledger's books from {span}, base currency {books.base}\n\n"
    for text in chart:
        yield text + "\n"
    for text in _prices(books.base, end):
        yield text + "\n"
    yield "\n"
    if start is not None and brought:
        yield "".join(text + "\n" for text in _opening(books, start, brought))
    for chunk in _entries(start, end):
        lines: dict[int, list[Row]] = {entry[0]: [] for entry in chunk}
        query = JournalLine.objects.filter(entry_id__in=list(lines)).order_by("entry_id", "line_no")
        for line in query.values_list(*LINE_FIELDS):
            lines[line[0]].append(line)
        yield "".join(
            text + "\n" for entry in chunk for text in _transaction(books, years, entry, lines[entry[0]])
        )


def beancount_chunks(*, title: str, start: date | None = None, end: date | None = None) -> Iterator[str]:
    """beancount_lines gathered into pieces of about 64 KiB (one chunk of entries at most): fewer,
    larger writes, and never more than one piece held."""
    pending: list[str] = []
    size = 0
    for text in beancount_lines(title=title, start=start, end=end):
        pending.append(text)
        size += len(text)
        if size >= 65536:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)
