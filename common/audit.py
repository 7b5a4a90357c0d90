"""Write the common database's audit trail (RegistryEvent)."""

from __future__ import annotations

import getpass
from typing import Any

from django.db import transaction
from django.utils.functional import empty

from .models import Company, RegistryEvent


def _unwrap(user: Any) -> Any:
    """The user behind request.user's lazy object (a foreign key takes no lazy object)."""
    wrapped = getattr(user, "_wrapped", None)
    return user if wrapped is None or wrapped is empty else wrapped


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        return ""


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
    actor = _unwrap(actor)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if user is None:
        # An operator's command: the account on the machine that ran it is all there is to name.
        details.setdefault("os_user", _os_user())
    with transaction.atomic(using="default"):
        return RegistryEvent.objects.create(
            action=action,
            actor=user,
            actor_name=user.get_username() if user is not None else "",
            company=company,
            company_slug=company.slug if company is not None else "",
            details=details,
        )
