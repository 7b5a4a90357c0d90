"""Who may enter a company, with which role: the one place memberships change.

The API (members/), the admin and `manage.py member` all call these, so each change obeys the
same rules and leaves the same audit row:

- a company keeps at least one owner: demoting or removing the last one is refused (`last_owner`),
  whichever way it is asked (a `POST` for an existing member changes their role and is checked too);
- the company's row is locked first, so two changes to one company's members queue up (two owners
  demoting each other at once: the second sees the first's change and is refused);
- the change and its RegistryEvent (`member.add`, `member.role`, `member.remove`) commit together,
  and with them the registry generation, so every process applies it on its next request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from common.audit import record_event
from common.errors import DomainError
from common.models import Company, Membership

OWNER = Membership.Role.OWNER.value


class LastOwner(DomainError):
    code = "last_owner"
    status_code = 409
    default_message = "A company keeps at least one owner."


class UnknownUser(DomainError):
    code = "unknown_user"
    status_code = 400


class UnknownMember(DomainError):
    code = "not_found"
    status_code = 404
    default_message = "No such member."


class UnknownRole(DomainError):
    code = "invalid_choice"
    status_code = 400


def find_user(username: str) -> Any:
    """The user called `username`; UnknownUser (with the field error) if there is none."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UnknownUser("No such user.", fields={"username": ["No such user."]})
    return user


def check_owner_left(membership: Membership, new_role: str | None) -> None:
    """LastOwner if changing `membership` to `new_role` (None: removing it) leaves no owner."""
    if membership.role != OWNER or new_role == OWNER:
        return
    others = Membership.objects.filter(company_id=membership.company_id, role=OWNER).exclude(pk=membership.pk)
    if not others.exists():
        raise LastOwner()


def _lock(company: Company) -> Company:
    return Company.objects.select_for_update(of=("self",)).get(pk=company.pk)


def member_set(
    *,
    company: Company,
    user: Any,
    role: str,
    actor: Any = None,
    via: str = "command",
    must_exist: bool = False,
) -> tuple[Membership, bool]:
    """Give `user` role `role` in `company`: add them, or change the role they have. Return the
    membership and whether it was added. With `must_exist`, UnknownMember instead of adding."""
    if role not in Membership.Role.values:
        choices = ", ".join(Membership.Role.values)
        raise UnknownRole(
            f"{role!r} is not a role: {choices}.", fields={"role": [f"Choose one of {choices}."]}
        )
    with transaction.atomic(using="default"):
        locked = _lock(company)
        membership = Membership.objects.filter(company=locked, user_id=user.pk).first()
        if membership is None:
            if must_exist:
                raise UnknownMember()
            membership = Membership.objects.create(company=locked, user=user, role=role)
            record_event(
                action="member.add", actor=actor, company=locked, via=via, user=user.get_username(), role=role
            )
            return membership, True
        previous = membership.role
        if previous != role:
            check_owner_left(membership, role)
            membership.role = role
            membership.save(update_fields=["role"])
            record_event(
                action="member.role",
                actor=actor,
                company=locked,
                via=via,
                user=user.get_username(),
                role=role,
                previous=previous,
            )
        return membership, False


def member_remove(*, company: Company, user: Any, actor: Any = None, via: str = "command") -> None:
    """Take `user` out of `company`; UnknownMember if they are not in it, LastOwner if they are
    its last owner."""
    with transaction.atomic(using="default"):
        locked = _lock(company)
        membership = Membership.objects.filter(company=locked, user_id=user.pk).first()
        if membership is None:
            raise UnknownMember()
        check_owner_left(membership, None)
        membership.delete()
        record_event(
            action="member.remove",
            actor=actor,
            company=locked,
            via=via,
            user=user.get_username(),
            previous=membership.role,
        )
