"""Cross-company access through the API: only by an explicit grant, read-only unless write is
granted, and each one recorded in the common audit trail."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from common.models import Membership, RegistryEvent
from tenants.routing.access import CROSS_COMPANY_EVENT
from tenants.testing import tenant_db

from .support import api, assert_error

pytestmark = tenant_db

NEW_ACCOUNT = {"code": "7000", "name": "Other", "type": "expense"}


def cross_company_rows() -> list[tuple[str, str, str, str]]:
    events = RegistryEvent.objects.filter(action=CROSS_COMPANY_EVENT).order_by("id")
    return [(e.actor_name, e.company_slug, e.details["kind"], e.details["grant"]) for e in events]


def test_staff_status_alone_does_not_open_a_company(users, books, client_for):
    staff = client_for(users["staff"])

    assert_error(staff.get(api("accounts/")), 404, "tenant_not_found")
    assert_error(staff.post(api("accounts/"), NEW_ACCOUNT, format="json"), 404, "tenant_not_found")
    assert cross_company_rows() == []


def test_view_all_books_reads_every_company_but_writes_none(users, books, client_for):
    auditor = client_for(users["auditor"])

    assert auditor.get(api("accounts/")).status_code == 200
    assert_error(auditor.post(api("accounts/"), NEW_ACCOUNT, format="json"), 403, "permission_denied")
    assert_error(auditor.post(api("accounts/1140/deactivate/")), 403, "permission_denied")


def test_a_read_through_a_grant_is_recorded_once_per_hour(users, books, client_for):
    auditor = client_for(users["auditor"])

    for _ in range(3):
        assert auditor.get(api("accounts/")).status_code == 200
    assert auditor.get(api("journal-entries/")).status_code == 200

    assert cross_company_rows() == [("audrey", "acme", "read", "view_all_books")]
    event = RegistryEvent.objects.get(action=CROSS_COMPANY_EVENT)
    assert event.actor == users["auditor"] and event.company == books
    assert event.details == {"kind": "read", "role": "viewer", "grant": "view_all_books", "interface": "api"}


def test_change_all_books_writes_and_its_writes_are_recorded(users, books, client_for):
    support = client_for(users["support"])

    assert support.get(api("accounts/")).status_code == 200
    assert support.post(api("accounts/"), NEW_ACCOUNT, format="json").status_code == 201

    assert cross_company_rows() == [
        ("sue", "acme", "read", "change_all_books"),
        ("sue", "acme", "write", "change_all_books"),
    ]


def test_change_all_books_does_not_do_what_only_owners_do(users, books, client_for):
    support = client_for(users["support"])

    response = support.post(api("members/"), {"username": "sue", "role": "owner"}, format="json")

    assert_error(response, 403, "permission_denied")
    assert not Membership.objects.filter(user=users["support"]).exists()


def test_a_superuser_enters_as_owner_and_is_recorded(users, books, client_for):
    response = client_for(users["superuser"]).post(api("accounts/"), NEW_ACCOUNT, format="json")

    assert response.status_code == 201
    assert cross_company_rows() == [("root", "acme", "write", "superuser")]


def test_members_leave_no_cross_company_row(users, books, client_for):
    owner = client_for(users["owner"])

    assert owner.get(api("accounts/")).status_code == 200
    assert owner.post(api("accounts/"), NEW_ACCOUNT, format="json").status_code == 201
    assert cross_company_rows() == []


def test_a_membership_decides_over_a_grant_in_its_company(acme, books, make_user, client_for):
    viewer = make_user("vic", (acme, Membership.Role.VIEWER), permissions=("change_all_books",))

    response = client_for(viewer).post(api("accounts/"), NEW_ACCOUNT, format="json")

    assert_error(response, 403, "permission_denied")


def test_a_grant_through_a_group_counts_too(books, make_user, client_for):
    auditors = Group.objects.create(name="auditors")
    auditors.permissions.add(Permission.objects.get(codename="view_all_books"))
    user = make_user("gail")
    user.groups.add(auditors)

    assert client_for(user).get(api("accounts/")).status_code == 200
    assert cross_company_rows() == [("gail", "acme", "read", "view_all_books")]


def test_a_session_is_recorded_like_a_token(users, books, client_for):
    auditor = client_for(users["auditor"], via="session")

    assert auditor.get(api("accounts/")).status_code == 200
    assert auditor.get(api("accounts/")).status_code == 200

    assert cross_company_rows() == [("audrey", "acme", "read", "view_all_books")]


@pytest.mark.parametrize("user", ["auditor", "support"])
def test_a_grant_ends_when_the_user_is_deactivated(users, books, client_for, user):
    client = client_for(users[user], via="session")
    users[user].is_active = False
    users[user].save(update_fields=["is_active"])

    assert client.get(api("accounts/")).status_code in (401, 403)
