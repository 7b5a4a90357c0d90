"""Reports over the API, as JSON and as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tenants.testing import tenant_db

from .support import api, assert_error, entry_body

pytestmark = tenant_db

TRIAL_KEYS = {"code", "name", "type", "parent", "debit", "credit", "net"}
ROW_KEYS = {"code", "name", "type", "parent", "debit", "credit", "balance"}
REPORTS = [
    "reports/trial-balance/?as_of=2026-12-31",
    "reports/balance-sheet/?as_of=2026-12-31",
    "reports/income-statement/?from=2026-01-01&to=2026-12-31",
    "reports/general-ledger/?account=1120&from=2026-01-01&to=2026-12-31",
]


@pytest.fixture
def sales(accountant):
    """Sales of 100 (March) and 50 (April) into the bank, rent of 30 paid in May."""
    for amount, day, debit, credit in [
        ("100.00", "2026-03-02", "1120", "4100"),
        ("50.00", "2026-04-02", "1120", "4100"),
        ("30.00", "2026-05-02", "6100", "1120"),
    ]:
        response = accountant.post(
            api("journal-entries/"), entry_body(amount, day=day, debit=debit, credit=credit), format="json"
        )
        assert response.status_code == 201, response.content
    return accountant


def rows_by_code(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["code"]: row for row in body["rows"]}


def test_the_trial_balance_lists_debits_credits_and_nets(sales):
    body = sales.get(api("reports/trial-balance/?as_of=2026-12-31")).json()

    assert (body["title"], body["currency"], body["meta"]) == (
        "Trial balance",
        "USD",
        {"as_of": "2026-12-31"},
    )
    assert all(set(row) == TRIAL_KEYS for row in body["rows"])
    bank = rows_by_code(body)["1120"]
    assert (bank["debit"], bank["credit"], bank["net"]) == ("150.00", "30.00", "120.00")
    assert body["totals"] == {"debit": "180.00", "credit": "180.00", "net": "0.00"}


def test_the_trial_balance_nets_debit_minus_credit_where_statements_show_the_natural_side(sales):
    trial = rows_by_code(sales.get(api("reports/trial-balance/?as_of=2026-12-31")).json())
    income = sales.get(api("reports/income-statement/?from=2026-01-01&to=2026-12-31")).json()

    assert trial["4100"]["net"] == "-150.00"
    assert all(set(row) == ROW_KEYS for row in income["rows"])
    assert rows_by_code(income)["4100"]["balance"] == "150.00"


def test_the_trial_balance_stops_at_as_of(sales):
    body = sales.get(api("reports/trial-balance/?as_of=2026-03-31")).json()

    assert rows_by_code(body)["1120"]["net"] == "100.00"
    assert "6100" not in rows_by_code(body)


def test_the_balance_sheet_balances_with_current_earnings(sales):
    body = sales.get(api("reports/balance-sheet/?as_of=2026-12-31")).json()

    assert body["totals"]["assets"] == "120.00"
    assert body["totals"]["current_earnings"] == "120.00"
    assert body["totals"]["liabilities_and_equity"] == "120.00"
    assert {row["type"] for row in body["rows"]} <= {"asset", "liability", "equity"}


def test_the_income_statement_covers_its_range(sales):
    body = sales.get(api("reports/income-statement/?from=2026-04-01&to=2026-12-31")).json()

    rows = rows_by_code(body)
    assert (rows["4100"]["balance"], rows["6100"]["balance"]) == ("50.00", "30.00")


def test_the_general_ledger_runs_a_balance_over_the_accounts_lines(sales):
    body = sales.get(api("reports/general-ledger/?account=1120&from=2026-04-01&to=2026-12-31")).json()

    assert [(row["date"], row["debit"], row["credit"], row["balance"]) for row in body["rows"]] == [
        ("2026-04-02", "50.00", "0.00", "150.00"),
        ("2026-05-02", "0.00", "30.00", "120.00"),
    ]
    assert body["totals"] == {"opening": "100.00", "debit": "50.00", "credit": "30.00", "closing": "120.00"}
    assert body["rows"][0]["amount"] == "50.00"


@pytest.mark.parametrize("path", REPORTS)
def test_every_report_is_csv_with_format_csv(sales, path):
    response = sales.get(api(f"{path}&format=csv"))

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert {"debit", "credit"} <= set(table[0])
    assert {"balance", "net"} & set(table[0])
    assert len(table) > 2


@pytest.mark.parametrize("path", REPORTS)
def test_every_report_is_csv_when_the_client_accepts_csv(sales, path):
    response = sales.get(api(path), HTTP_ACCEPT="text/csv")

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")


def test_the_trial_balance_csv_has_the_rows_and_the_totals(sales):
    text = sales.get(api("reports/trial-balance/?as_of=2026-12-31&format=csv")).content.decode()

    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["code", "name", "type", "parent", "debit", "credit", "net"]
    assert ["1120", "Bank current account", "asset", "1100", "150.00", "30.00", "120.00"] in table
    assert ["total_net", "0.00"] in table


def test_an_empty_report_still_has_its_header(accountant):
    response = accountant.get(api("reports/trial-balance/?as_of=2026-12-31&format=csv"))

    assert response.status_code == 200
    assert response.content.decode().splitlines()[0] == "code,name,type,parent,debit,credit,net"


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("reports/trial-balance/?as_of=yesterday", "as_of"),
        ("reports/balance-sheet/?as_of=2026-02-30", "as_of"),
        ("reports/income-statement/?to=2026-12-31", "from"),
        ("reports/income-statement/?from=2026-01-01", "to"),
        ("reports/income-statement/?from=2026-12-31&to=2026-01-01", "to"),
        ("reports/general-ledger/?from=2026-01-01&to=2026-12-31", "account"),
        ("reports/general-ledger/?account=1120&from=x&to=2026-12-31", "from"),
        ("reports/monthly/?to=2026-12-31", "from"),
        ("reports/monthly/?from=2026-12-31&to=2026-01-01", "to"),
        ("reports/monthly/?from=2016-01-01&to=2026-01-01", "to"),  # 121 months
    ],
)
@pytest.mark.parametrize("as_csv", [False, True], ids=["json", "csv"])
def test_a_bad_report_parameter_is_a_json_invalid_parameter_even_for_csv(accountant, path, field, as_csv):
    response = accountant.get(api(path + ("&format=csv" if as_csv else "")))

    body = assert_error(response, 400, "invalid_parameter")
    assert field in body["fields"]


def test_the_general_ledger_of_an_unknown_account_is_a_404(accountant):
    response = accountant.get(api("reports/general-ledger/?account=8888&from=2026-01-01&to=2026-12-31"))

    assert_error(response, 404, "not_found")


@pytest.mark.parametrize(
    "path",
    [
        "reports/trial-balance/?as_of=0001-01-01",
        "reports/trial-balance/?as_of=9999-12-31",
        "reports/balance-sheet/?as_of=0001-01-01",
        "reports/income-statement/?from=0001-01-01&to=9999-12-31",
        "reports/general-ledger/?account=1120&from=0001-01-02&to=9999-12-31",
        "reports/general-ledger/?account=1120&from=0001-01-01&to=9999-12-31",
        "reports/monthly/?from=0001-01-01&to=0001-12-31",
        "reports/monthly/?from=9999-01-01&to=9999-12-31",
    ],
)
def test_the_extreme_dates_are_answered(sales, path):
    assert sales.get(api(path)).status_code == 200


def test_a_format_no_renderer_knows_is_a_404(accountant):
    assert_error(accountant.get(api("reports/trial-balance/?format=xlsx")), 404, "not_found")


def test_an_accept_header_no_renderer_knows_is_a_406(accountant):
    response = accountant.get(api("reports/trial-balance/"), HTTP_ACCEPT="application/vnd.ms-excel")

    assert_error(response, 406, "not_acceptable")


def test_text_that_would_start_a_spreadsheet_formula_is_quoted_and_numbers_are_not(accountant):
    accountant.patch(api("accounts/1120/"), {"name": '=HYPERLINK("http://evil")'}, format="json")
    accountant.post(
        api("journal-entries/"),
        entry_body("5.00", memo="@SUM(A1)", reference="+1", day="2026-03-02"),
        format="json",
    )

    balances = accountant.get(api("reports/trial-balance/?as_of=2026-12-31&format=csv")).content.decode()
    ledger = accountant.get(
        api("reports/general-ledger/?account=1120&from=2026-01-01&to=2026-12-31&format=csv")
    ).content.decode()

    rows = list(csv.reader(io.StringIO(balances)))
    assert ["1120", '\'=HYPERLINK("http://evil")', "asset", "1100", "5.00", "0.00", "5.00"] in rows
    assert ["4100", "Sales", "income", "4000", "0.00", "5.00", "-5.00"] in rows
    line = list(csv.reader(io.StringIO(ledger)))[1]
    assert "'@SUM(A1)" in line
    assert "'+1" in line


# --- monthly -------------------------------------------------------------------------------------


def test_the_monthly_report_gives_each_months_movements_and_totals(sales):
    body = sales.get(api("reports/monthly/?from=2026-03-15&to=2026-05-31")).json()

    assert body["months"] == [
        {"month": "2026-03", "start": "2026-03-15", "end": "2026-03-31"},
        {"month": "2026-04", "start": "2026-04-01", "end": "2026-04-30"},
        {"month": "2026-05", "start": "2026-05-01", "end": "2026-05-31"},
    ]
    bank = rows_by_code(body)["1120"]
    assert (bank["opening"], bank["movements"], bank["closing"]) == (
        "100.00",  # the March 2 sale is before the range
        ["0.00", "50.00", "-30.00"],
        "120.00",
    )
    assert body["totals"] == {
        "income": ["0.00", "50.00", "0.00"],
        "expenses": ["0.00", "0.00", "30.00"],
        "net_income": ["0.00", "50.00", "-30.00"],
    }


def test_the_monthly_csv_has_a_column_per_month_and_the_totals_as_rows(sales):
    response = sales.get(api("reports/monthly/?from=2026-03-01&to=2026-05-31&format=csv"))

    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"] == 'attachment; filename="monthly-2026-03-01-2026-05-31.csv"'
    assert table[0] == [
        "code",
        "name",
        "type",
        "parent",
        "opening",
        "2026-03",
        "2026-04",
        "2026-05",
        "closing",
    ]
    assert [
        "1120",
        "Bank current account",
        "asset",
        "1100",
        "0.00",
        "100.00",
        "50.00",
        "-30.00",
        "120.00",
    ] in table
    assert ["total_net_income", "", "", "", "", "100.00", "50.00", "-30.00", ""] in table


def test_an_empty_monthly_report_is_still_one_column_per_month(accountant):
    body = accountant.get(api("reports/monthly/?from=2026-01-01&to=2026-02-28")).json()
    text = accountant.get(api("reports/monthly/?from=2026-01-01&to=2026-02-28&format=csv")).content.decode()

    assert body["rows"] == []
    assert body["totals"]["income"] == ["0.00", "0.00"]
    assert text.splitlines()[0] == "code,name,type,parent,opening,2026-01,2026-02,closing"
