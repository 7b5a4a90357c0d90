"""The chart of accounts over the API: flat and tree listings with balances, and its changes."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from ledger.api.serializers import AccountSerializer
from ledger.models import Account, AuditEvent
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .support import api, assert_error, entry_body

pytestmark = tenant_db

ACCOUNT_KEYS = {"code", "name", "type", "parent", "currency", "is_active"}


def by_code(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["code"]: row for row in rows}


# --- listing ----------------------------------------------------------------------------------


def test_the_flat_list_has_every_account_in_the_wire_shape_with_its_balance(viewer):
    response = viewer.get(api("accounts/"))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["results"]) > 30
    bank = by_code(body["results"])["1120"]
    assert set(bank) == ACCOUNT_KEYS | {"balance"}  # `children` only in the tree
    assert bank == {
        "code": "1120",
        "name": "Bank current account",
        "type": "asset",
        "parent": "1100",
        "currency": None,
        "is_active": True,
        "balance": "0.00",
    }
    assert [row["code"] for row in body["results"]] == sorted(row["code"] for row in body["results"])


def test_the_list_rows_are_what_the_account_serializer_gives_each_account(accountant, books):
    # The list writes its rows itself (ledger.selectors.account_list), flat or as a tree; one
    # account's answer goes through DRF's AccountSerializer: the two must agree.
    accountant.post(api("accounts/"), {"code": "1121", "name": "Till", "type": "asset", "parent": "1120",
                                       "currency": "USD"}, format="json")  # fmt: skip
    accountant.post(api("accounts/1130/deactivate/"))
    flat = accountant.get(api("accounts/")).json()["results"]
    tree = accountant.get(api("accounts/?tree=1")).json()["results"]
    with tenant_context(books):
        accounts = Account.objects.select_related("parent").order_by("code")
        expected = [dict(AccountSerializer(account).data) for account in accounts]

    def walk(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for row in rows for r in [row, *walk(row["children"])]]

    assert [{k: v for k, v in row.items() if k != "balance"} for row in flat] == expected
    in_tree = walk(tree)
    assert sorted(row["code"] for row in in_tree) == [row["code"] for row in flat]
    flat_by_code = by_code(flat)
    for row in in_tree:
        assert {k: v for k, v in row.items() if k != "children"} == flat_by_code[row["code"]]
        assert all(child["parent"] == row["code"] for child in row["children"])
    assert by_code(in_tree)["1120"]["children"][0]["code"] == "1121"


def test_balances_are_debit_positive_in_the_base_currency_as_of_a_date(accountant):
    accountant.post(api("journal-entries/"), entry_body("100.00", day="2026-03-02"), format="json")

    today = by_code(accountant.get(api("accounts/")).json()["results"])
    before = by_code(accountant.get(api("accounts/?as_of=2026-03-01")).json()["results"])

    assert (today["1120"]["balance"], today["4100"]["balance"]) == ("100.00", "-100.00")
    assert (before["1120"]["balance"], before["4100"]["balance"]) == ("0.00", "0.00")


def test_the_tree_nests_accounts_under_their_parents_with_balances(accountant):
    accountant.post(api("journal-entries/"), entry_body("40.00", day="2026-03-02"), format="json")

    roots = accountant.get(api("accounts/?tree=1")).json()["results"]

    assert [root["code"] for root in roots] == ["1000", "2000", "3000", "4000", "5000", "6000"]
    assets = roots[0]
    cash = by_code(assets["children"])["1100"]
    bank = by_code(cash["children"])["1120"]
    assert bank["balance"] == "40.00"
    assert bank["parent"] == "1100"
    assert bank["children"] == []


def test_the_list_filters_by_type_and_activity(accountant):
    accountant.post(api("accounts/1130/deactivate/"))

    incomes = accountant.get(api("accounts/?type=income")).json()["results"]
    inactive = accountant.get(api("accounts/?active=false")).json()["results"]

    assert incomes and {row["type"] for row in incomes} == {"income"}
    assert [row["code"] for row in inactive] == ["1130"]


def test_the_list_of_a_company_whose_books_are_not_set_up_is_a_409(users, client_for, acme):
    response = client_for(users["owner"]).get(api("accounts/"))

    assert_error(response, 409, "ledger_not_seeded")


@pytest.mark.parametrize("as_of", ["yesterday", "2026-13-01", "2026-02-30", "99999-01-01", "0"])
def test_a_bad_as_of_is_an_invalid_parameter(viewer, as_of):
    assert_error(viewer.get(api(f"accounts/?as_of={as_of}")), 400, "invalid_parameter")


def test_one_account_by_code(viewer):
    response = viewer.get(api("accounts/4100/"))

    assert response.status_code == 200
    assert response.json() == {
        "code": "4100",
        "name": "Sales",
        "type": "income",
        "parent": "4000",
        "currency": None,
        "is_active": True,
    }


@pytest.mark.parametrize("code", ["9999", "abc", "1120.1", "%20", "1" * 300])
def test_an_unknown_account_is_a_404(viewer, code):
    assert_error(viewer.get(api(f"accounts/{code}/")), 404, "not_found")


# --- changes ----------------------------------------------------------------------------------


def test_an_accountant_creates_an_account_and_it_is_audited(accountant):
    body = {"code": "1160", "name": "Payment processor", "type": "asset", "parent": "1100", "currency": "eur"}

    response = accountant.post(api("accounts/"), body, format="json")

    assert response.status_code == 201, response.content
    assert response.json() == {
        "code": "1160",
        "name": "Payment processor",
        "type": "asset",
        "parent": "1100",
        "currency": "EUR",
        "is_active": True,
    }
    with tenant_context("acme"):
        parent = Account.objects.get(code="1160").parent
        assert parent is not None and parent.code == "1100"
        event = AuditEvent.objects.get(object_type="account", action="create")
    assert event.actor_name == "alan"


def test_a_top_level_account_needs_no_parent(accountant):
    body = {"code": "7000", "name": "Other", "type": "expense", "parent": None}

    response = accountant.post(api("accounts/"), body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["parent"] is None


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"code": "1120", "name": "Again", "type": "asset"}, 409, "account_in_use"),
        ({"code": "1161", "name": "X", "type": "asset", "parent": "8888"}, 400, "unknown_account"),
        ({"code": "1161", "name": "X", "type": "asset", "currency": "ZZZ"}, 400, "unknown_currency"),
        ({"code": "1161", "name": "X", "type": "planet"}, 400, "invalid_choice"),
        ({"code": "Assets::Bank", "name": "X", "type": "asset"}, 400, "invalid_account_code"),
        ({"code": "Assets:Bank ", "name": "X", "type": "asset"}, 400, "invalid_account_code"),
        ({"code": "Assets/Bank", "name": "X", "type": "asset"}, 400, "invalid_account_code"),
        ({"code": "Assets\tBank", "name": "X", "type": "asset"}, 400, "invalid_account_code"),
        ({"code": "", "name": "X", "type": "asset"}, 400, "validation_error"),
        ({"code": "1" * 201, "name": "X", "type": "asset"}, 400, "max_length"),
        ({"name": "X", "type": "asset"}, 400, "validation_error"),
        ({"code": 1161, "name": ["X"], "type": "asset"}, 400, "validation_error"),
    ],
    ids=[
        "duplicate",
        "unknown-parent",
        "unknown-currency",
        "unknown-type",
        "empty-segment",
        "trailing-space",
        "slash",
        "tab",
        "blank-code",
        "code-too-long",
        "no-code",
        "name-a-list",
    ],
)
def test_a_bad_account_is_refused_with_its_code(accountant, body, status, code):
    assert_error(accountant.post(api("accounts/"), body, format="json"), status, code)


LONG_UNICODE = (
    "Aktiva:Umlaufvermögen:Guthaben bei Kreditinstituten:Girokonto Sparkasse Köln-Bonn:" + "ü" * 100
)


def test_other_ledgers_account_names_are_created_and_read_back_by_url(accountant):
    body = {"code": LONG_UNICODE, "name": "Girokonto", "type": "asset"}

    created = accountant.post(api("accounts/"), body, format="json")
    read = accountant.get(api(f"accounts/{quote(LONG_UNICODE)}/"))

    assert created.status_code == 201, created.content
    assert created.json()["code"] == LONG_UNICODE and len(LONG_UNICODE) > 180
    assert read.status_code == 200 and read.json()["code"] == LONG_UNICODE


def test_create_parents_builds_the_colon_path_tree(accountant):
    body = {
        "code": "Expenses:Bank Service Charge:Fees",
        "name": "Fees",
        "type": "expense",
        "create_parents": True,
    }

    response = accountant.post(api("accounts/"), body, format="json")
    tree = by_code(accountant.get(api("accounts/?type=expense")).json()["results"])

    assert response.status_code == 201, response.content
    assert response.json()["parent"] == "Expenses:Bank Service Charge"
    assert tree["Expenses:Bank Service Charge"]["parent"] == "Expenses"
    assert tree["Expenses"]["parent"] is None and tree["Expenses"]["name"] == "Expenses"


def test_a_colon_code_is_a_parent_and_takes_lines(accountant):
    accountant.post(
        api("accounts/"), {"code": "Assets:US:BofA", "name": "BofA", "type": "asset"}, format="json"
    )
    child = {
        "code": "Assets:US:BofA:Checking",
        "name": "Checking",
        "type": "asset",
        "parent": "Assets:US:BofA",
    }
    created = accountant.post(api("accounts/"), child, format="json")
    entry = accountant.post(
        api("journal-entries/"), entry_body(debit="Assets:US:BofA:Checking"), format="json"
    )

    assert created.status_code == 201 and created.json()["parent"] == "Assets:US:BofA"
    assert entry.status_code == 201, entry.content
    assert entry.json()["lines"][0]["account"] == "Assets:US:BofA:Checking"


def test_an_account_is_renamed_moved_and_restricted_to_a_currency(accountant):
    response = accountant.patch(
        api("accounts/1140/"), {"name": "EUR bank", "parent": "1000", "currency": "EUR"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json() | {"code": "1140"} == {
        "code": "1140",
        "name": "EUR bank",
        "type": "asset",
        "parent": "1000",
        "currency": "EUR",
        "is_active": True,
    }


def test_an_account_cannot_become_its_own_parent(accountant):
    assert_error(
        accountant.patch(api("accounts/1140/"), {"parent": "1140"}, format="json"), 409, "account_in_use"
    )


def test_an_account_with_lines_in_another_currency_cannot_be_restricted(accountant):
    accountant.post(api("journal-entries/"), entry_body(), format="json")

    response = accountant.patch(api("accounts/1120/"), {"currency": "EUR"}, format="json")

    assert_error(response, 409, "account_in_use")


def test_a_deactivated_account_takes_no_more_lines(accountant):
    response = accountant.post(api("accounts/1130/deactivate/"))
    refused = accountant.post(api("journal-entries/"), entry_body(debit="1130"), format="json")

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    body = assert_error(refused, 400, "account_inactive")
    assert body["fields"] == {"lines": {"0": {"account": ["Inactive account."]}}}


def test_an_account_is_reactivated_by_patch(accountant):
    accountant.post(api("accounts/1130/deactivate/"))

    response = accountant.patch(api("accounts/1130/"), {"is_active": True}, format="json")

    assert response.json()["is_active"] is True


def test_an_unused_account_is_deleted(accountant):
    accountant.post(api("accounts/"), {"code": "7100", "name": "Temp", "type": "expense"}, format="json")

    response = accountant.delete(api("accounts/7100/"))

    assert response.status_code == 204
    assert_error(accountant.get(api("accounts/7100/")), 404, "not_found")


def test_an_account_with_postings_is_not_deleted(accountant):
    accountant.post(api("journal-entries/"), entry_body(), format="json")

    assert_error(accountant.delete(api("accounts/1120/")), 409, "account_in_use")
    assert accountant.get(api("accounts/1120/")).status_code == 200


def test_an_account_with_only_a_draft_line_is_not_deleted(accountant):
    accountant.post(api("journal-entries/"), entry_body(status="draft"), format="json")

    assert_error(accountant.delete(api("accounts/1120/")), 409, "account_in_use")


def test_an_account_with_children_is_not_deleted(accountant):
    assert_error(accountant.delete(api("accounts/1100/")), 409, "account_in_use")


def test_put_is_not_how_accounts_change(accountant):
    assert_error(
        accountant.put(api("accounts/1120/"), {"name": "X"}, format="json"), 405, "method_not_allowed"
    )
