from __future__ import annotations

from typing import Any

from ledger.actor import Actor
from ledger.models import AuditEvent


def audit_record(*, actor: Actor, action: str, obj: Any, data: dict[str, Any] | None = None) -> AuditEvent:
    """Append an audit event; call it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        actor_id=actor.id,
        actor_name=actor.name,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=str(obj.pk),
        data=data or {},
    )
