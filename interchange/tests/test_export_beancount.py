"""GET export/beancount/ and export_books: a file Beancount's own loader accepts (what bean-check
runs), whose balances equal pyledger's trial balance, per account, at every date checked."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount import loader
from beancount.core import convert, data
from django.core.management import CommandError, call_command
from django.db.models import Case, F, Sum, When
from rest_framework.test import APIClient

from common.models import Company
from interchange import beancount_export
from interchange.beancount_export import beancount_lines
from ledger import reports
from ledger.api.tests.conftest import (  # noqa: F401  (fixtures)
    accountant,
    books,
    client_for,
    fresh_throttles,
    make_user,
    owner,
    users,
    viewer,
)
from ledger.api.tests.support import api, assert_error
from ledger.models import Account, JournalLine
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

pytestmark = tenant_db

DATES = [date(2026, 1, 31), date(2026, 3, 31), date(2026, 6, 30), date(2026, 10, 31), date(2026, 12, 31)]


@pytest.fixture
def filled(beancount_books: Company) -> Company:
    """Acme's books filled once per session by interchange.tests.prepared.fill_for_beancount."""
    return beancount_books


def load(text: str) -> tuple[list[Any], dict[str, Any]]:
    entries, errors, options = loader.load_string(text)
    assert errors == [], [str(e) for e in errors]
    return entries, options


def opened(entries: list[Any]) -> dict[str, Any]:
    """Beancount name -> its open directive."""
    return {e.account: e for e in entries if isinstance(e, data.Open)}


def beancount_balances(
    entries: list[Any], day: date
) -> tuple[dict[str, Decimal], dict[tuple[str, str], Decimal]]:
    """Per account: the sum of posting weights (base currency), and units per currency, up to `day`."""
    weights: dict[str, Decimal] = defaultdict(Decimal)
    units: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for entry in entries:
        if isinstance(entry, data.Transaction) and entry.date <= day:
            for posting in entry.postings:
                weight, amount = convert.get_weight(posting), posting.units
                assert weight.currency == "USD" and weight.number is not None
                assert amount is not None and amount.number is not None
                weights[posting.account] += weight.number
                units[(posting.account, amount.currency)] += amount.number
    return weights, units


def pyledger_units(day: date) -> dict[tuple[str, str], Decimal]:
    signed = Case(When(side="D", then=F("amount")), default=-F("amount"))
    rows = (
        JournalLine.objects.filter(entry__status__in=["posted", "reversed"], entry__date__lte=day)
        .values("account__code", "currency_id")
        .annotate(net=Sum(signed))
    )
    return {(r["account__code"], r["currency_id"]): r["net"] for r in rows}


def assert_balances_equal(text: str, company: Company, days: list[date]) -> None:
    entries, _ = load(text)
    names = {o.meta["code"]: account for account, o in opened(entries).items()}
    with tenant_context(company):
        for day in days:
            weights, units = beancount_balances(entries, day)
            trial = {row.code: row.net for row in reports.trial_balance(day).rows}
            assert trial, day
            assert {names[code]: net for code, net in trial.items() if net} == {
                name: total for name, total in weights.items() if total
            }, day
            expected = {(names[code], cur): net for (code, cur), net in pyledger_units(day).items() if net}
            assert expected == {key: total for key, total in units.items() if total}, day


def export(client: Any, query: str = "") -> Any:
    return client.get(api(f"export/beancount/{query}"))


def body(response: Any) -> str:
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content).decode()


# --- the file -----------------------------------------------------------------------------------


def test_the_export_is_a_beancount_file_that_bean_check_accepts(accountant, filled):  # noqa: F811
    response = export(accountant)

    text = body(response)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="acme.beancount"'
    entries, options = load(text)
    assert options["title"] == "Acme" and options["operating_currency"] == ["USD"]
    assert sum(isinstance(e, data.Transaction) for e in entries) == 10
    asked_json = accountant.get(api("export/beancount/"), HTTP_ACCEPT="application/json")
    assert asked_json["Content-Type"] == "text/plain; charset=utf-8" and body(asked_json) == text


def test_balances_equal_the_trial_balance_at_every_date(accountant, filled):  # noqa: F811
    assert_balances_equal(body(export(accountant)), filled, DATES)


def test_accounts_keep_valid_colon_names_and_map_the_others(accountant, filled):  # noqa: F811
    entries, _ = load(body(export(accountant)))
    accounts = opened(entries)
    by_code = {o.meta["code"]: name for name, o in accounts.items()}

    assert by_code["Assets:US:BofA:Checking"] == "Assets:US:BofA:Checking"
    assert by_code["Expenses:Bank Service Charge"] == "Expenses:Expenses:Bank-Service-Charge"
    assert by_code["Aufwand:Gebühren"] == "Expenses:Aufwand:Gebühren"
    assert by_code["1120"] == "Assets:1120" and by_code["4100"] == "Income:4100"
    assert by_code["3900"] == "Equity:3900" and by_code["2100"].startswith("Liabilities:")
    with tenant_context(filled):
        assert len(accounts) == Account.objects.count()
        assert accounts["Assets:1140"].currencies == (
            ["EUR"] if Account.objects.get(code="1140").currency_id else None
        )


def test_accounts_open_at_first_use_and_a_deactivated_one_closes_after_its_last(accountant, filled):  # noqa: F811
    entries, _ = load(body(export(accountant)))
    accounts = opened(entries)
    closes = {e.account: e.date for e in entries if isinstance(e, data.Close)}

    assert accounts["Assets:1120"].date == date(2026, 1, 5)
    assert accounts["Expenses:6990"].meta["name"] == "Old expense"
    assert closes == {"Expenses:6990": date(2026, 5, 1)}


def test_entries_keep_their_number_memo_reference_and_reversal(accountant, filled):  # noqa: F811
    entries, _ = load(body(export(accountant)))
    txns = [e for e in entries if isinstance(e, data.Transaction)]

    capital = txns[0]
    assert capital.narration == 'Owner\'s "capital" second line \\ backslash'
    assert (
        capital.flag == "*"
        and capital.links == frozenset({"FY2026-1"})
        and capital.meta["entry"] == "FY2026-1"
    )
    transfer = txns[1]
    assert transfer.meta["reference"] == "TR-1"
    assert (transfer.postings[0].meta or {})["description"] == 'transfer "in"'
    reversal = next(t for t in txns if t.narration == "Mistake")
    assert reversal.meta["reverses"] == "FY2026-4"


def test_a_foreign_line_carries_its_base_amount_as_a_total_price(accountant, filled):  # noqa: F811
    text = body(export(accountant))

    assert "  Assets:1200  2000.00 EUR @@ 2170.00 USD" in text
    assert "  Equity:3900  -100.00 EUR @@ 108.58 USD" in text  # the rounding cent, as pyledger keeps it
    assert "2026-10-01 price EUR 1.085 USD" in text


def test_from_and_to_limit_the_entries_and_balances_hold_at_to(accountant, filled):  # noqa: F811
    response = export(accountant, "?from=2026-03-01&to=2026-06-30")

    text = body(response)
    entries, _ = load(text)
    days = [e.date for e in entries if isinstance(e, data.Transaction) and "brought-forward" not in e.meta]
    assert min(days) == date(2026, 3, 2) and max(days) == date(2026, 5, 1)
    assert "price EUR" not in text
    assert response["Content-Disposition"] == 'attachment; filename="acme-2026-03-01--2026-06-30.beancount"'
    assert_balances_equal(body(export(accountant, "?to=2026-06-30")), filled, [date(2026, 6, 30)])


@pytest.mark.parametrize("start", [date(2026, 3, 1), date(2026, 6, 1), date(2026, 11, 1), date(2026, 11, 10)])
def test_from_brings_the_balances_before_it_forward_so_they_hold_at_every_date(accountant, filled, start):  # noqa: F811
    text = body(export(accountant, f"?from={start}"))

    entries, _ = load(text)
    brought = [e for e in entries if isinstance(e, data.Transaction) and "brought-forward" in e.meta]
    eve = start - timedelta(days=1)
    assert [(e.date, e.narration) for e in brought] == [(eve, f"Balances brought forward to {start}")]
    assert_balances_equal(text, filled, [eve, start, date(2026, 11, 9), date(2026, 12, 31)])


def test_from_before_any_entry_brings_nothing_forward(accountant, filled):  # noqa: F811
    assert "brought-forward" not in body(export(accountant, "?from=2026-01-01"))


def test_entries_are_read_in_chunks_without_losing_or_repeating_one(filled, monkeypatch):
    with tenant_context(filled):
        whole = "".join(beancount_lines(title="Acme"))
        monkeypatch.setattr(beancount_export, "CHUNK", 2)
        chunked = "".join(beancount_lines(title="Acme"))

    assert chunked == whole


@pytest.mark.parametrize(
    ("query", "field"),
    [("?from=2026-13-01", "from"), ("?to=yesterday", "to"), ("?from=2026-06-01&to=2026-05-01", "to")],
)
def test_a_bad_date_is_a_400_in_the_error_shape(accountant, filled, query, field):  # noqa: F811
    body = assert_error(export(accountant, query), 400, "invalid_parameter")

    assert field in body["fields"]


def test_the_owner_may_export_and_a_viewer_may_not(owner, viewer, filled):  # noqa: F811
    assert export(owner).status_code == 200
    assert_error(export(viewer), 403, "permission_denied")


def test_a_member_of_another_company_gets_nothing(users, client_for, filled):  # noqa: F811
    outsider = client_for(users["non-member"])

    response = export(outsider)

    assert_error(response, 404, "tenant_not_found")
    assert b"Assets:1120" not in response.content


def test_an_empty_company_exports_its_chart_only(accountant, books):  # noqa: F811
    entries, _ = load(body(export(accountant)))

    assert not any(isinstance(e, data.Transaction) for e in entries)
    assert any(isinstance(e, data.Open) for e in entries)


# --- the command ----------------------------------------------------------------------------------


def test_export_books_writes_the_same_file_as_the_api(
    accountant: APIClient,  # noqa: F811
    filled: Company,
    tmp_path: Path,
) -> None:
    target = tmp_path / "acme.beancount"

    call_command("export_books", "acme", "--to", "beancount", "--output", str(target))

    assert target.read_text(encoding="utf-8") == body(export(accountant))
    assert [p.name for p in tmp_path.iterdir()] == ["acme.beancount"]


def test_export_books_year_exports_that_fiscal_year(filled, capsys):
    call_command("export_books", "acme", "--to", "beancount", "--year", "2026")

    entries, _ = load(capsys.readouterr().out)
    assert sum(isinstance(e, data.Transaction) for e in entries) == 10


@pytest.mark.parametrize(
    "args",
    [
        ["nobody", "--to", "beancount"],
        ["acme", "--to", "beancount", "--year", "1999"],
        ["acme", "--to", "beancount", "--year", "FY-nope"],
    ],
)
def test_export_books_refuses_bad_input_in_one_line(filled: Company, args: list[str]) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("export_books", *args)

    assert "\n" not in str(refused.value)
