"""The bank endpoints: upload, lines, match, book, rules, profiles, report; isolation and roles."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from bank.models import BankAccount, Statement, StatementLine
from bank.services.accounts import bank_account_create
from common.models import Company
from ledger.api.tests.conftest import ClientFor
from ledger.models import JournalEntry
from ledger.tests.conftest import ALICE
from tenants.routing.context import tenant_context

from .conftest import AddLines, Post

pytestmark = pytest.mark.django_db(databases="__all__")
SAMPLES = Path(__file__).resolve().parent.parent / "formats" / "samples"
CAMT = (SAMPLES / "camt053_v08_sample.xml").read_bytes()
EUR_IBAN = "DE89370400440532013000"
BASE = "/t/acme/api/v1"
JAN = date(2026, 1, 10)


@pytest.fixture
def eur(books: Company) -> BankAccount:
    return bank_account_create(
        account="1140", name="Euro account", iban=EUR_IBAN, currency="EUR", actor=ALICE
    )


def _as(users: dict[str, User], client_for: ClientFor, role: str) -> APIClient:
    return client_for(users[role])


def upload(client: APIClient, bank_id: int, data: bytes = CAMT, **extra: str) -> Any:
    return client.post(
        f"{BASE}/bank-accounts/{bank_id}/statements/",
        {"file": SimpleUploadedFile("statement.xml", data), **extra},
        format="multipart",
    )


def test_upload_imports_once_and_reports_duplicates(
    users: dict[str, User], client_for: ClientFor, eur: BankAccount
) -> None:
    alan = client_for(users["accountant"])
    first = upload(alan, eur.pk)
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["added"] == body["lines"] > 0 and body["duplicates"] == 0
    again = upload(alan, eur.pk)
    assert again.status_code == 201 and again.json()["added"] == 0
    assert again.json()["duplicates"] == body["lines"]
    assert StatementLine.objects.count() == body["lines"]
    listed = alan.get(f"{BASE}/bank-accounts/{eur.pk}/statements/").json()
    assert listed["count"] == 1 and listed["results"][0]["unmatched"] == body["lines"]
    accounts = alan.get(f"{BASE}/bank-accounts/").json()["results"]
    assert accounts[0]["unmatched"] == body["lines"]


def test_refused_files_write_nothing(
    users: dict[str, User], client_for: ClientFor, eur: BankAccount, bank: BankAccount
) -> None:
    alan = client_for(users["accountant"])
    truncated = upload(alan, eur.pk, CAMT[: len(CAMT) // 2])
    assert truncated.status_code == 400 and truncated.json()["code"] == "statement_refused"
    unbalanced = upload(alan, eur.pk, CAMT.replace(b">20147.12<", b">20147.13<"))
    assert unbalanced.status_code == 400 and unbalanced.json()["code"] == "statement_unbalanced"
    assert "0.01" in unbalanced.json()["message"]
    wrong = upload(alan, bank.pk)  # the USD account, another IBAN
    assert wrong.status_code == 400 and wrong.json()["code"] == "statement_wrong_account"
    hostile = upload(alan, eur.pk, (SAMPLES / "hostile_billion_laughs.xml").read_bytes())
    assert hostile.status_code == 400
    missing = alan.post(f"{BASE}/bank-accounts/{eur.pk}/statements/", {}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()["fields"]
    assert Statement.objects.count() == 0 and StatementLine.objects.count() == 0


def test_match_suggest_book_unmatch_through_the_api(
    users: dict[str, User],
    client_for: ClientFor,
    bank: BankAccount,
    add_lines: AddLines,
    post: Post,
) -> None:
    alan = client_for(users["accountant"])
    paid, fee = add_lines((JAN, "250.00", "Globex", "INV-9"), (JAN, "-4.00", "", "Fee"))
    entry = post(date(2026, 1, 8), "1120", "4100", "250.00", reference="INV-9")
    suggested = alan.get(f"{BASE}/statement-lines/{paid.pk}/suggestions/").json()
    assert suggested["results"][0]["entry"] == entry.pk and "reference" in suggested["results"][0]["reasons"]
    matched = alan.post(f"{BASE}/statement-lines/{paid.pk}/match/", {"entries": [entry.pk]}, format="json")
    assert matched.status_code == 200 and matched.json()["status"] == "matched"
    assert matched.json()["entries"] == [entry.pk]
    booked = alan.post(
        f"{BASE}/statement-lines/{fee.pk}/create-entry/",
        {"lines": [{"account": "6500", "amount": "4.00"}], "memo": "Bank fee"},
        format="json",
    )
    assert booked.status_code == 201 and booked.json()["created_entry"]
    bad = alan.post(
        f"{BASE}/statement-lines/{fee.pk}/create-entry/",
        {"lines": [{"account": "6500", "amount": "1e999"}]},
        format="json",
    )
    assert bad.status_code in (400, 409)
    undone = alan.post(f"{BASE}/statement-lines/{fee.pk}/unmatch/")
    assert undone.status_code == 200 and undone.json()["status"] == "unmatched"
    assert JournalEntry.objects.filter(status="reversed").count() == 1
    lines = alan.get(
        f"{BASE}/statement-lines/?bank_account={bank.pk}&status=unmatched&from=2026-01-01"
    ).json()
    assert [x["id"] for x in lines["results"]] == [fee.pk]
    ignored = alan.post(
        f"{BASE}/statement-lines/{fee.pk}/ignore/", {"reason": "duplicate charge"}, format="json"
    )
    assert ignored.json()["status"] == "ignored"
    report = alan.get(f"{BASE}/reports/bank-reconciliation/?bank_account={bank.pk}&as_of=2026-01-31").json()
    assert report["totals"]["difference"] == report["totals"]["explained"]
    csv = alan.get(f"{BASE}/reports/bank-reconciliation/?bank_account={bank.pk}&as_of=2026-01-31&format=csv")
    assert csv.status_code == 200 and csv.content.startswith(b"kind,id,date,amount")


def test_rules_from_a_line_and_auto_match(
    users: dict[str, User],
    client_for: ClientFor,
    bank: BankAccount,
    add_lines: AddLines,
) -> None:
    alan = client_for(users["accountant"])
    fee, _ = add_lines((JAN, "-4.00", "Bank", "Fee"), (date(2026, 1, 20), "-4.00", "Bank", "Fee"))
    rule = alan.post(
        f"{BASE}/statement-lines/{fee.pk}/create-rule/", {"counter_account": "6500"}, format="json"
    )
    assert rule.status_code == 201 and rule.json()["direction"] == "out"
    dry = alan.post(f"{BASE}/bank-accounts/{bank.pk}/auto-match/?dry_run=1").json()
    assert dry["booked"] == 2 and JournalEntry.objects.count() == 0
    done = alan.post(f"{BASE}/bank-accounts/{bank.pk}/auto-match/").json()
    assert (done["booked"], done["left"]) == (2, 0)
    bad = alan.post(
        f"{BASE}/bank-rules/", {"pattern": "(", "operator": "regex", "counter_account": "6500"}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_rule"
    rules = alan.get(f"{BASE}/bank-rules/").json()
    assert len(rules) == 1 and rules[0]["counter_account"] == "6500"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("viewer", set()),
        ("accountant", {"import", "match", "rule"}),
        ("owner", {"import", "match", "rule", "account", "profile"}),
    ],
)
def test_roles(
    users: dict[str, User],
    client_for: ClientFor,
    eur: BankAccount,
    add_lines: AddLines,
    role: str,
    allowed: set[str],
) -> None:
    client = client_for(users[role])
    [line] = add_lines((JAN, "1.00", "X"))
    assert client.get(f"{BASE}/statement-lines/{line.pk}/").status_code == 200
    assert client.get(f"{BASE}/bank-accounts/").status_code == 200
    assert client.get(f"{BASE}/bank-accounts/{eur.pk}/statements/").status_code == 200  # every role reads
    assert client.get(f"{BASE}/statement-lines/{line.pk}/suggestions/").status_code == 200
    answers = {
        "import": upload(client, eur.pk).status_code,
        "match": client.post(
            f"{BASE}/statement-lines/{line.pk}/ignore/", {"reason": "x"}, format="json"
        ).status_code,
        "rule": client.post(
            f"{BASE}/bank-rules/", {"pattern": "x", "counter_account": "6500"}, format="json"
        ).status_code,
        "account": client.post(
            f"{BASE}/bank-accounts/", {"account": "1130", "name": "Savings"}, format="json"
        ).status_code,
        "profile": client.post(
            f"{BASE}/csv-profiles/",
            {"name": "p", "columns": {"booking_date": "Date", "amount": "Amount"}},
            format="json",
        ).status_code,
    }
    assert {k for k, v in answers.items() if v != 403} == allowed, answers
    assert all(v == 403 for k, v in answers.items() if k not in allowed), answers


def test_another_company_gets_nothing(
    users: dict[str, User],
    client_for: ClientFor,
    foo: Company,
    bank: BankAccount,
    add_lines: AddLines,
) -> None:
    [line] = add_lines((JAN, "1.00", "X"))
    mallory = client_for(users["non-member"])
    for url in (
        f"{BASE}/statement-lines/{line.pk}/",
        f"{BASE}/bank-accounts/{bank.pk}/",
        f"{BASE}/bank-accounts/",
    ):
        assert mallory.get(url).status_code == 404
    # In her own company the same ids name nothing.
    with tenant_context(foo):
        from ledger.seed import seed_tenant

        seed_tenant(company=foo)
    own = "/t/foo/api/v1"
    assert mallory.get(f"{own}/statement-lines/{line.pk}/").status_code == 404
    assert (
        mallory.post(f"{own}/statement-lines/{line.pk}/ignore/", {"reason": "x"}, format="json").status_code
        == 404
    )
    assert mallory.get(f"{own}/statement-lines/").json()["results"] == []
    line.refresh_from_db()
    assert line.status == "unmatched"


@pytest.mark.parametrize("sample", ["ofx_sample.ofx", "mt940_sample.sta", "camt053_v02_sample.xml"])
def test_every_format_imports_once(
    users: dict[str, User], client_for: ClientFor, eur: BankAccount, sample: str
) -> None:
    alan = client_for(users["accountant"])
    data = (SAMPLES / sample).read_bytes()
    first = upload(alan, eur.pk, data)
    assert first.status_code == 201, first.json()
    assert first.json()["added"] > 0
    assert upload(alan, eur.pk, data).json()["added"] == 0


def test_csv_through_a_saved_profile(users: dict[str, User], client_for: ClientFor, eur: BankAccount) -> None:
    olga, alan = client_for(users["owner"]), client_for(users["accountant"])
    columns = {
        "booking_date": "Buchungstag",
        "value_date": "Wertstellung",
        "counterparty_name": "Auftraggeber / Begünstigter",
        "counterparty_account": "IBAN",
        "description": "Verwendungszweck",
        "amount": "Betrag (EUR)",
        "transaction_id": "Transaktions-ID",
    }
    bad = olga.post(f"{BASE}/csv-profiles/", {"name": "x", "columns": {"amount": "Betrag"}}, format="json")
    assert bad.status_code == 400
    made = olga.post(
        f"{BASE}/csv-profiles/",
        {
            "name": "Sparkasse",
            "delimiter": ";",
            "encoding": "cp1252",
            "skip_rows": 6,
            "date_format": "%d.%m.%Y",
            "decimal_separator": ",",
            "thousands_separator": ".",
            "columns": columns,
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    data = (SAMPLES / "csv_sample_de.csv").read_bytes()
    without = upload(alan, eur.pk, data, format="csv")
    assert without.status_code == 400 and "profile" in without.json()["fields"]
    done = upload(alan, eur.pk, data, profile=str(made.json()["id"]))
    assert done.status_code == 201, done.json()
    assert done.json()["added"] > 0
