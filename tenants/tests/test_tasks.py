"""Backups and migrations started from the admin as background jobs, one per company."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from common.models import Company
from jobs.models import Job
from jobs.testing import run_pending

pytestmark = [pytest.mark.django_db(databases="__all__"), pytest.mark.slow]


def act(client: Client, action: str, *companies: Company) -> str:
    answer = client.post(
        "/admin/common/company/",
        {"action": action, "_selected_action": [c.pk for c in companies]},
        follow=True,
    )
    return str(answer.content.decode())


def test_the_admin_queues_a_backup_per_company_and_each_job_names_its_file(
    acme, foo, admin_client, settings, tmp_path
):
    settings.PYLEDGER_BACKUP_DIR = tmp_path

    page = act(admin_client, "backup_in_background", acme, foo)

    assert "2 jobs queued" in page
    jobs = run_pending()
    assert {(j.company.slug, j.task, j.status) for j in jobs} == {
        ("acme", "tenants.backup", Job.Status.SUCCEEDED),
        ("foo", "tenants.backup", Job.Status.SUCCEEDED),
    }
    for job in jobs:
        assert job.result is not None
        path = Path(job.result["path"])
        assert path.exists() and path.parent == tmp_path / job.company.slug
    listing = admin_client.get("/admin/jobs/job/?task=tenants.backup").content.decode()
    assert "acme" in listing and "foo" in listing


def test_a_migration_in_the_background_finds_the_company_up_to_date(acme, admin_client):
    act(admin_client, "migrate_in_background", acme)

    [job] = run_pending()

    assert job.status == Job.Status.SUCCEEDED and job.result is not None
    assert job.result["outcome"] == "up-to-date"


def test_an_archived_company_gets_no_job_and_the_admin_says_why(acme, foo, admin_client):
    Company.objects.filter(pk=acme.pk).update(status=Company.Status.ARCHIVED)

    page = act(admin_client, "backup_in_background", acme, foo)

    assert "1 jobs queued" in page and "This company is archived." in page
    assert list(Job.objects.values_list("company__slug", flat=True)) == ["foo"]
