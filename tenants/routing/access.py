"""Who may do what in a company's books: the one policy of the API, the admin and the middleware.

A membership decides a user's role in its company (viewer < accountant < owner). Where a user has
none, only an explicit grant opens the books, and never more than it says:

- a superuser acts as owner in every company (also where a membership says less);
- the permission `common.change_all_books` acts as accountant: reads and writes the books, but
  neither closes periods nor manages members (that would let it make itself a member, unaudited);
- the permission `common.view_all_books` acts as viewer: read-only.

Staff status alone grants nothing: it only opens the admin site. Access through a grant rather
than a membership is cross-company access, and each one leaves a RegistryEvent
(`books.cross_company`, see note_cross_company).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from common.audit import record_event
from common.models import Company, Membership, RegistryEvent

from .registry_cache import cached

VIEWER, ACCOUNTANT, OWNER = (
    Membership.Role.VIEWER.value,
    Membership.Role.ACCOUNTANT.value,
    Membership.Role.OWNER.value,
)
RANK = {VIEWER: 1, ACCOUNTANT: 2, OWNER: 3}

VIEW_ALL_BOOKS = "common.view_all_books"
CHANGE_ALL_BOOKS = "common.change_all_books"
CROSS_COMPANY_EVENT = "books.cross_company"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Access:
    """A user's standing in one company: the role they act with, and what gives it to them."""

    role: str
    # "membership", or the grant of a cross-company access: "superuser", "change_all_books",
    # "view_all_books".
    source: str

    @property
    def is_member(self) -> bool:
        return self.source == "membership"

    def allows(self, least: str) -> bool:
        """Whether this role is `least` or above."""
        return RANK[self.role] >= RANK[least]


def membership_role(user: User, company: Company) -> str | None:
    """The role of the user's membership in `company`, or None (cached, see registry_cache)."""
    if not user.is_authenticated:
        return None
    return cached(
        ("role", user.pk, company.pk),
        lambda: (
            Membership.objects.filter(user_id=user.pk, company=company).values_list("role", flat=True).first()
        ),
    )


def _grant(user: Any) -> Access | None:
    """The cross-company access the user's account grants, whatever the company."""
    if not (user.is_authenticated and user.is_active):
        return None
    if user.is_superuser:
        return Access(OWNER, "superuser")
    # has_perm loads the user's and their groups' permissions once per user object (per request).
    if user.has_perm(CHANGE_ALL_BOOKS):
        return Access(ACCOUNTANT, "change_all_books")
    if user.has_perm(VIEW_ALL_BOOKS):
        return Access(VIEWER, "view_all_books")
    return None


def _decide(user: Any, member_role: str | None) -> Access | None:
    """The rule itself, given the user's membership role in one company (None: not a member)."""
    if user.is_authenticated and user.is_active and user.is_superuser and member_role != OWNER:
        return Access(OWNER, "superuser")
    if member_role is not None:
        return Access(member_role, "membership")
    return _grant(user)


def access_for(user: User, company: Company) -> Access | None:
    """The user's access to `company`'s books, or None: they may not enter it."""
    if not user.is_authenticated:
        return None
    return _decide(user, membership_role(user, company))


def role_for(user: User, company: Company) -> str | None:
    """The role the user acts with in `company` ('viewer', 'accountant', 'owner'), or None."""
    access = access_for(user, company)
    return access.role if access is not None else None


def can(user: User, company: Company, least: str) -> bool:
    """Whether the user may act in `company` with role `least` (or above)."""
    access = access_for(user, company)
    return access is not None and access.allows(least)


def enterable(user: User, companies: QuerySet[Company]) -> list[tuple[Company, Access]]:
    """Those of `companies` the user may enter, in the queryset's order, each with the access."""
    if not user.is_authenticated:
        return []
    memberships = dict(Membership.objects.filter(user_id=user.pk).values_list("company_id", "role"))
    if _grant(user) is None:
        companies = companies.filter(pk__in=memberships)
    found = []
    for company in companies:
        access = _decide(user, memberships.get(company.pk))
        if access is not None:
            found.append((company, access))
    return found


def is_write(method: str, access: Access) -> bool:
    """Whether a request is a write: a method that changes things, by a role that may write."""
    return method.upper() not in SAFE_METHODS and access.allows(ACCOUNTANT)


def note_cross_company(*, user: Any, company: Company, access: Access, write: bool, interface: str) -> None:
    """Record that `user` entered `company`'s books through a grant (nothing for a member).

    One row per user, company, kind (read or write) and clock hour, not one per request: an
    auditor paging through a ledger would otherwise write a row per page. Each write inside the
    books is in the company's own audit trail (ledger.AuditEvent) anyway, with the user's name;
    this row says who went in without being a member, and when. The cache skips the lookup on
    the next requests; the lookup keeps processes that do not share a cache to one row as well.
    """
    if access.is_member:
        return
    kind = "write" if write else "read"
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    key = f"pyledger:cross-company:{user.pk}:{company.pk}:{kind}:{hour:%Y%m%d%H}"
    if not cache.add(key, True, timeout=3600):
        return
    if _noted(user, company, kind, hour):
        return
    record_event(
        action=CROSS_COMPANY_EVENT,
        actor=user,
        company=company,
        kind=kind,
        role=access.role,
        grant=access.source,
        interface=interface,
    )


def _noted(user: Any, company: Company, kind: str, since: datetime) -> bool:
    return RegistryEvent.objects.filter(
        action=CROSS_COMPANY_EVENT,
        company_slug=company.slug,
        at__gte=since,
        actor_id=user.pk,
        details__kind=kind,
    ).exists()
