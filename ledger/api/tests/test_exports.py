"""CSV exports of reports as background jobs: queued with ?format=csv&background=true, downloaded
from jobs/<id>/download/ by members of the company whose role allows the report, until they expire."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from pytest_django import Settings

from jobs.models import Job
from jobs.registry import enqueue
from jobs.testing import run_pending
from ledger.exports import TASK
from tenants.testing import tenant_db

from .support import api, assert_error
from .test_reports import REPORTS
from .test_reports import sales as sales

pytestmark = tenant_db
TRIAL = "reports/trial-balance/?as_of=2026-12-31"


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def export(client: Any, path: str = TRIAL) -> dict[str, Any]:
    answer = client.get(api(f"{path}&format=csv&background=true"))
    assert answer.status_code == 202, answer.content
    body: dict[str, Any] = answer.json()
    assert answer["Location"] == body["url"]
    return body


def finished(client: Any, body: dict[str, Any]) -> dict[str, Any]:
    run_pending()
    status: dict[str, Any] = client.get(body["url"]).json()
    return status


@pytest.mark.parametrize("path", REPORTS)
def test_a_background_export_downloads_the_same_csv_as_the_request_would_answer(sales, path):
    body = export(sales, path)
    assert (body["task"], body["status"], body["download_url"]) == ("reports.export_csv", "queued", None)

    status = finished(sales, body)

    assert status["status"] == "succeeded", status
    assert status["download_url"].endswith(f"/t/acme/api/v1/jobs/{body['id']}/download/")
    download = sales.get(status["download_url"])
    direct = sales.get(api(f"{path}&format=csv"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert download["Content-Disposition"] == direct["Content-Disposition"]
    assert b"".join(download.streaming_content) == direct.content
    assert status["result"]["size"] == len(direct.content)


def test_the_file_lies_in_the_company_s_area_under_a_name_nobody_guesses(sales, media, acme):
    first, second = export(sales), export(sales)
    run_pending()

    names = sorted(str(p.relative_to(media)) for p in media.rglob("*.csv"))

    assert len(names) == 2 and all(n.startswith(f"companies/{acme.pk}/jobs/") for n in names)
    tokens = [Path(n).parent.name for n in names]
    assert tokens[0] != tokens[1] and all(len(t) > 30 for t in tokens)
    assert {first["id"], second["id"]} == {int(t.split("-")[0]) for t in tokens}


def test_every_member_who_reads_reports_queues_and_downloads_one(viewer):
    status = finished(viewer, export(viewer))

    assert viewer.get(status["download_url"]).status_code == 200


def test_the_download_needs_the_role_kept_with_the_file(sales, owner, viewer):
    body = export(sales)
    run_pending()
    kept = Job.objects.get(pk=body["id"]).file or {}
    Job.objects.filter(pk=body["id"]).update(file={**kept, "role": "owner"})
    url = api(f"jobs/{body['id']}/download/")

    assert_error(viewer.get(url), 403, "permission_denied")
    assert_error(sales.get(url), 403, "permission_denied")
    assert owner.get(url).status_code == 200


def test_another_company_s_member_gets_nothing(sales, users, client_for):
    body = export(sales)
    run_pending()
    mallory = client_for(users["non-member"])  # owner of foo

    assert_error(mallory.get(api(f"jobs/{body['id']}/download/")), 404, "tenant_not_found")
    assert_error(mallory.get(api(f"jobs/{body['id']}/download/", slug="foo")), 404, "not_found")
    assert_error(mallory.get(api(f"jobs/{body['id']}/", slug="foo")), 404, "not_found")
    assert_error(client_for(None).get(api(f"jobs/{body['id']}/download/")), 401)


def test_an_expired_file_is_gone_with_410(sales):
    body = export(sales)
    run_pending()
    Job.objects.filter(pk=body["id"]).update(file_expires_at=timezone.now() - dt.timedelta(seconds=1))

    status = sales.get(body["url"]).json()

    assert status["download_url"] is None
    assert_error(sales.get(api(f"jobs/{body['id']}/download/")), 410, "download_expired")


def test_a_job_without_a_file_or_not_finished_has_no_download(sales):
    body = export(sales)

    assert_error(sales.get(api(f"jobs/{body['id']}/download/")), 404, "no_download")
    assert_error(sales.get(api("jobs/999999/download/")), 404, "not_found")


def test_background_without_format_csv_is_refused(sales):
    body = assert_error(sales.get(api(f"{TRIAL}&background=true")), 400, "invalid_parameter")

    assert "format" in body["fields"]
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("reports/trial-balance/?as_of=31.12.2026", 400, "invalid_parameter"),
        ("reports/income-statement/?from=2026-12-31&to=2026-01-01", 400, "invalid_parameter"),
        ("reports/general-ledger/?account=9999&from=2026-01-01&to=2026-12-31", 404, "not_found"),
        ("reports/monthly/?from=2000-01-01&to=2026-12-31", 400, "invalid_parameter"),
        ("reports/aged-receivables/?contact=x", 400, "invalid_parameter"),
        ("contacts/999999/statement/?party=customer", 404, "not_found"),
        ("reports/bank-reconciliation/?bank_account=999999", 404, "not_found"),
        ("reports/tax-return/?scheme=nope&from=2026-01-01&to=2026-03-31", 400, "unknown_tax_scheme"),
    ],
)
def test_a_query_the_report_cannot_make_is_refused_at_once_and_queues_nothing(sales, path, status, code):
    assert_error(sales.get(api(f"{path}&format=csv&background=true")), status, code)

    assert not Job.objects.exists()


def test_a_report_the_query_cannot_make_fails_its_job_with_the_report_s_error(sales):
    # Checked when queued; a job queued otherwise (or whose account has gone) fails with the error.
    query = {"as_of": ["31.12.2026"]}
    params = {"view": "ledger.api.reports.TrialBalanceView", "query": query, "role": "viewer", "user": None}
    job = enqueue(TASK, company="acme", params=params)
    body = {"url": api(f"jobs/{job.pk}/")}

    status = finished(sales, body)

    assert (status["status"], status["error"]["code"]) == ("failed", "invalid_parameter")
    assert status["download_url"] is None and status["attempts"] == 1


def test_a_job_run_again_keeps_one_file(sales, media):
    body = export(sales)
    run_pending()
    first = (Job.objects.get(pk=body["id"]).file or {})["name"]
    # Its worker died after storing the file, before the job was marked done: it runs again.
    Job.objects.filter(pk=body["id"]).update(status=Job.Status.QUEUED)

    run_pending()

    again = (Job.objects.get(pk=body["id"]).file or {})["name"]
    assert again != first and [str(p.relative_to(media)) for p in media.rglob("*.csv")] == [again]
    assert sales.get(api(f"jobs/{body['id']}/download/")).status_code == 200
