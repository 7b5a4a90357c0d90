"""Uploaded books: keep the file as a BookImport, run its import (at once or as a job), record the
outcome on it. One implementation for the API, the job and the admin's reading of it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

from common.errors import DomainError
from common.text import escaped
from ledger.actor import Actor

from ..models import BookImport
from . import FORMATS, import_book, read_book
from .book import BookError

# Uploads are read whole by Beancount's loader; 50 MB holds several hundred thousand transactions.
MAX_UPLOAD = 50 * 1024 * 1024


class UploadRefused(DomainError):
    code = "upload_refused"
    status_code = 400


def book_import_create(*, data: bytes, file_name: str, format: str, actor: Actor) -> BookImport:
    """Keep an uploaded file for its import; refuse an unknown format or an oversized file."""
    if format not in FORMATS:
        raise UploadRefused(
            f"Unknown format {format!r}: one of {', '.join(FORMATS)}.", fields={"format": ["Unknown format."]}
        )
    if len(data) > MAX_UPLOAD:
        raise UploadRefused(
            f"The file has {len(data)} bytes; at most {MAX_UPLOAD} are taken.",
            fields={"file": ["Too large."]},
        )
    if not data.strip():
        raise UploadRefused("The file is empty.", fields={"file": ["Empty file."]})
    return BookImport.objects.create(
        format=format,
        file_name=file_name[:255],
        data=data,
        size=len(data),
        created_by_id=actor.id,
        created_by_name=actor.name[:150],
    )


def book_import_run(
    *, upload: BookImport, actor: Actor, progress: Callable[[int, int | None], None] | None = None
) -> BookImport:
    """Import the kept file into the active company and record the report (or the error) on the
    row; the file is dropped once the import ended either way. Raises the DomainError that
    stopped the import after recording it. A row that already ended is returned as it is."""
    upload.refresh_from_db()
    if upload.status in (BookImport.Status.SUCCEEDED, BookImport.Status.FAILED):
        return upload
    BookImport.objects.filter(pk=upload.pk).update(status=BookImport.Status.RUNNING)
    try:
        with tempfile.TemporaryDirectory(prefix="pyledger-import-") as folder:
            path = Path(folder) / "upload"
            path.write_bytes(bytes(upload.data))
            book = read_book(upload.format, path, name=upload.file_name or "upload")
            report = import_book(book=book, actor=actor, progress=progress)
    except DomainError as error:
        # The message may quote the file: stored escaped, as jsonb takes no NUL (that was a 500).
        _finish(
            upload,
            status=BookImport.Status.FAILED,
            error={"code": error.code, "message": escaped(error.message)},
        )
        raise
    except UnicodeDecodeError:
        unreadable = BookError(f"{upload.file_name or 'upload'}: not UTF-8 text.")
        _finish(
            upload,
            status=BookImport.Status.FAILED,
            error={"code": unreadable.code, "message": unreadable.message},
        )
        raise unreadable from None
    _finish(upload, status=BookImport.Status.SUCCEEDED, report=report.as_dict())
    return upload


def book_import_abandon(upload: BookImport) -> None:
    """Record that an import stopped on an unexpected error and will not be tried again (the job's
    last attempt failed), so that it does not show `running` for ever. Entries already written stay;
    importing the file again adds only what is missing."""
    _finish(
        upload,
        status=BookImport.Status.FAILED,
        error={
            "code": "import_stopped",
            "message": "The import stopped on an unexpected error. Entries written before it stay; "
            "importing the file again adds only what is missing.",
        },
    )


def _finish(upload: BookImport, **fields: object) -> None:
    fields.update(finished_at=timezone.now(), data=b"")
    BookImport.objects.filter(pk=upload.pk).update(**fields)
    upload.refresh_from_db()
