from __future__ import annotations

from typing import Any

from ledger.actor import Actor
from ledger.models import AuditEvent


def _event(actor: Actor, action: str, obj: Any, data: dict[str, Any] | None) -> AuditEvent:
    return AuditEvent(
        actor_id=actor.id,
        actor_name=actor.name,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=str(obj.pk),
        data=data or {},
    )


def audit_record(*, actor: Actor, action: str, obj: Any, data: dict[str, Any] | None = None) -> AuditEvent:
    """Append an audit event; call it inside the transaction of the change it records."""
    event = _event(actor, action, obj, data)
    event.save(force_insert=True)
    return event


def audit_records(*, actor: Actor, obj: Any, events: list[tuple[str, dict[str, Any]]]) -> None:
    """Append several events of one object, in order, in one statement (create, then issue)."""
    AuditEvent.objects.bulk_create(audit_events(actor=actor, obj=obj, events=events))


def audit_events(*, actor: Actor, obj: Any, events: list[tuple[str, dict[str, Any]]]) -> list[AuditEvent]:
    """The events, unsaved, for a caller that writes them in a statement of its own."""
    return [_event(actor, action, obj, data) for action, data in events]
