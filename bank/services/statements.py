"""Marking a statement reconciled: every line of it is matched or ignored."""

from __future__ import annotations

from django.utils import timezone

from bank.errors import StatementNotReconcilable
from bank.models import Statement, StatementLine
from ledger.actor import Actor
from ledger.services.audit import audit_record
from tenants.routing.db import tenant_atomic


def mark_reconciled(*, statement: Statement, actor: Actor) -> Statement:
    with tenant_atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        open_lines = StatementLine.objects.filter(
            statement=locked, status=StatementLine.Status.UNMATCHED
        ).count()
        if open_lines:
            raise StatementNotReconcilable(
                f"{open_lines} line(s) of this statement are not matched or ignored yet."
            )
        if locked.reconciled_at is None:
            locked.reconciled_at = timezone.now()
            locked.reconciled_by_name = actor.name
            locked.save(update_fields=["reconciled_at", "reconciled_by_name"])
            audit_record(actor=actor, action="bank_reconcile", obj=locked)
    return locked
