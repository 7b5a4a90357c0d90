"""The interchange app's background jobs: importing an uploaded book (queued by the API).

Workers import this module at start-up (procrastinate's autodiscovery of `tasks` modules).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from common.errors import DomainError
from jobs.errors import JobFailed
from jobs.registry import company_job
from jobs.runner import JobHandle
from ledger.actor import Actor

from .importing.uploads import book_import_abandon, book_import_run
from .models import BookImport

IMPORT = "interchange.import_books"


def _actor(user_id: int | None) -> Actor:
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return Actor.from_user(user) if user is not None else Actor.system("import")


@company_job(IMPORT, max_attempts=3)
def import_books_job(job: JobHandle, *, upload: int, user: int | None = None) -> dict[str, Any]:
    """Import an uploaded book. Run again after a crash, it finishes the import (the entries'
    idempotency keys skip what was written); an import that already ended reports its outcome."""
    row = BookImport.objects.filter(pk=upload).first()
    if row is None:
        raise JobFailed("The uploaded book is no longer there.")
    try:
        row = book_import_run(upload=row, actor=_actor(user), progress=job.progress)
    except DomainError:
        raise  # recorded on the row by book_import_run
    except Exception as error:
        if job.is_last_attempt(error):  # no retry comes: the row must not stay `running`
            book_import_abandon(row)
        raise
    report = row.report or {}
    return {
        "import": row.pk,
        "status": row.status,
        "created": report.get("created"),
        "skipped": report.get("skipped"),
        "balanced": report.get("balanced"),
    }
