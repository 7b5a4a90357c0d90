"""factory_boy factories for the common database's models: users, memberships, servers.

A test states only what matters to it (`UserFactory(memberships=[(acme, "owner")])`); the rest
gets a working default. Every user has the password PASSWORD.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory
from django.contrib.auth.models import Permission, User

from common.models import Company, DatabaseServer, Membership

PASSWORD = "correct horse battery"


def _add_memberships(
    user: User, create: bool, extracted: Iterable[tuple[Company, str]] | None, **_: Any
) -> None:
    for company, role in extracted or ():
        Membership.objects.create(user=user, company=company, role=role)


def _add_permissions(user: User, create: bool, extracted: Iterable[str] | None, **_: Any) -> None:
    for codename in extracted or ():
        user.user_permissions.add(Permission.objects.get(content_type__app_label="common", codename=codename))


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A user; `memberships=[(company, role), ...]` and `permissions=("view_all_books",)` add
    memberships and common.Company permissions."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)
    memberships = factory.PostGeneration(_add_memberships)
    permissions = factory.PostGeneration(_add_permissions)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Membership.Role.VIEWER


class DatabaseServerFactory(factory.django.DjangoModelFactory[DatabaseServer]):
    """A registered server. The default answers nothing (port 1): a server that is down."""

    class Meta:
        model = DatabaseServer

    name = factory.Sequence(lambda n: f"server-{n}")
    host = "127.0.0.1"
    port = 1
    user = "postgres"
