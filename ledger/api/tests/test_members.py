"""Members over the API: owners add, change and remove them; a company keeps one owner."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import Membership, RegistryEvent
from tenants.testing import tenant_db

from .support import api, assert_error

pytestmark = tenant_db

MEMBERS = api("members/")


def member_id(username: str) -> int:
    return Membership.objects.get(user__username=username, company__slug="acme").pk


def test_members_are_listed_with_their_roles(users, client_for):
    response = client_for(users["viewer"]).get(MEMBERS)

    assert response.status_code == 200, response.content
    assert [(m["username"], m["role"]) for m in response.json()] == [
        ("alan", "accountant"),
        ("olga", "owner"),
        ("vera", "viewer"),
    ]
    assert set(response.json()[0]) == {"id", "username", "role", "created_at"}


def test_the_list_has_no_member_of_another_company(users, client_for):
    usernames = {m["username"] for m in client_for(users["owner"]).get(MEMBERS).json()}

    assert "mallory" not in usernames
    assert "root" not in usernames


def test_an_owner_adds_a_member(users, client_for, make_user):
    make_user("newbie")

    response = client_for(users["owner"]).post(
        MEMBERS, {"username": "newbie", "role": "accountant"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert (response.json()["username"], response.json()["role"]) == ("newbie", "accountant")
    assert Membership.objects.get(user__username="newbie").company.slug == "acme"


def test_adding_a_member_of_another_company_adds_them_here_too(users, client_for):
    response = client_for(users["owner"]).post(
        MEMBERS, {"username": "mallory", "role": "viewer"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert set(Membership.objects.filter(user__username="mallory").values_list("company__slug", "role")) == {
        ("foo", "owner"),
        ("acme", "viewer"),
    }


def test_adding_an_existing_member_changes_their_role(users, client_for):
    response = client_for(users["owner"]).post(
        MEMBERS, {"username": "vera", "role": "accountant"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert Membership.objects.get(pk=member_id("vera")).role == "accountant"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"username": "ghost", "role": "viewer"}, "unknown_user"),
        ({"username": "vera", "role": "admin"}, "invalid_choice"),
        ({"username": "vera"}, "validation_error"),
        ({"role": "viewer"}, "validation_error"),
        ({"username": ["vera"], "role": "viewer"}, "validation_error"),
    ],
)
def test_a_bad_new_member_is_refused(users, client_for, body, code):
    assert_error(client_for(users["owner"]).post(MEMBERS, body, format="json"), 400, code)


def test_an_owner_changes_a_role(users, client_for):
    response = client_for(users["owner"]).patch(
        api(f"members/{member_id('vera')}/"), {"role": "owner"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["role"] == "owner"


def test_an_owner_removes_a_member_who_then_cannot_enter(users, client_for):
    vera = client_for(users["viewer"])

    response = client_for(users["owner"]).delete(api(f"members/{member_id('vera')}/"))

    assert response.status_code == 204
    assert_error(vera.get(MEMBERS), 404, "tenant_not_found")


@pytest.mark.parametrize(
    "change",
    [
        lambda c, pk: c.patch(api(f"members/{pk}/"), {"role": "viewer"}, format="json"),
        lambda c, pk: c.patch(api(f"members/{pk}/"), {"role": "accountant"}, format="json"),
        lambda c, pk: c.delete(api(f"members/{pk}/")),
        lambda c, pk: c.post(MEMBERS, {"username": "olga", "role": "viewer"}, format="json"),
    ],
    ids=["demoted-to-viewer", "demoted-to-accountant", "removed", "re-added-as-viewer"],
)
def test_the_last_owner_is_neither_demoted_nor_removed(users, client_for, change):
    response = change(client_for(users["owner"]), member_id("olga"))

    assert_error(response, 409, "last_owner")
    assert Membership.objects.get(pk=member_id("olga")).role == "owner"


def test_a_superuser_cannot_remove_the_last_owner_either(users, client_for):
    assert_error(
        client_for(users["superuser"]).delete(api(f"members/{member_id('olga')}/")), 409, "last_owner"
    )


def test_one_of_two_owners_may_step_down(users, client_for, acme, make_user):
    make_user("otto", (acme, Membership.Role.OWNER))
    olga = client_for(users["owner"])

    response = olga.patch(api(f"members/{member_id('olga')}/"), {"role": "viewer"}, format="json")

    assert response.status_code == 200, response.content
    assert_error(
        olga.post(MEMBERS, {"username": "vera", "role": "owner"}, format="json"), 403, "permission_denied"
    )


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_the_owners_are_counted_under_the_company_row_lock(users, client_for, acme, make_user, method):
    # Two owners demoting each other at once must not both succeed: each change to a company's
    # members locks the company's row first, so the second counts after the first committed.
    make_user("otto", (acme, Membership.Role.OWNER))
    olga = client_for(users["owner"])

    with CaptureQueriesContext(connection) as queries:
        getattr(olga, method)(api(f"members/{member_id('otto')}/"), {"role": "viewer"}, format="json")

    sqls = [q["sql"] for q in queries]
    locked = 'FROM "common_company"'
    locks = [i for i, sql in enumerate(sqls) if locked in sql and "FOR UPDATE" in sql]
    counts = [i for i, sql in enumerate(sqls) if "\"role\" = 'owner'" in sql]
    assert locks and counts and locks[0] < counts[0], sqls


def test_each_change_of_members_is_in_the_audit_trail_with_its_owner(users, client_for, make_user):
    make_user("newbie")
    olga = client_for(users["owner"])

    olga.post(MEMBERS, {"username": "newbie", "role": "viewer"}, format="json")
    olga.patch(api(f"members/{member_id('newbie')}/"), {"role": "accountant"}, format="json")
    olga.delete(api(f"members/{member_id('newbie')}/"))

    events = RegistryEvent.objects.filter(company_slug="acme", action__startswith="member.").order_by("id")
    assert [(e.action, e.actor_name, e.details["via"], e.details.get("role")) for e in events] == [
        ("member.add", "olga", "api", "viewer"),
        ("member.role", "olga", "api", "accountant"),
        ("member.remove", "olga", "api", None),
    ]
    assert events[2].details["user"] == "newbie"


def test_a_refused_change_of_members_leaves_no_audit_row(users, client_for):
    client_for(users["owner"]).delete(api(f"members/{member_id('olga')}/"))

    assert not RegistryEvent.objects.filter(action__startswith="member.").exists()


def test_keeping_the_last_owner_an_owner_is_allowed(users, client_for):
    response = client_for(users["owner"]).patch(
        api(f"members/{member_id('olga')}/"), {"role": "owner"}, format="json"
    )

    assert response.status_code == 200, response.content


def test_a_member_of_another_company_is_not_reachable_by_id(users, client_for):
    mallory = Membership.objects.get(user__username="mallory").pk
    owner = client_for(users["owner"])

    assert_error(owner.patch(api(f"members/{mallory}/"), {"role": "viewer"}, format="json"), 404, "not_found")
    assert_error(owner.delete(api(f"members/{mallory}/")), 404, "not_found")
    assert Membership.objects.get(pk=mallory).role == "owner"


@pytest.mark.parametrize("pk", ["999999", "abc", "-1", "99999999999999999999999"])
def test_an_unknown_or_malformed_member_id_is_a_404(users, client_for, pk):
    owner = client_for(users["owner"])

    assert_error(owner.patch(api(f"members/{pk}/"), {"role": "viewer"}, format="json"), 404, "not_found")
    assert_error(owner.delete(api(f"members/{pk}/")), 404, "not_found")
