"""Who may do what: every company-scoped endpoint and method against every relation to acme.

anonymous: 401 · not a member, staff included: 404, as for an unknown company · viewer and
`view_all_books`: reads · accountant and `change_all_books`: + entries, accounts and rates ·
owner and superuser: + periods, years and members.
"""

from __future__ import annotations

import pytest

from common.models import Membership
from tenants.testing import tenant_db

from .support import ACCOUNTANT, ENDPOINTS, OWNER, VIEWER, api, assert_error, build_world

pytestmark = tenant_db

RANK = {VIEWER: 1, ACCOUNTANT: 2, OWNER: 3}
ROLES = [
    "anonymous",
    "viewer",
    "accountant",
    "owner",
    "staff",
    "auditor",
    "support",
    "superuser",
    "non-member",
]
# The role each kind of user acts with in acme (see the `users` fixture).
ACTS_AS = {"auditor": VIEWER, "support": ACCOUNTANT, "superuser": OWNER}


def expected_status(role: str, least: str, success: int) -> int:
    if role == "anonymous":
        return 401
    if role in ("non-member", "staff"):
        return 404
    rank = RANK[ACTS_AS.get(role, role)]
    return success if rank >= RANK[least] else 403


ERROR_CODES = {401: "not_authenticated", 403: "permission_denied", 404: "tenant_not_found"}


# The users whose answers repeat another's rule through a grant or staff status (auditor as
# viewer, support as accountant, superuser as owner, staff as non-member) are left to the full
# suite: the fast one (-m "not slow") keeps every endpoint for the five roles that set the rules.
SAME_RULE_AS_ANOTHER = {"staff", "auditor", "support", "superuser"}


@pytest.mark.parametrize(
    "role", [pytest.param(r, marks=pytest.mark.slow) if r in SAME_RULE_AS_ANOTHER else r for r in ROLES]
)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.id)
def test_the_role_decides_the_answer(endpoint, role, us_books, users, make_user, client_for):
    # Acme's books are seeded (us_books) for every role: a refused request is refused with the
    # books there to read.
    acme = us_books
    expected = expected_status(role, endpoint.role, endpoint.status)
    world = None
    if expected < 400:  # only an allowed request reaches the books: give it rows to act on
        make_user("newbie")
        eve = make_user("eve", (acme, Membership.Role.VIEWER))
        world = build_world(acme, Membership.objects.get(user=eve)) if endpoint.needs_world else None
    client = client_for(None if role == "anonymous" else users[role])

    response = endpoint.call(client, api(), world)

    if expected < 400:
        assert response.status_code == expected, response.content
    else:
        assert_error(response, expected, ERROR_CODES[expected])


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("viewer", 403),
        ("accountant", 201),
        ("non-member", 404),
        ("staff", 404),
        ("auditor", 403),
        ("support", 201),
        ("superuser", 201),
    ],
)
def test_a_session_is_held_to_the_same_roles_as_a_token(role, expected, users, books, client_for):
    client = client_for(users[role], via="session")

    response = client.post(
        api("accounts/"), {"code": "7000", "name": "Other", "type": "expense"}, format="json"
    )

    assert response.status_code == expected, response.content


def test_a_staff_member_with_a_membership_has_the_role_of_the_membership(acme, books, make_user, client_for):
    auditor = make_user("auditor", (acme, Membership.Role.VIEWER), is_staff=True)

    response = client_for(auditor).post(
        api("accounts/"), {"code": "7000", "name": "X", "type": "expense"}, format="json"
    )

    assert_error(response, 403, "permission_denied")


def test_a_demoted_member_loses_the_rights_at_once(users, books, client_for):
    alan = client_for(users["accountant"])
    Membership.objects.filter(user=users["accountant"]).update(role=Membership.Role.VIEWER)

    response = alan.post(api("accounts/"), {"code": "7000", "name": "X", "type": "expense"}, format="json")

    assert_error(response, 403, "permission_denied")
