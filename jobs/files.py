"""Files that jobs make (a report export), kept in Django's storage inside the company's area.

    handle.attach_file("trial-balance-2026-12-07.csv", data, content_type="text/csv", role="viewer")

The storage name is `companies/<company id>/jobs/<job id>-<random>/<file name>`: nobody guesses
it, and nothing serves the storage folder directly: the only way to the file is
`GET jobs/<id>/download/`, for members of the job's company whose role is at least `role`, until
PYLEDGER_JOB_FILE_DAYS after it was made (then `410 download_expired`; the daily prune deletes it).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from common.errors import DomainError

from .models import Job


class DownloadExpired(DomainError):
    code = "download_expired"
    status_code = 410
    default_message = "The file is no longer kept; run the export again."


class NoDownload(DomainError):
    code = "no_download"
    status_code = 404
    default_message = "This job has no file to download (not finished, or it makes none)."


def company_area(company_id: int) -> str:
    return f"companies/{company_id}/"


def attach(
    job_id: int, company_id: int, filename: str, data: bytes, *, content_type: str, role: str
) -> dict[str, Any]:
    """Store `data` as the job's file (replacing the file of an earlier attempt); return its record."""
    name = f"{company_area(company_id)}jobs/{job_id}-{secrets.token_urlsafe(24)}/{filename}"
    stored = default_storage.save(name, ContentFile(data))
    expires = timezone.now() + dt.timedelta(days=settings.PYLEDGER_JOB_FILE_DAYS)
    record = {
        "name": stored,
        "filename": filename,
        "content_type": content_type,
        "size": len(data),
        "role": role,
    }
    earlier = Job.objects.using("default").filter(pk=job_id).values_list("file", flat=True).first()
    Job.objects.using("default").filter(pk=job_id).update(file=record, file_expires_at=expires)
    if earlier:  # the job ran before (its worker died after storing): keep one copy
        delete_file(earlier)
    return record


def delete_file(record: dict[str, Any]) -> None:
    name = str(record.get("name") or "")
    if name.startswith("companies/") and default_storage.exists(name):
        default_storage.delete(name)


def downloadable(job: Job, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The job's file record if it can be downloaded now; else NoDownload or DownloadExpired."""
    if job.status != Job.Status.SUCCEEDED or not job.file:
        if job.file_expires_at is not None:  # pruned
            raise DownloadExpired()
        raise NoDownload()
    if job.file_expires_at is not None and job.file_expires_at <= (now or timezone.now()):
        raise DownloadExpired()
    if not str(job.file.get("name", "")).startswith(company_area(job.company_id)):
        raise NoDownload()  # never a file outside the company's own area
    return dict(job.file)
