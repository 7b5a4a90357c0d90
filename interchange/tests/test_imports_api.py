"""POST/GET imports/: uploads imported at once or by a job, their reports; bad input in the one
error shape; roles and isolation in the API and the admin."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from common.models import Company
from interchange.models import BookImport
from jobs.testing import run_pending
from ledger.api.tests.conftest import ClientFor
from ledger.models import JournalEntry
from ledger.seed import seed_tenant
from ledger.services.entries import journal_entry_create
from ledger.services.periods import period_close, period_for
from ledger.tests.conftest import ALICE
from tenants.routing.context import tenant_context

from .test_readers import BEANCOUNT
from .test_service import JOURNAL

pytestmark = pytest.mark.django_db(databases="__all__")
BASE = "/t/acme/api/v1"


def upload(
    client: APIClient, text: str, fmt: str = "beancount", *, query: str = "", name: str = "b.txt"
) -> Any:
    return client.post(
        f"{BASE}/imports/{query}",
        {"file": SimpleUploadedFile(name, text.encode()), "format": fmt},
        format="multipart",
    )


def test_an_owner_imports_a_file_and_reads_its_report(users, client_for, books):
    olga = client_for(users["owner"])

    answer = upload(olga, BEANCOUNT, name="books.beancount")

    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["status"], body["format"], body["file_name"], body["created_by"]) == (
        "succeeded", "beancount", "books.beancount", "olga"
    )  # fmt: skip
    report = body["report"]
    assert (report["created"], report["skipped"], report["left_out"], report["balanced"]) == (3, 0, 1, True)
    assert {"account": "Assets:Bank", "currency": "USD", "source": "786.66", "pyledger": "786.66",
            "base": "786.66", "difference": "0.00"} in report["balances"]  # fmt: skip
    assert "held_at_cost" in {note["kind"] for note in report["notes"]}
    assert olga.get(f"{BASE}/imports/{body['id']}/").json() == body
    assert [row["id"] for row in olga.get(f"{BASE}/imports/").json()["results"]] == [body["id"]]
    assert bytes(BookImport.objects.get().data) == b""  # the file is not kept once imported
    again = upload(olga, BEANCOUNT).json()["report"]
    assert (again["created"], again["skipped"]) == (0, 3)


def test_a_background_import_answers_202_and_its_job_imports_the_file(users, client_for, books):
    olga = client_for(users["owner"])

    answer = upload(olga, JOURNAL, "ledger", query="?background=true")

    assert answer.status_code == 202, answer.json()
    body = answer.json()
    assert body["status"] == "queued" and body["report"] is None and body["job"]
    assert answer["Location"].endswith(f"/t/acme/api/v1/imports/{body['id']}/")
    assert JournalEntry.objects.count() == 0
    [job] = run_pending()
    assert job.status == "succeeded" and (job.result or {}).get("created") == 4
    done = olga.get(f"{BASE}/imports/{body['id']}/").json()
    assert done["status"] == "succeeded" and done["report"]["balanced"] is True
    job_view = olga.get(f"{BASE}/jobs/{body['job']}/").json()
    assert job_view["task"] == "interchange.import_books" and job_view["status"] == "succeeded"


@pytest.mark.parametrize(
    ("text", "fmt", "status", "code"),
    [
        (JOURNAL, "quicken", 400, "invalid_choice"),
        (JOURNAL, "gnucash", 400, "book_invalid"),
        ("2024-01-02 x\n    A:B  $5\n    C:D  $-4\n", "ledger", 400, "book_invalid"),
        ("   ", "ledger", 400, "upload_refused"),
        ('include "/etc/passwd"\n', "beancount", 400, "book_invalid"),
    ],
)
def test_bad_input_is_refused_in_the_one_error_shape(users, client_for, books, text, fmt, status, code):
    answer = upload(client_for(users["owner"]), text, fmt)

    assert answer.status_code == status
    assert answer.json()["code"] == code and answer.json()["message"]


TXN = b"  Expenses:Food  10 USD\n  Assets:Cash\n"
OPEN = b"2024-01-01 open Assets:Bank\n2024-01-01 open Equity:Opening\n"
HUGE = b"1" + b"0" * 40
GOLD = b"1" + b"0" * 15 + b" GLD {1" + b"0" * 15 + b" USD}"  # each below 10^16, their product not


# Each of these answered 500: the database or Python's decimal context refused what the file held,
# sometimes after earlier batches were written, and the import stayed `running`.
@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "beancount", "f.txt:1: not UTF-8 text."),
        (b"2024-01-05 Shop\x00\n" + TXN, "ledger", "f.txt:1: a NUL character; a text book has none."),
        (b"2024-01-05 Shop\n  Expenses:Fo\x00od  10 USD\n  Assets:Cash\n", "ledger", "f.txt:2: a NUL"),
        (b"2024-01-05 Shop\x01\n" + TXN, "ledger", "f.txt:1: 'Shop\\x01' contains NUL or another control"),
        (OPEN + b'2024-01-02 * "a\x01"\n  Assets:Bank 1 USD\n  Equity:Opening\n', "beancount", "'a\\x01'"),
        (b"2024-01-05 Shop\n  Expenses:Food  " + HUGE + b" USD\n  Assets:Cash\n", "ledger", "too large"),
        (b"2024-01-05 Shop\n  Assets:Gold  " + GOLD + b"\n  Assets:Cash\n", "ledger",
         "Assets:Gold: its amount 1.00E+30 is too large."),
        (b"2024-01-05 Shop\n  Expenses:Food  1 EUR @ $" + HUGE + b"\n  Assets:Cash\n", "ledger", "too large"),
        (OPEN + b'2024-01-02 * "a"\n  Assets:Bank ' + HUGE + b" USD\n  Equity:Opening\n", "beancount",
         "f.txt:3: Assets:Bank: 1000000000000000000000000000000000000000... is too large"),
        (b"2024-01-01 price EUR " + HUGE + b" USD\n", "beancount", "A price of EUR on 2024-01-01:"),
        (b"0001-01-01 open Assets:Bank\n0001-01-01 balance Assets:Bank 0 USD\n", "beancount",
         "f.txt:2: a balance on 0001-01-01, before the books."),
        (b"9999-12-31 Shop\n" + TXN, "ledger", "9999-12-31 is outside the dates the books take"),
    ],
    ids=[
        "jpeg", "nul-in-text", "nul-in-account", "control-character", "control-in-beancount",
        "amount-of-10^40", "cost-times-units-of-10^30", "price-of-10^40", "beancount-amount-of-10^40",
        "beancount-price-of-10^40", "balance-on-the-first-day", "date-after-the-books",
    ],
)  # fmt: skip
def test_files_the_books_cannot_hold_are_refused_whole_and_recorded(
    users, client_for, books, data, fmt, message
):
    olga = client_for(users["owner"])

    answer = olga.post(
        f"{BASE}/imports/", {"file": SimpleUploadedFile("f.txt", data), "format": fmt}, format="multipart"
    )

    assert answer.status_code == 400, answer.content
    assert answer.json()["code"] == "book_invalid" and message in answer.json()["message"]
    assert JournalEntry.objects.count() == 0
    [row] = olga.get(f"{BASE}/imports/").json()["results"]
    assert row["status"] == "failed" and row["error"]["message"] == answer.json()["message"]


def test_a_conversion_at_a_price_past_the_rates_is_imported_at_the_days_rate(users, client_for, books):
    journal = b"2024-01-05 Shop\n  Expenses:Food  100 USD @ 0." + b"0" * 40 + b"1 EUR\n  Assets:Cash\n"

    answer = upload(client_for(users["owner"]), journal.decode(), "ledger")

    assert answer.status_code == 201, answer.json()
    assert answer.json()["report"]["created"] == 1


def test_a_refused_import_is_recorded_with_its_error(users, client_for, books):
    olga = client_for(users["owner"])
    answer = upload(olga, "2024-01-02 x\n    A:B  $5\n    C:D  $-4\n", "ledger", name="j.journal")

    assert answer.json()["message"] == "j.journal:1: the transaction does not balance (off by 1 USD)"
    [row] = olga.get(f"{BASE}/imports/").json()["results"]
    assert row["status"] == "failed" and row["error"]["code"] == "book_invalid"


def test_transactions_in_a_closed_period_refuse_the_upload_with_409(users, client_for, books):
    with tenant_context(books):
        journal_entry_create(
            date=date(2024, 1, 2), actor=ALICE, post=True,
            lines=[{"account": "1120", "debit": "1.00"}, {"account": "4100", "credit": "1.00"}],
        )  # fmt: skip
        period_close(period=period_for(date(2024, 1, 2)), actor=ALICE)

    answer = upload(client_for(users["owner"]), JOURNAL, "ledger")

    assert answer.status_code == 409 and answer.json()["code"] == "period_closed"
    assert "4 transaction(s) fall in closed periods" in answer.json()["message"]


def test_only_owners_import_and_viewers_read_nothing(users, client_for, books):
    row = upload(client_for(users["owner"]), BEANCOUNT).json()

    for role in ("viewer", "accountant"):
        assert upload(client_for(users[role]), BEANCOUNT).status_code == 403
    assert client_for(users["viewer"]).get(f"{BASE}/imports/").status_code == 403
    assert client_for(users["accountant"]).get(f"{BASE}/imports/{row['id']}/").status_code == 200
    assert client_for(None).get(f"{BASE}/imports/").status_code == 401


def test_members_of_another_company_get_nothing(users, client_for, books, foo):
    row = upload(client_for(users["owner"]), BEANCOUNT).json()
    mallory = client_for(users["non-member"])  # foo's owner
    with tenant_context(foo):
        seed_tenant(company=foo)

    assert mallory.get(f"{BASE}/imports/").status_code == 404
    assert mallory.get(f"{BASE}/imports/{row['id']}/").status_code == 404
    assert upload(mallory, BEANCOUNT).status_code == 404
    assert mallory.get(f"/t/foo/api/v1/imports/{row['id']}/").status_code == 404
    assert mallory.get("/t/foo/api/v1/imports/").json()["results"] == []


def test_staff_read_imports_in_the_admin_and_change_nothing(
    users: dict[str, User], client_for: ClientFor, books: Company, admin_client: Client, foo: Company
) -> None:
    row = upload(client_for(users["owner"]), BEANCOUNT, name="unique-books.beancount").json()
    admin_client.post("/admin/company/", {"company": "acme"})

    listing = admin_client.get("/admin/interchange/bookimport/")

    assert listing.status_code == 200 and b"unique-books.beancount" in listing.content
    change = f"/admin/interchange/bookimport/{row['id']}/change/"
    assert admin_client.get(change).status_code == 200
    assert admin_client.get("/admin/interchange/bookimport/add/").status_code == 403
    assert admin_client.post(change, {"status": "failed"}).status_code == 403
    delete = f"/admin/interchange/bookimport/{row['id']}/delete/"
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    admin_client.post("/admin/company/", {"company": "foo"})
    assert b"unique-books.beancount" not in admin_client.get("/admin/interchange/bookimport/").content
    assert admin_client.get(change).status_code in (302, 404)


def test_a_background_import_that_keeps_crashing_ends_failed(users, client_for, books, monkeypatch):
    olga = client_for(users["owner"])
    body = upload(olga, JOURNAL, "ledger", query="?background=true").json()

    def crash(**_: Any) -> None:
        raise RuntimeError("the worker's bug")

    monkeypatch.setattr("interchange.importing.uploads.import_book", crash)
    [first] = run_pending()
    assert first.status == "waiting"  # retried: a crash may be passing
    assert olga.get(f"{BASE}/imports/{body['id']}/").json()["status"] == "running"
    run_pending()
    [last] = run_pending()

    assert last.status == "failed" and last.attempts == 3
    done = olga.get(f"{BASE}/imports/{body['id']}/").json()
    assert done["status"] == "failed" and done["error"]["code"] == "import_stopped"
    assert "importing the file again" in done["error"]["message"]
    assert JournalEntry.objects.count() == 0
