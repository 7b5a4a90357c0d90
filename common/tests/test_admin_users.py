"""Users and groups in the admin: a member of staff who may change users cannot hand out power,
to themselves or anyone, nor take over an account that holds some."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

pytestmark = pytest.mark.django_db

CHANGE_ALL_BOOKS = "change_all_books"


def perm(codename: str) -> Permission:
    return Permission.objects.get(codename=codename)


@pytest.fixture
def helpdesk(django_user_model: type[User]) -> User:
    """Staff who may add, change and view users and groups, nothing else."""
    user = django_user_model.objects.create_user("helen", password="x", is_staff=True)
    for codename in ("add_user", "change_user", "view_user", "change_group", "view_group", "add_group"):
        user.user_permissions.add(perm(codename))
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def user_form(user: User, **changes: Any) -> dict[str, Any]:
    """The change form of `user` as the admin sends it back, with `changes`."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def change(client: Client, user: User, **changes: Any) -> Any:
    return client.post(f"/admin/auth/user/{user.pk}/change/", user_form(user, **changes))


def test_helpdesk_cannot_make_itself_superuser(helpdesk: User) -> None:
    response = change(client_for(helpdesk), helpdesk, is_staff="on", is_superuser="on")

    helpdesk.refresh_from_db()
    assert response.status_code in (200, 302, 403)
    assert not helpdesk.is_superuser


def test_helpdesk_cannot_grant_a_member_the_books_of_every_company(
    helpdesk: User, django_user_model: Any
) -> None:
    member = django_user_model.objects.create_user("mia", password="x")

    change(client_for(helpdesk), member, user_permissions=[str(perm(CHANGE_ALL_BOOKS).pk)], is_staff="on")

    member = django_user_model.objects.get(pk=member.pk)
    assert not member.has_perm(f"common.{CHANGE_ALL_BOOKS}") and not member.is_staff


def test_helpdesk_cannot_set_a_superusers_password(helpdesk: User, django_user_model: Any) -> None:
    root = django_user_model.objects.create_superuser("root", password="old-password")

    response = client_for(helpdesk).post(
        f"/admin/auth/user/{root.pk}/password/",
        {"password1": "taken-over-123", "password2": "taken-over-123", "usable_password": "true"},
    )

    root.refresh_from_db()
    assert response.status_code == 403
    assert root.check_password("old-password")


def test_helpdesk_cannot_change_a_user_holding_a_grant(helpdesk: User, django_user_model: Any) -> None:
    auditor = django_user_model.objects.create_user("audrey", password="x")
    auditor.user_permissions.add(perm("view_all_books"))

    response = change(client_for(helpdesk), auditor, email="me@attacker.example")

    auditor.refresh_from_db()
    assert response.status_code == 403 and auditor.email == ""


def test_helpdesk_still_edits_a_members_plain_account(helpdesk: User, django_user_model: Any) -> None:
    member = django_user_model.objects.create_user("mia", password="x")

    response = change(client_for(helpdesk), member, email="mia@example.com")

    member.refresh_from_db()
    assert response.status_code == 302, response.content
    assert member.email == "mia@example.com"


def test_helpdesk_cannot_add_a_permission_to_a_group(helpdesk: User) -> None:
    group = Group.objects.create(name="support")
    helpdesk.groups.add(group)

    response = client_for(helpdesk).post(
        f"/admin/auth/group/{group.pk}/change/",
        {"name": "support", "permissions": [str(perm(CHANGE_ALL_BOOKS).pk)]},
    )

    assert response.status_code == 403
    assert not group.permissions.exists()


def test_a_superuser_grants_permissions(admin_client: Client, django_user_model: Any) -> None:
    member = django_user_model.objects.create_user("mia", password="x")

    response = change(admin_client, member, user_permissions=[str(perm(CHANGE_ALL_BOOKS).pk)])

    assert response.status_code == 302, response.content
    assert django_user_model.objects.get(pk=member.pk).has_perm(f"common.{CHANGE_ALL_BOOKS}")
