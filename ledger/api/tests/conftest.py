"""Fixtures of the API tests: users with roles in acme, API clients signed in as them, seeded books."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient

from common.models import Company, Membership
from common.tests.factories import PASSWORD, UserFactory

from .support import World, build_world

MakeUser = Callable[..., User]
ClientFor = Callable[..., APIClient]


@pytest.fixture(autouse=True)
def fresh_throttles() -> Iterator[None]:
    """Throttle counters live in the cache: no test inherits another's attempts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(django_user_model: type[User]) -> MakeUser:
    def make(username: str, *memberships: tuple[Company, str], **fields: Any) -> User:
        """make(name, (company, role), ..., is_staff=, is_superuser=, permissions=("view_all_books",))"""
        return UserFactory.create(username=username, memberships=memberships, **fields)

    return make


# One user per relation to acme: (username, membership, user fields, permissions).
USERS: dict[str, tuple[str, tuple[str, str] | None, dict[str, bool], tuple[str, ...]]] = {
    "viewer": ("vera", ("acme", Membership.Role.VIEWER), {}, ()),
    "accountant": ("alan", ("acme", Membership.Role.ACCOUNTANT), {}, ()),
    "owner": ("olga", ("acme", Membership.Role.OWNER), {}, ()),
    "staff": ("stan", ("foo", Membership.Role.OWNER), {"is_staff": True}, ()),
    "auditor": ("audrey", None, {"is_staff": True}, ("view_all_books",)),
    "support": ("sue", None, {"is_staff": True}, ("change_all_books",)),
    "superuser": ("root", None, {"is_staff": True, "is_superuser": True}, ()),
    "non-member": ("mallory", ("foo", Membership.Role.OWNER), {}, ()),
}


@pytest.fixture
def users(acme: Company, foo: Company) -> dict[str, User]:
    """One user per relation to acme: its three roles, foo's owner, and users of no membership in
    acme: staff, staff granted reading or writing every company's books, a superuser.

    Most API tests take it: the eight users, their memberships and permissions are written in four
    statements (UserFactory writes one user and each of its memberships at a time), with
    UserFactory's password."""
    password = make_password(PASSWORD)
    made = User.objects.bulk_create(
        [User(username=username, password=password, **fields) for username, _, fields, _ in USERS.values()]
    )
    by_key = dict(zip(USERS, made, strict=True))
    companies = {"acme": acme, "foo": foo}
    memberships: list[Membership] = []
    granted: list[tuple[int, str]] = []
    for key, (_, member_of, _, codenames) in USERS.items():
        if member_of is not None:
            slug, role = member_of
            memberships.append(Membership(user=by_key[key], company=companies[slug], role=role))
        granted += [(by_key[key].pk, codename) for codename in codenames]
    Membership.objects.bulk_create(memberships)
    permissions = dict(
        Permission.objects.filter(
            content_type__app_label="common", codename__in={codename for _, codename in granted}
        ).values_list("codename", "id")
    )
    Granted = User.user_permissions.through
    Granted.objects.bulk_create(
        [Granted(user_id=user_id, permission_id=permissions[codename]) for user_id, codename in granted]
    )
    return by_key


@pytest.fixture
def client_for() -> ClientFor:
    """client_for(user, via="token"|"session") -> an APIClient acting as `user` (None: anonymous)."""

    def make(user: User | None, *, via: str = "token", **kwargs: Any) -> APIClient:
        client = APIClient(**kwargs)
        if user is None:
            return client
        if via == "token":
            _, token = AuthToken.objects.create(user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        elif via == "session":
            client.force_login(user)
        else:
            raise ValueError(via)
        return client

    return make


@pytest.fixture
def books(us_books: Company) -> Company:
    """Acme (USD, US tax codes) with its chart of accounts and settings."""
    return us_books


@pytest.fixture
def accountant(users: dict[str, User], client_for: ClientFor, books: Company) -> APIClient:
    """An accountant of seeded acme, with a token."""
    return client_for(users["accountant"])


@pytest.fixture
def owner(users: dict[str, User], client_for: ClientFor, books: Company) -> APIClient:
    """An owner of seeded acme, with a token."""
    return client_for(users["owner"])


@pytest.fixture
def viewer(users: dict[str, User], client_for: ClientFor, books: Company) -> APIClient:
    """A viewer of seeded acme, with a token."""
    return client_for(users["viewer"])


@pytest.fixture
def world(acme: Company, make_user: MakeUser) -> World:
    """Seeded acme with a posted entry, a draft, open and closed periods and years, and eve."""
    eve = make_user("eve", (acme, Membership.Role.VIEWER))
    return build_world(acme, Membership.objects.get(user=eve))
