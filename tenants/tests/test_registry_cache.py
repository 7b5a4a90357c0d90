"""The registry cache: fewer queries per request, and changes in this process apply at once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from common.models import Company, Membership
from tenants import registry_cache
from tenants.access import membership_role
from tenants.testing import tenant_db

URL = "/t/acme/api/v1/accounts/"
pytestmark = [tenant_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def fresh_cache():
    registry_cache.clear()
    with override_settings(PYLEDGER_REGISTRY_CACHE_SECONDS=60):
        yield
    registry_cache.clear()


@pytest.fixture
def member(acme):
    user = get_user_model().objects.create_user("cached-ann")
    Membership.objects.create(user=user, company=acme, role=Membership.Role.ACCOUNTANT)
    return user


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


def test_the_cache_keeps_a_bounded_number_of_entries(monkeypatch):
    monkeypatch.setattr(registry_cache, "MAX_ENTRIES", 3)
    for n in range(10):
        registry_cache.cached(("k", n), str)
    assert len(registry_cache._entries) == 3
