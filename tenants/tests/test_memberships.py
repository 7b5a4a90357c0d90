"""Memberships change through one service: the API's rules and audit trail hold in the admin and
in `manage.py member` as well."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from common.models import Company, Membership, RegistryEvent
from common.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def olga(acme: Company) -> Membership:
    return MembershipFactory.create(user__username="olga", company=acme, role=Membership.Role.OWNER)


@pytest.fixture
def vera(acme: Company) -> Membership:
    return MembershipFactory.create(user__username="vera", company=acme, role=Membership.Role.VIEWER)


def run(*args: str) -> str:
    out = StringIO()
    call_command("member", *args, stdout=out)
    return out.getvalue()


def test_the_member_command_adds_changes_lists_and_removes(olga, acme):
    UserFactory.create(username="newbie")

    assert run("set", "acme", "newbie", "--role", "viewer") == "acme: newbie added as viewer\n"
    assert run("set", "acme", "newbie", "--role", "accountant") == "acme: newbie is now accountant\n"
    assert run("list", "acme") == "newbie\taccountant\nolga\towner\n"
    assert run("remove", "acme", "newbie") == "acme: newbie removed\n"

    actions = list(RegistryEvent.objects.order_by("id").values_list("action", "actor_name"))
    assert actions == [("member.add", ""), ("member.role", ""), ("member.remove", "")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("remove", "acme", "olga"), "A company keeps at least one owner."),
        (("set", "acme", "olga", "--role", "viewer"), "A company keeps at least one owner."),
        (("remove", "acme", "ghost"), "No such user."),
        (("set", "nobody", "olga", "--role", "viewer"), "No company 'nobody'."),
    ],
    ids=["last-owner-removed", "last-owner-demoted", "unknown-user", "unknown-company"],
)
def test_the_member_command_refuses_in_one_line_and_changes_nothing(olga, args, message):
    with pytest.raises(CommandError) as info:
        run(*args)

    assert str(info.value) == message
    assert Membership.objects.get(pk=olga.pk).role == Membership.Role.OWNER
    assert not RegistryEvent.objects.exists()


def change_url(membership: Membership) -> str:
    return f"/admin/common/membership/{membership.pk}/change/"


def test_the_admin_changes_a_role_through_the_service_and_names_the_member_of_staff(
    admin_client, admin_user, olga, vera
):
    response = admin_client.post(change_url(vera), {"role": "accountant"})

    assert response.status_code == 302
    assert Membership.objects.get(pk=vera.pk).role == Membership.Role.ACCOUNTANT
    event = RegistryEvent.objects.get(action="member.role")
    assert (event.actor, event.details["via"], event.details["previous"]) == (admin_user, "admin", "viewer")


def test_the_admin_keeps_the_last_owner(admin_client, olga):
    demote = admin_client.post(change_url(olga), {"role": "viewer"})
    delete = admin_client.get(f"/admin/common/membership/{olga.pk}/delete/")

    assert demote.status_code == 200  # the form again, with the error
    assert "A company keeps at least one owner." in demote.content.decode()
    assert delete.status_code == 403
    assert Membership.objects.get(pk=olga.pk).role == Membership.Role.OWNER
    assert not RegistryEvent.objects.exists()


def test_the_admin_removes_a_member_with_an_audit_row(admin_client, admin_user, olga, vera):
    response = admin_client.post(f"/admin/common/membership/{vera.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=vera.pk).exists()
    event = RegistryEvent.objects.get(action="member.remove")
    assert (event.actor, event.details["user"]) == (admin_user, "vera")


def test_the_admin_bulk_delete_goes_through_the_service_and_never_takes_the_last_owner(
    admin_client, olga, vera
):
    def bulk_delete(*memberships: Membership) -> None:
        admin_client.post(
            "/admin/common/membership/",
            {"action": "delete_selected", "_selected_action": [m.pk for m in memberships], "post": "yes"},
        )

    bulk_delete(olga, vera)  # refused as a whole: the last owner may not be deleted
    assert Membership.objects.count() == 2

    bulk_delete(vera)
    assert list(Membership.objects.values_list("user__username", flat=True)) == ["olga"]
    assert RegistryEvent.objects.get().action == "member.remove"
