"""Uploaded statement files (StatementUpload, kept for their background import) past the retention."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from ..models import StatementUpload


def prune_uploads(*, now: dt.datetime | None = None) -> int:
    """Delete the current company's uploads older than PYLEDGER_UPLOAD_RETENTION_DAYS; return how
    many. Their import jobs finished long before (a job waits a day at most for its company)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.PYLEDGER_UPLOAD_RETENTION_DAYS)
    deleted, _ = StatementUpload.objects.filter(uploaded_at__lt=cutoff).delete()
    return deleted
