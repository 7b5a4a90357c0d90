"""Statement imports and auto-match as background jobs, and their status through jobs/."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django import Settings
from rest_framework.test import APIClient

import jobs.tests.tasks  # noqa: F401  (the no-op job of the isolation test)
from bank.models import BankAccount, Statement, StatementLine, StatementUpload
from common.models import Company
from jobs.models import Job
from jobs.registry import enqueue
from jobs.testing import run_pending
from ledger.api.tests.conftest import ClientFor

from .conftest import AddLines
from .test_api import BASE, CAMT, JAN
from .test_api import eur as eur

pytestmark = pytest.mark.django_db(databases="__all__")
JAN_LINES = ((JAN, "12.50", "Acme Corp", "INV-1"), (JAN, "-40.00", "Landlord", "Rent"))


def upload_in_background(client: APIClient, bank_id: int, data: bytes = CAMT) -> Any:
    return client.post(
        f"{BASE}/bank-accounts/{bank_id}/statements/?background=true",
        {"file": SimpleUploadedFile("statement.xml", data)},
        format="multipart",
    )


def test_a_background_import_answers_202_and_its_job_imports_the_file(
    users: dict[str, User], client_for: ClientFor, eur: BankAccount
) -> None:
    alan = client_for(users["accountant"])

    answer = upload_in_background(alan, eur.pk)

    assert answer.status_code == 202, answer.json()
    body = answer.json()
    assert (body["task"], body["status"], body["result"]) == ("bank.import_statement", "queued", None)
    assert answer["Location"] == body["url"] and body["url"].endswith(f"/t/acme/api/v1/jobs/{body['id']}/")
    assert Statement.objects.count() == 0
    run_pending()
    done = alan.get(body["url"]).json()
    assert done["status"] == "succeeded" and done["error"] is None
    assert done["result"]["added"] == done["result"]["lines"] == StatementLine.objects.count() > 0
    assert done["result"]["statements"] == list(Statement.objects.values_list("pk", flat=True))
    assert done["progress"] == {"done": done["result"]["lines"], "total": done["result"]["lines"]}
    assert bytes(StatementUpload.objects.get().data) == b""  # the file is not kept once imported


def test_an_import_job_run_again_after_its_commit_reports_the_first_run_and_imports_nothing(
    users: dict[str, User], client_for: ClientFor, eur: BankAccount
) -> None:
    alan = client_for(users["accountant"])
    job_id = upload_in_background(alan, eur.pk).json()["id"]
    [first] = run_pending()
    lines = StatementLine.objects.count()
    # Its worker died after the import committed, before the job was marked done: it runs again.
    Job.objects.filter(pk=job_id).update(status=Job.Status.QUEUED, result=None)

    [again] = run_pending()

    assert again.status == Job.Status.SUCCEEDED and again.result == first.result
    assert StatementLine.objects.count() == lines and Statement.objects.count() == 1


def test_a_refused_file_fails_its_job_with_the_refusal_s_code(
    users: dict[str, User], client_for: ClientFor, eur: BankAccount
) -> None:
    alan = client_for(users["accountant"])
    answer = upload_in_background(alan, eur.pk, CAMT[: len(CAMT) // 2])
    assert answer.status_code == 202

    [job] = run_pending()

    status = alan.get(answer.json()["url"]).json()
    assert (status["status"], status["error"]["code"]) == ("failed", "statement_refused")
    assert job.attempts == 1  # a refusal is not retried
    assert Statement.objects.count() == 0 and bytes(StatementUpload.objects.get().data) == b""


def test_a_background_auto_match_reports_what_it_did(
    users: dict[str, User], client_for: ClientFor, bank: BankAccount, add_lines: AddLines
) -> None:
    add_lines(*JAN_LINES)
    alan = client_for(users["accountant"])

    answer = alan.post(f"{BASE}/bank-accounts/{bank.pk}/auto-match/?background=true")

    assert answer.status_code == 202 and answer.json()["task"] == "bank.auto_match"
    run_pending()
    result = alan.get(answer.json()["url"]).json()["result"]
    assert result["lines"] == len(JAN_LINES) and result["dry_run"] is False
    assert result["matched"] + result["booked"] + result["settled"] + result["left"] == result["lines"]


def test_a_viewer_starts_no_job_but_reads_the_company_s_jobs(
    users: dict[str, User], client_for: ClientFor, eur: BankAccount
) -> None:
    job = upload_in_background(client_for(users["accountant"]), eur.pk).json()
    vera = client_for(users["viewer"])

    assert upload_in_background(vera, eur.pk).status_code == 403
    assert vera.post(f"{BASE}/bank-accounts/{eur.pk}/auto-match/?background=true").status_code == 403
    assert vera.get(f"{BASE}/jobs/{job['id']}/").json()["status"] == "queued"
    assert [j["id"] for j in vera.get(f"{BASE}/jobs/").json()["results"]] == [job["id"]]
    assert Job.objects.count() == 1


def test_another_company_s_member_sees_none_of_its_jobs(
    users: dict[str, User], client_for: ClientFor, eur: BankAccount, foo: Company
) -> None:
    job = upload_in_background(client_for(users["accountant"]), eur.pk).json()
    foos_job = enqueue("tests.noop", company=foo)
    mallory = client_for(users["non-member"])  # owner of foo

    assert mallory.get(f"{BASE}/jobs/{job['id']}/").status_code == 404
    assert mallory.get(f"{BASE}/jobs/").status_code == 404
    assert mallory.get(f"/t/foo/api/v1/jobs/{job['id']}/").status_code == 404  # acme's job, asked of foo
    alan = client_for(users["accountant"])
    assert alan.get(f"{BASE}/jobs/{foos_job.pk}/").status_code == 404
    assert [j["id"] for j in alan.get(f"{BASE}/jobs/").json()["results"]] == [job["id"]]


def test_uploads_older_than_the_retention_are_pruned_by_the_daily_job_and_the_command(
    users: dict[str, User], client_for: ClientFor, eur: BankAccount, settings: Settings
) -> None:
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from bank.tasks import prune_tick

    settings.PYLEDGER_UPLOAD_RETENTION_DAYS = 30
    alan = client_for(users["accountant"])
    old, recent = (upload_in_background(alan, eur.pk).json()["id"] for _ in range(2))
    uploads = list(StatementUpload.objects.order_by("pk").values_list("pk", flat=True))
    StatementUpload.objects.filter(pk=uploads[0]).update(uploaded_at=timezone.now() - timedelta(days=31))

    prune_tick(0)
    pruned = [job for job in run_pending() if job.task == "bank.prune_uploads" and job.company.slug == "acme"]

    assert [(job.company.slug, job.status, job.result) for job in pruned] == [
        ("acme", "succeeded", {"deleted": 1})  # foo's job (every active company gets one) deletes none
    ]
    assert list(StatementUpload.objects.values_list("pk", flat=True)) == uploads[1:]
    assert {Job.objects.get(pk=pk).status for pk in (old, recent)} == {Job.Status.SUCCEEDED}
    StatementUpload.objects.update(uploaded_at=timezone.now() - timedelta(days=31))
    out = StringIO()
    call_command("prune_uploads", "acme", stdout=out)
    assert out.getvalue().strip() == "acme: 1 uploads older than 30 days deleted"
    assert not StatementUpload.objects.exists()
