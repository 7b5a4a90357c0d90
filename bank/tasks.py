"""The bank's background jobs: a statement import and an auto-match, queued by the API.

Workers import this module at start-up (procrastinate's autodiscovery of `tasks` modules).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from common.errors import DomainError
from jobs.errors import JobFailed
from jobs.registry import company_job, enqueue_for_active_companies, periodic
from jobs.runner import JobHandle
from ledger.actor import Actor
from tenants.routing.db import tenant_atomic

from .models import BankAccount, StatementUpload
from .services.automatch import auto_match
from .services.imports import import_statement
from .services.uploads import prune_uploads


def _actor(user_id: int | None) -> Actor:
    """The member who queued the job, as the audit trail names them."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return Actor.from_user(user) if user is not None else Actor.system("job")


@company_job("bank.import_statement", max_attempts=3)
def import_statement_job(job: JobHandle, *, upload: int, user: int | None = None) -> dict[str, Any]:
    """Import an uploaded statement file; its outcome is kept on the upload in the import's
    transaction, so a second run (its worker died after the commit) reports it and imports nothing."""
    row = StatementUpload.objects.select_related("bank_account", "profile").filter(pk=upload).first()
    if row is None:
        raise JobFailed("The uploaded file is no longer there.")
    if row.result is not None:
        return dict(row.result)
    try:
        with tenant_atomic():
            result = import_statement(
                bank_account=row.bank_account,
                data=bytes(row.data),
                actor=_actor(user),
                file_name=row.file_name,
                format=row.format or None,
                profile=row.profile,
            )
            body = {
                "statements": [statement.pk for statement in result.statements],
                "lines": result.lines,
                "added": result.added,
                "duplicates": result.duplicates,
            }
            StatementUpload.objects.filter(pk=row.pk).update(result=body, data=b"")
    except DomainError as exc:  # the file cannot be imported: keep no copy of it
        StatementUpload.objects.filter(pk=row.pk).update(result={"error": exc.code}, data=b"")
        raise
    job.progress(result.lines, result.lines)
    return body


@company_job("bank.auto_match", max_attempts=3)
def auto_match_job(job: JobHandle, *, bank_account: int, user: int | None = None) -> dict[str, Any]:
    """Auto-match a bank account's unmatched lines (a line matched by an earlier run is skipped)."""
    account = BankAccount.objects.filter(pk=bank_account).first()
    if account is None:
        raise JobFailed("The bank account is no longer there.")
    return auto_match(bank_account=account, actor=_actor(user)).as_dict()


@company_job("bank.prune_uploads", max_attempts=3)
def prune_uploads_job(job: JobHandle) -> dict[str, int]:
    return {"deleted": prune_uploads()}


@periodic("bank.prune_tick", cron="23 3 * * *")
def prune_tick(timestamp: int) -> None:
    enqueue_for_active_companies("bank.prune_uploads")
