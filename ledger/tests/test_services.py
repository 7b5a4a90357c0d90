"""The posting services: every invariant refused with a readable error code, before the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ledger.errors import (
    AccountCurrencyMismatch,
    AccountInactive,
    AmountPrecision,
    EntryNotDraft,
    EntryNotPosted,
    FloatAmount,
    IdempotencyConflict,
    InvalidAmount,
    MissingExchangeRate,
    PeriodClosed,
    TooFewLines,
    UnbalancedEntry,
    UnknownAccount,
    UnknownCurrency,
    UnknownTaxCode,
)
from ledger.integrity import chain_problems, totals_problems
from ledger.models import Account, AccountBalance, AuditEvent, JournalEntry, JournalLine
from ledger.money import to_decimal, to_money
from ledger.reports import account_balance
from ledger.services.accounts import account_deactivate, account_update
from ledger.services.entries import (
    journal_entry_create,
    journal_entry_post,
    journal_entry_reverse,
    journal_entry_update_draft,
)
from ledger.services.periods import period_close, period_for, period_reopen
from ledger.services.rates import exchange_rate_set, tax_lines
from tenants.testing import tenant_db

from .conftest import ALICE

pytestmark = tenant_db

DAY = date(2026, 3, 10)


def sale(amount: Any = "100.00", *, cash: str = "1120", income: str = "4100") -> list[dict[str, Any]]:
    return [{"account": cash, "debit": amount}, {"account": income, "credit": amount}]


def create(lines: list[dict[str, Any]], *, day: date = DAY, post: bool = True, **kwargs: Any) -> JournalEntry:
    return journal_entry_create(date=day, lines=lines, actor=ALICE, post=post, **kwargs)


def counts() -> tuple[int, int, int, int]:
    return (
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        AccountBalance.objects.count(),
        AuditEvent.objects.count(),
    )


def balance(code: str, as_of: date = date(2026, 12, 31)) -> Decimal:
    return Decimal(account_balance(Account.objects.get(code=code), as_of)["balance"])


# --- 1) balanced ----------------------------------------------------------------------------------


def test_it_posts_a_balanced_entry_with_number_hash_and_kept_totals(books):
    entry = create(sale("100.00"))

    assert entry.status == JournalEntry.Status.POSTED
    assert entry.number == 1
    assert len(entry.hash) == 64 and entry.prev_hash == ""
    assert (balance("1120"), balance("4100")) == (Decimal("100.00"), Decimal("-100.00"))
    assert totals_problems() == chain_problems() == []


def test_it_rejects_an_unbalanced_entry_and_writes_nothing(books):
    period_for(DAY)
    before = counts()

    with pytest.raises(UnbalancedEntry) as info:
        create([{"account": "1120", "debit": "100.00"}, {"account": "4100", "credit": "99.99"}])

    assert info.value.code == "unbalanced_entry"
    assert "lines" in info.value.fields
    assert counts() == before


def test_it_rejects_an_entry_balanced_in_base_but_not_per_currency(books):
    with pytest.raises(UnbalancedEntry) as info:
        create(
            [
                {"account": "1140", "debit": "100.00", "currency": "EUR", "exchange_rate": "1.10"},
                {"account": "4100", "credit": "110.00"},
            ]
        )

    assert info.value.code == "unbalanced_entry"
    assert "EUR" in info.value.message


def test_it_rejects_an_entry_balanced_per_currency_but_not_in_base(books):
    with pytest.raises(UnbalancedEntry) as info:
        create(
            [
                {"account": "1140", "debit": "100.00", "currency": "EUR", "exchange_rate": "1.10"},
                {"account": "3900", "credit": "100.00", "currency": "EUR", "exchange_rate": "1.05"},
            ]
        )

    assert info.value.code == "unbalanced_entry"


def test_it_absorbs_conversion_rounding_into_the_largest_foreign_line(books):
    # 3 x 0.01 EUR at 1.5 = 0.015 USD each -> 0.02 (half even); 0.03 EUR -> 0.045 -> 0.04.
    entry = create(
        [
            {"account": "1140", "debit": "0.01", "currency": "EUR", "exchange_rate": "1.5"},
            {"account": "1140", "debit": "0.01", "currency": "EUR", "exchange_rate": "1.5"},
            {"account": "1140", "debit": "0.01", "currency": "EUR", "exchange_rate": "1.5"},
            {"account": "3900", "credit": "0.03", "currency": "EUR", "exchange_rate": "1.5"},
        ]
    )

    lines = list(entry.lines.order_by("line_no"))
    debits = sum(line.base_amount for line in lines if line.side == "D")
    credits = sum(line.base_amount for line in lines if line.side == "C")
    assert debits == credits
    assert totals_problems() == []


def test_a_base_currency_line_cannot_carry_a_different_base_amount(books):
    with pytest.raises(InvalidAmount) as info:
        create(
            [
                {"account": "1120", "debit": "100.00", "base_amount": "50.00"},
                {"account": "4100", "credit": "100.00", "base_amount": "50.00"},
            ]
        )

    assert info.value.code == "invalid_amount"


# --- 5) lines, sides, amounts ---------------------------------------------------------------------


@pytest.mark.parametrize("lines", [[], [{"account": "1120", "debit": "1.00"}]])
def test_it_needs_at_least_two_lines(books, lines):
    with pytest.raises(TooFewLines) as info:
        create(lines)

    assert info.value.code == "too_few_lines"


@pytest.mark.parametrize(
    "line",
    [
        {"account": "1120", "debit": "1.00", "credit": "1.00"},
        {"account": "1120"},
        {"account": "1120", "debit": "0"},
        {"account": "1120", "debit": "-1.00"},
        {"account": "1120", "debit": "abc"},
        {"account": "1120", "debit": "NaN"},
        {"account": "1120", "debit": "Infinity"},
        {"account": "1120", "debit": True},
    ],
)
def test_each_line_needs_exactly_one_positive_side(books, line):
    with pytest.raises(InvalidAmount) as info:
        create([line, {"account": "4100", "credit": "1.00"}])

    assert info.value.code == "invalid_amount"


@pytest.mark.parametrize("amount", [0.1, 100.0, 1e2])
def test_float_amounts_are_rejected_never_rounded(books, amount):
    period_for(DAY)
    before = counts()

    with pytest.raises(FloatAmount) as info:
        create([{"account": "1120", "debit": amount}, {"account": "4100", "credit": "100.00"}])

    assert info.value.code == "float_amount"
    assert counts() == before


def test_float_amounts_are_rejected_with_an_idempotency_key_too(books):
    with pytest.raises(FloatAmount) as info:
        create(sale(0.1), idempotency_key="float-key")

    assert info.value.code == "float_amount"


@pytest.mark.parametrize(
    ("currency", "amount"),
    [("JPY", "100.5"), ("JPY", "0.1"), ("USD", "1.005"), ("BHD", "1.0005"), ("KWD", "0.0001")],
)
def test_amounts_must_fit_the_currencys_minor_unit(books, currency, amount):
    with pytest.raises(AmountPrecision) as info:
        create(
            [
                {"account": "1140", "debit": amount, "currency": currency, "exchange_rate": "1"},
                {"account": "3900", "credit": amount, "currency": currency, "exchange_rate": "1"},
            ]
        )

    assert info.value.code == "amount_precision"


@pytest.mark.parametrize(
    ("currency", "amount", "rate", "base"),
    [
        ("JPY", "1000", "0.0067", "6.70"),
        ("BHD", "1.005", "2.65", "2.66"),  # 2.66325 rounds half even to 2.66
        ("KWD", "0.125", "3.25", "0.41"),  # 0.40625 -> 0.41
        ("USD", "1.50", "1", "1.50"),
    ],
)
def test_amounts_at_the_currencys_scale_post_and_convert_to_the_base_scale(
    books, currency, amount, rate, base
):
    entry = create(
        [
            {"account": "1140", "debit": amount, "currency": currency, "exchange_rate": rate},
            {"account": "3900", "credit": amount, "currency": currency, "exchange_rate": rate},
        ]
    )

    line = entry.lines.get(line_no=1)
    assert (line.amount, line.base_amount) == (Decimal(amount), Decimal(base))


def test_trailing_zeros_beyond_the_minor_unit_are_not_extra_precision(books):
    entry = create(sale("100.0000"))

    assert entry.lines.get(line_no=1).amount == Decimal("100.00")


def test_money_parsing_refuses_floats_and_keeps_decimals_exact():
    assert to_money("0.10", "USD") == Decimal("0.10")
    assert to_money(Decimal("7"), "JPY") == Decimal("7")
    assert to_money(" 12.5 ", "BHD") == Decimal("12.500")
    with pytest.raises(FloatAmount):
        to_decimal(0.5)
    with pytest.raises(UnknownCurrency) as info:
        to_money("1", "XXQ")
    assert info.value.code == "unknown_currency"


def test_an_amount_too_large_for_the_books_is_a_readable_error(books):
    with pytest.raises(InvalidAmount) as info:
        create(sale("1" + "0" * 20))

    assert info.value.code == "invalid_amount"


# --- accounts, currencies, rates, taxes -----------------------------------------------------------


def test_it_rejects_an_unknown_account(books):
    with pytest.raises(UnknownAccount) as info:
        create(sale(cash="9999"))

    assert info.value.code == "unknown_account"
    assert info.value.fields == {"lines": {"0": {"account": ["Unknown account."]}}}


def test_it_rejects_posting_to_an_inactive_account(books):
    account_deactivate(account=Account.objects.get(code="4100"), actor=ALICE)

    with pytest.raises(AccountInactive) as info:
        create(sale())

    assert info.value.code == "account_inactive"


def test_a_draft_on_an_account_deactivated_since_cannot_be_posted(books):
    draft = create(sale(), post=False)
    account_deactivate(account=Account.objects.get(code="4100"), actor=ALICE)

    with pytest.raises(AccountInactive) as info:
        journal_entry_post(entry=draft, actor=ALICE)

    assert info.value.code == "account_inactive"
    assert JournalEntry.objects.get(pk=draft.pk).status == JournalEntry.Status.DRAFT


def test_it_rejects_a_line_in_another_currency_than_its_account(books):
    account_update(account=Account.objects.get(code="1140"), actor=ALICE, currency="EUR")

    with pytest.raises(AccountCurrencyMismatch) as info:
        create(
            [
                {"account": "1140", "debit": "1.00", "currency": "GBP", "exchange_rate": "1.3"},
                {"account": "3900", "credit": "1.00", "currency": "GBP", "exchange_rate": "1.3"},
            ]
        )

    assert info.value.code == "account_currency_mismatch"


def test_a_foreign_line_without_a_known_rate_is_refused(books):
    with pytest.raises(MissingExchangeRate) as info:
        create(
            [
                {"account": "1140", "debit": "1.00", "currency": "EUR"},
                {"account": "3900", "credit": "1.00", "currency": "EUR"},
            ]
        )

    assert info.value.code == "missing_exchange_rate"


def test_a_foreign_line_uses_the_latest_rate_on_or_before_its_date(books):
    exchange_rate_set(currency="EUR", day=date(2026, 3, 1), rate="1.08", actor=ALICE)
    exchange_rate_set(currency="eur", day=date(2026, 3, 20), rate="1.50", actor=ALICE)

    entry = create(
        [
            {"account": "1140", "debit": "50.00", "currency": "EUR"},
            {"account": "3900", "credit": "50.00", "currency": "EUR"},
        ]
    )

    line = entry.lines.get(line_no=1)
    assert (line.exchange_rate, line.base_amount) == (Decimal("1.08"), Decimal("54.00"))


@pytest.mark.parametrize("rate", ["0", "-1", 1.08])
def test_exchange_rates_must_be_positive_decimals(books, rate):
    with pytest.raises((InvalidAmount, FloatAmount)):
        exchange_rate_set(currency="EUR", day=DAY, rate=rate, actor=ALICE)


def test_tax_lines_add_the_tax_on_the_same_side_and_return_the_gross(books):
    lines, gross = tax_lines(
        account="4100", net="200.00", tax_code="NY-SALES", side="C", currency="USD", day=DAY
    )

    entry = create([{"account": "1120", "debit": gross}, *[vars(line) for line in lines]])

    assert gross == Decimal("217.75")  # 8.875 % of 200.00 = 17.75
    assert [(line.account.code, line.side, line.amount) for line in entry.lines.order_by("line_no")] == [
        ("1120", "D", Decimal("217.75")),
        ("4100", "C", Decimal("200.00")),
        ("2300", "C", Decimal("17.75")),
    ]


def test_tax_lines_refuse_an_unknown_tax_code(books):
    with pytest.raises(UnknownTaxCode) as info:
        tax_lines(account="4100", net="1.00", tax_code="NOPE", side="C", currency="USD", day=DAY)

    assert info.value.code == "unknown_tax_code"


# --- 3) closed periods ----------------------------------------------------------------------------


def test_it_refuses_posting_into_a_closed_period(books):
    period_close(period=period_for(DAY), actor=ALICE)
    before = counts()

    with pytest.raises(PeriodClosed) as info:
        create(sale())

    assert info.value.code == "period_closed"
    assert counts() == before


def test_a_draft_can_be_kept_in_a_closed_period_but_not_posted_until_it_reopens(books):
    period = period_close(period=period_for(DAY), actor=ALICE)
    draft = create(sale(), post=False)

    with pytest.raises(PeriodClosed) as info:
        journal_entry_post(entry=draft, actor=ALICE)
    period_reopen(period=period, actor=ALICE, reason="late invoice")
    posted = journal_entry_post(entry=draft, actor=ALICE)

    assert info.value.code == "period_closed"
    assert posted.status == JournalEntry.Status.POSTED and posted.number == 1
    assert AuditEvent.objects.filter(object_type="fiscalperiod", action="reopen").count() == 1


# --- 2) drafts, posting, reversal -----------------------------------------------------------------


def test_a_draft_has_no_number_and_counts_nowhere(books):
    draft = create(sale(), post=False)

    assert (draft.status, draft.number, draft.hash) == (JournalEntry.Status.DRAFT, None, "")
    assert AccountBalance.objects.count() == 0


def test_a_draft_can_be_edited_then_posted(books):
    draft = create(sale("10.00"), post=False, memo="first")

    edited = journal_entry_update_draft(
        entry=draft, actor=ALICE, date=date(2026, 4, 2), lines=sale("12.50", income="4200"), memo="second"
    )
    posted = journal_entry_post(entry=edited, actor=ALICE)

    assert (posted.memo, posted.date, posted.period.number) == ("second", date(2026, 4, 2), 4)
    assert [(line.account.code, line.amount) for line in posted.lines.order_by("line_no")] == [
        ("1120", Decimal("12.50")),
        ("4200", Decimal("12.50")),
    ]
    assert (balance("1120"), balance("4100"), balance("4200")) == (
        Decimal("12.50"),
        Decimal(0),
        Decimal("-12.50"),
    )
    assert totals_problems() == chain_problems() == []


def test_a_draft_edit_is_validated_like_a_new_entry(books):
    draft = create(sale("10.00"), post=False)

    with pytest.raises(UnbalancedEntry):
        journal_entry_update_draft(
            entry=draft,
            actor=ALICE,
            date=DAY,
            lines=[{"account": "1120", "debit": "1.00"}, {"account": "4100", "credit": "2.00"}],
        )

    assert [line.amount for line in draft.lines.all()] == [Decimal("10.00")] * 2


def test_a_posted_entry_can_be_neither_edited_nor_posted_again(books):
    entry = create(sale())

    with pytest.raises(EntryNotDraft) as edit:
        journal_entry_update_draft(entry=entry, actor=ALICE, date=DAY, lines=sale("1.00"))
    with pytest.raises(EntryNotDraft) as repost:
        journal_entry_post(entry=entry, actor=ALICE)

    assert edit.value.code == repost.value.code == "entry_not_draft"
    assert [line.amount for line in entry.lines.all()] == [Decimal("100.00")] * 2


def test_reversing_posts_the_mirror_image_and_brings_balances_back_to_zero(books):
    exchange_rate_set(currency="EUR", day=DAY, rate="1.1", actor=ALICE)
    original = create(
        [
            {"account": "1140", "debit": "100.00", "currency": "EUR"},
            {"account": "3900", "credit": "100.00", "currency": "EUR"},
            {"account": "3900", "debit": "110.00"},
            {"account": "4100", "credit": "110.00"},
        ],
        reference="INV-1",
    )

    reversal = journal_entry_reverse(entry=original, actor=ALICE, date=date(2026, 3, 31))

    original.refresh_from_db()
    assert original.status == JournalEntry.Status.REVERSED
    assert (reversal.status, reversal.number, reversal.reversal_of_id) == ("posted", 2, original.pk)
    assert reversal.reference == "INV-1" and reversal.prev_hash == original.hash
    mirrored = [
        (line.account_id, "C" if line.side == "D" else "D", line.amount, line.currency_id, line.base_amount)
        for line in original.lines.order_by("line_no")
    ]
    assert [
        (line.account_id, line.side, line.amount, line.currency_id, line.base_amount)
        for line in reversal.lines.order_by("line_no")
    ] == mirrored
    for code in ("1140", "3900", "4100"):
        assert balance(code) == 0
    assert account_balance(Account.objects.get(code="1140"), date(2026, 12, 31))["currencies"] == {"EUR": 0}
    assert totals_problems() == chain_problems() == []


def test_an_entry_can_be_reversed_only_once(books):
    original = create(sale())
    journal_entry_reverse(entry=original, actor=ALICE)
    before = counts()

    with pytest.raises(EntryNotPosted) as info:
        journal_entry_reverse(entry=original, actor=ALICE)

    assert info.value.code == "entry_not_posted"
    assert counts() == before


def test_a_draft_cannot_be_reversed(books):
    draft = create(sale(), post=False)

    with pytest.raises(EntryNotPosted) as info:
        journal_entry_reverse(entry=draft, actor=ALICE)

    assert info.value.code == "entry_not_posted"


def test_a_reversal_into_a_closed_period_is_refused_and_the_original_stays_posted(books):
    original = create(sale())
    period_close(period=period_for(DAY), actor=ALICE)

    with pytest.raises(PeriodClosed) as info:
        journal_entry_reverse(entry=original, actor=ALICE)
    reversal = journal_entry_reverse(entry=original, actor=ALICE, date=date(2026, 4, 1))

    assert info.value.code == "period_closed"
    assert reversal.date == date(2026, 4, 1)
    assert balance("1120", date(2026, 3, 31)) == Decimal("100.00")
    assert balance("1120", date(2026, 4, 1)) == 0


# --- 4) idempotency -------------------------------------------------------------------------------


def test_an_idempotency_key_posted_twice_returns_the_first_entry_and_writes_nothing(books):
    first = create(sale(), idempotency_key="pay-42")
    before = counts()

    again = create(sale(), idempotency_key="pay-42")

    assert again.pk == first.pk and again.number == first.number == 1
    assert counts() == before


def test_a_replay_matches_equal_amounts_written_differently(books):
    first = create(sale("100.00"), idempotency_key="pay-43")

    again = create(sale(Decimal("100.00")), idempotency_key="pay-43")

    assert again.pk == first.pk


@pytest.mark.parametrize(
    "change",
    [
        {"lines": sale("100.01")},
        {"day": date(2026, 3, 11)},
        {"memo": "other"},
        {"post": False},
        {"lines": sale(income="4200")},
    ],
)
def test_the_same_key_with_a_different_body_is_an_idempotency_conflict(books, change):
    create(sale(), idempotency_key="pay-44")
    before = counts()
    request: dict[str, Any] = {"lines": sale(), "day": DAY, "memo": "", "post": True} | change

    with pytest.raises(IdempotencyConflict) as info:
        create(request.pop("lines"), idempotency_key="pay-44", **request)

    assert info.value.code == "idempotency_conflict"
    assert counts() == before


def test_a_refused_request_does_not_use_up_its_idempotency_key(books):
    with pytest.raises(UnbalancedEntry):
        create(
            [{"account": "1120", "debit": "1.00"}, {"account": "4100", "credit": "2.00"}], idempotency_key="k"
        )

    entry = create(sale(), idempotency_key="k")

    assert entry.number == 1


# --- 6) gapless numbers per fiscal year -----------------------------------------------------------


def test_numbers_are_gapless_per_fiscal_year_and_ignore_drafts_and_refusals(books):
    numbers = []
    for day in (date(2026, 1, 5), date(2026, 12, 31), date(2027, 1, 1), date(2026, 6, 1), date(2027, 3, 3)):
        create(sale(), day=day, post=False)  # drafts take no number
        with pytest.raises(UnbalancedEntry):
            create([{"account": "1120", "debit": "1.00"}, {"account": "4100", "credit": "2.00"}], day=day)
        entry = create(sale(), day=day)
        numbers.append((entry.fiscal_year.start_date.year, entry.number))

    assert numbers == [(2026, 1), (2026, 2), (2027, 1), (2026, 3), (2027, 2)]
    assert chain_problems() == []
