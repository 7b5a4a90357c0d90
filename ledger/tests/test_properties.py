"""Property-based tests: whatever valid sequence of postings happens, the books stay sound.

Each example runs in a savepoint of acme's database that is rolled back afterwards, so every
example starts from freshly seeded, empty books and numbering starts at 1 again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.errors import DomainError
from ledger.errors import AmountPrecision, EntryNotPosted, FloatAmount, UnbalancedEntry
from ledger.integrity import chain_problems, totals_problems
from ledger.models import Account, AccountBalance, JournalEntry, JournalLine
from ledger.money import minor_units, to_money
from ledger.reports import account_balance, balance_sheet, trial_balance
from ledger.services.entries import journal_entry_create, journal_entry_post, journal_entry_reverse
from tenants.testing import tenant_db

from .conftest import ACME_ALIAS, ALICE

pytestmark = [tenant_db, pytest.mark.slow]

BOOKS = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ACCOUNTS = [
    "1110",
    "1120",
    "1200",
    "1300",
    "1500",
    "2100",
    "2200",
    "2400",
    "3100",
    "4100",
    "4200",
    "6100",
    "6200",
]
FOREIGN = ["EUR", "JPY", "KWD", "GBP"]
LAST_DAY = date(2027, 12, 31)

days = st.dates(date(2026, 1, 1), LAST_DAY)
cents = st.integers(min_value=1, max_value=10**9)  # 0.01 .. 10,000,000.00


def money(units: int, currency: str = "USD") -> Decimal:
    return Decimal(units).scaleb(-minor_units(currency))


@st.composite
def usd_lines(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Two to six lines in USD whose debits and credits are equal."""
    debits = draw(st.lists(cents, min_size=1, max_size=3))
    total = sum(debits)
    parts = draw(st.integers(1, min(3, total)))
    cuts = (
        sorted(draw(st.sets(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1)))
        if parts > 1
        else []
    )
    credits = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    lines = [{"debit": str(money(c))} for c in debits] + [{"credit": str(money(c))} for c in credits]
    for line in lines:
        line["account"] = draw(st.sampled_from(ACCOUNTS))
    return draw(st.permutations(lines))


@st.composite
def foreign_lines(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A foreign-currency receipt split over two trading lines, all at one rate: the base values
    round separately and the service absorbs the residue."""
    currency = draw(st.sampled_from(FOREIGN))
    total = draw(st.integers(2, 10**7))
    first = draw(st.integers(1, total - 1))
    rate = draw(
        st.decimals(Decimal("0.0001"), Decimal("500"), places=4, allow_nan=False, allow_infinity=False)
    )
    line = {"currency": currency, "exchange_rate": str(rate)}
    return [
        {"account": "1140", "debit": str(money(total, currency)), **line},
        {"account": "3900", "credit": str(money(first, currency)), **line},
        {"account": "3900", "credit": str(money(total - first, currency)), **line},
    ]


operations = st.lists(
    st.one_of(
        st.tuples(st.just("post"), usd_lines(), days),
        st.tuples(st.just("post"), foreign_lines(), days),
        st.tuples(st.just("draft"), usd_lines(), days),
        st.tuples(st.just("reverse"), st.integers(0, 20)),
        st.tuples(st.just("unbalanced"), usd_lines(), days),
        st.tuples(st.just("replay"), st.integers(0, 20)),
    ),
    min_size=1,
    max_size=10,
)


class Rollback(Exception):
    """Raised to roll an example's savepoint back."""


def fresh_books(example: Callable[[], None]) -> None:
    """Run one example in a savepoint and throw its writes away."""
    try:
        with transaction.atomic(using=ACME_ALIAS):
            example()
            raise Rollback
    except Rollback:
        pass


def counts() -> tuple[int, int, int]:
    return JournalEntry.objects.count(), JournalLine.objects.count(), AccountBalance.objects.count()


def assert_books_are_sound(expected: dict[str, Decimal]) -> None:
    for as_of in (date(2026, 12, 31), LAST_DAY):
        trial = trial_balance(as_of)
        assert trial.totals["debit"] == trial.totals["credit"]
        sheet = balance_sheet(as_of)
        assert sheet.totals["assets"] == sheet.totals["liabilities_and_equity"]
    # Every transaction currency balances on its own too.
    for row in AccountBalance.objects.values("currency").annotate(d=Sum("debit"), c=Sum("credit")):
        assert row["d"] == row["c"], row
    for code, balance in expected.items():
        assert account_balance(Account.objects.get(code=code), LAST_DAY)["balance"] == balance, code
    assert totals_problems() == []
    assert chain_problems() == []


def signed_lines(entry: JournalEntry, sign: int = 1) -> list[tuple[str, Decimal]]:
    return [
        (line.account.code, sign * (line.base_amount if line.side == "D" else -line.base_amount))
        for line in entry.lines.select_related("account")
    ]


@BOOKS
@given(ops=operations)
def test_any_sequence_of_valid_postings_keeps_the_books_balanced(books, ops):
    def example() -> None:
        expected: dict[str, Decimal] = defaultdict(Decimal)
        posted: list[JournalEntry] = []
        requests: list[tuple[str, list[dict[str, Any]], date]] = []
        for op in ops:
            kind = op[0]
            if kind in ("post", "draft"):
                _, lines, day = op
                key = f"key-{len(requests)}"
                entry = journal_entry_create(
                    date=day, lines=lines, actor=ALICE, post=kind == "post", idempotency_key=key
                )
                requests.append((key, lines, day))
                if kind == "draft":
                    entry = journal_entry_post(entry=entry, actor=ALICE)
                posted.append(entry)
                for code, amount in signed_lines(entry):
                    expected[code] += amount
            elif kind == "reverse" and posted:
                entry = posted[op[1] % len(posted)]
                entry.refresh_from_db()
                if entry.status != JournalEntry.Status.POSTED:
                    with pytest.raises(EntryNotPosted):
                        journal_entry_reverse(entry=entry, actor=ALICE)
                    continue
                reversal = journal_entry_reverse(entry=entry, actor=ALICE)
                posted.append(reversal)
                for code, amount in signed_lines(entry, -1):
                    expected[code] += amount
            elif kind == "unbalanced":
                _, lines, day = op
                tilted = [dict(line) for line in lines]
                side = "debit" if "debit" in tilted[0] else "credit"
                tilted[0][side] = str(Decimal(tilted[0][side]) + Decimal("0.01"))
                before = counts()
                with pytest.raises(UnbalancedEntry):
                    journal_entry_create(date=day, lines=tilted, actor=ALICE, post=True)
                assert counts() == before
            elif kind == "replay" and requests:
                key, lines, day = requests[op[1] % len(requests)]
                before = counts()
                try:
                    journal_entry_create(date=day, lines=lines, actor=ALICE, post=True, idempotency_key=key)
                except DomainError as error:  # the same key first created a draft: another body
                    assert error.code == "idempotency_conflict"
                assert counts() == before
            assert_books_are_sound(expected)
        numbers = JournalEntry.objects.exclude(status="draft").values_list("fiscal_year_id", "number")
        per_year: dict[int, list[int]] = defaultdict(list)
        for year, number in numbers:
            assert number is not None
            per_year[year].append(number)
        assert all(sorted(n) == list(range(1, len(n) + 1)) for n in per_year.values())

    fresh_books(example)


@BOOKS
@given(lines=foreign_lines(), day=days)
def test_converted_lines_stay_within_rounding_of_their_rate_and_balance_in_base(books, lines, day):
    def example() -> None:
        entry = journal_entry_create(date=day, lines=lines, actor=ALICE, post=True)

        saved = list(entry.lines.all())
        assert sum(line.base_amount for line in saved if line.side == "D") == sum(
            line.base_amount for line in saved if line.side == "C"
        )
        for line in saved:
            assert abs(line.base_amount - line.amount * line.exchange_rate) <= Decimal("0.01") * len(saved)

    fresh_books(example)


@settings(max_examples=300, deadline=None, database=None)
@given(
    currency=st.sampled_from(["JPY", "USD", "EUR", "BHD", "KWD", "TND", "CLF"]),
    digits=st.integers(0, 10**12),
    places=st.integers(0, 6),
)
def test_an_amount_is_accepted_exactly_when_it_fits_its_currencys_minor_unit(currency, digits, places):
    amount = Decimal(digits).scaleb(-places)
    fits = amount == amount.quantize(Decimal(1).scaleb(-minor_units(currency)))

    if fits:
        assert to_money(str(amount), currency) == amount
    else:
        with pytest.raises(AmountPrecision) as info:
            to_money(str(amount), currency)
        assert info.value.code == "amount_precision"


@settings(max_examples=100, deadline=None, database=None)
@given(value=st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_is_never_taken_as_money_whatever_its_value(value):
    with pytest.raises(FloatAmount) as info:
        to_money(value, "USD")

    assert info.value.code == "float_amount"
