"""Membership changes, which live in the common database, reach the company's outbox here.

The common database records each change as a RegistryEvent in the change's own transaction
(tenants.lifecycle.memberships). The relay copies those rows into the company's outbox and moves
its watermark (EventCounter.members_relayed_to) in one tenant transaction: a crash before the
commit copies them again, after it never. Member changes lock the company row, so their
RegistryEvent ids grow in commit order and a watermark misses none. The event id is derived from
the RegistryEvent id: a copy made twice would carry the same id.
"""

from __future__ import annotations

import uuid

from common.models import RegistryEvent
from tenants.routing.context import current_tenant
from tenants.routing.db import tenant_atomic

from . import types
from .models import Event, EventCounter

TYPES = {
    "member.add": types.MEMBER_ADDED,
    "member.role": types.MEMBER_ROLE_CHANGED,
    "member.remove": types.MEMBER_REMOVED,
}
NAMESPACE = uuid.UUID("8f1f0a52-54a4-4f0e-9a53-4b0c2f3f6a11")


def relay_member_events() -> int:
    """Copy the company's membership changes not yet in its outbox; return how many."""
    tenant = current_tenant()
    if tenant is None:
        return 0
    mark = EventCounter.objects.values_list("members_relayed_to", flat=True).get(pk=1)
    rows = list(
        RegistryEvent.objects.using("default")
        .filter(company_id=tenant.company_id, action__in=TYPES, id__gt=mark)
        .order_by("id")[:1000]
    )
    if not rows:
        return 0
    with tenant_atomic():
        locked = EventCounter.objects.select_for_update().get(pk=1)
        fresh = [r for r in rows if r.id > locked.members_relayed_to]
        Event.objects.bulk_create([_event(r) for r in fresh])
        if fresh:
            locked.members_relayed_to = fresh[-1].id
            locked.save(update_fields=["members_relayed_to"])
    return len(fresh)


def _event(row: RegistryEvent) -> Event:
    details = row.details or {}
    payload = {
        "username": details.get("user", ""),
        "role": details.get("role"),
        "previous_role": details.get("previous"),
        "by": row.actor_name,
    }
    return Event(
        event_id=uuid.uuid5(NAMESPACE, f"registry-event:{row.pk}"),
        type=TYPES[row.action],
        occurred_at=row.at,
        payload=payload,
    )
