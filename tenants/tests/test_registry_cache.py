"""The registry cache: fewer queries per request, and changes apply on the next request, made in
this process or in another."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from common.models import Company, Membership
from common.tests.factories import UserFactory
from tenants.routing import registry_cache
from tenants.routing.access import membership_role
from tenants.testing import tenant_db

URL = "/t/acme/api/v1/accounts/"
pytestmark = [tenant_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def member(acme):
    return UserFactory.create(username="cached-ann", memberships=[(acme, Membership.Role.ACCOUNTANT)])


def test_a_repeated_request_resolves_the_company_and_role_without_queries(client, member):
    client.force_login(member)
    client.get(URL)  # warms the cache

    with CaptureQueriesContext(connections["default"]) as captured:
        client.get(URL)

    registry = [
        q["sql"]
        for q in captured.captured_queries
        if "common_company" in q["sql"] or "membership" in q["sql"]
    ]
    assert registry == []


def test_suspending_a_company_takes_effect_at_once_in_this_process(client, member, acme):
    client.force_login(member)
    client.get(URL)

    acme.status = Company.Status.SUSPENDED
    acme.save()

    assert client.get(URL, HTTP_ACCEPT="application/json").status_code == 503


def test_removing_a_membership_takes_effect_at_once_in_this_process(member, acme):
    assert membership_role(member, acme) == Membership.Role.ACCOUNTANT

    Membership.objects.filter(user=member).first().delete()  # type: ignore[union-attr]

    assert membership_role(member, acme) is None


def in_another_process(statement: str, *params: int) -> None:
    """Change the registry as another process would: SQL, no signal reaches this process's cache."""
    with connections["default"].cursor() as cursor:
        cursor.execute(statement, params)


def test_a_membership_removed_in_another_process_is_refused_on_the_next_request(client, seeded_acme, member):
    client.force_login(member)
    assert client.get(URL).status_code == 200  # cached: company and role

    in_another_process("DELETE FROM common_membership WHERE user_id = %s", member.pk)

    assert client.get(URL).json()["code"] == "tenant_not_found"


def test_a_role_lowered_in_another_process_applies_on_the_next_request(client, seeded_acme, member):
    client.force_login(member)
    body = {"code": "1160", "name": "Payment processor", "type": "asset"}
    assert client.get(URL).status_code == 200  # cached as accountant

    in_another_process("UPDATE common_membership SET role = 'viewer' WHERE user_id = %s", member.pk)

    assert client.post(URL, body, content_type="application/json").status_code == 403


def test_a_company_suspended_in_another_process_is_refused_on_the_next_request(
    client, seeded_acme, member, acme
):
    client.force_login(member)
    assert client.get(URL).status_code == 200

    in_another_process("UPDATE common_company SET status = 'suspended' WHERE id = %s", acme.pk)

    assert client.get(URL).json()["code"] == "tenant_suspended"


def test_without_a_change_the_cache_costs_one_query_of_the_generation(client, member):
    client.force_login(member)
    client.get(URL)

    with CaptureQueriesContext(connections["default"]) as captured:
        client.get(URL)

    generation = [q for q in captured.captured_queries if "registrygeneration" in q["sql"]]
    assert len(generation) == 1


def test_the_cache_keeps_a_bounded_number_of_entries(monkeypatch):
    monkeypatch.setattr(registry_cache, "MAX_ENTRIES", 3)
    for n in range(10):
        registry_cache.cached(("k", n), str)
    assert len(registry_cache._entries) == 3
