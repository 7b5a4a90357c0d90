"""Who may enter a company: its members, and staff (who may enter any)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from common.models import Company, Membership

from .registry_cache import cached


def membership_role(user: AbstractBaseUser | AnonymousUser, company: Company) -> str | None:
    """The user's role in `company` ('owner', 'accountant', 'viewer'), or None for no access.

    Staff without a membership act as owners: they run the fleet.
    """
    if not user.is_authenticated:
        return None
    role = cached(
        ("role", user.pk, company.pk),
        lambda: (
            Membership.objects.filter(user_id=user.pk, company=company).values_list("role", flat=True).first()
        ),
    )
    if role is None and getattr(user, "is_staff", False):
        return Membership.Role.OWNER
    return role
