"""Write the common database's audit trail (RegistryEvent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Company, RegistryEvent


def record_event(
    *,
    action: str,
    actor: Any = None,
    company: Company | None = None,
    **details: Any,
) -> RegistryEvent:
    """Record `action` by `actor` (a user; None for an operator's command) on `company`.

    Call it inside the transaction on the common database that makes the change, so both commit
    or neither does; outside one it commits on its own.
    """
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic(using="default"):
        return RegistryEvent.objects.create(
            action=action,
            actor=user,
            actor_name=user.get_username() if user is not None else "",
            company=company,
            company_slug=company.slug if company is not None else "",
            details=details,
        )
