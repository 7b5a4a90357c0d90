"""One company's user never reaches another company's books, however the company is named.

Olga is acme's owner. Asked for foo by path, by X-Tenant header or by foo's domain, every endpoint
answers 404 tenant_not_found, as for a company that does not exist, and foo's books stay as they were.
"""

from __future__ import annotations

from typing import Any

import pytest

from common.models import Company, Domain
from ledger.models import Account, AuditEvent, JournalEntry
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .support import ENDPOINTS, api, assert_error, seed

pytestmark = tenant_db

FOO_HOST = "books.foo.test"
ACME_HOST = "books.acme.test"


def addressed(way: str, slug: str) -> tuple[str, dict[str, Any]]:
    """The URL prefix and request headers that name company `slug` in `way`."""
    if way == "path":
        return api(slug=slug), {}
    if way == "header":
        return "/api/v1/", {"HTTP_X_TENANT": slug}
    return "/api/v1/", {"HTTP_HOST": f"books.{slug}.test"}


@pytest.fixture
def domains(acme, foo):
    Domain.objects.create(hostname=ACME_HOST, company=acme)
    Domain.objects.create(hostname=FOO_HOST, company=foo)


def foo_books_untouched() -> None:
    with tenant_context("foo"):
        assert not AuditEvent.objects.exists()
        assert not JournalEntry.objects.exists()
        assert not Account.objects.filter(code="7000").exists()


# A token is checked by each view (the middleware sees an anonymous request), so every endpoint is
# tried with one; a session is refused by the middleware before any view, the same for all of them.
SESSION_SAMPLE = [
    e for e in ENDPOINTS if e.id in {"GET accounts/", "POST journal-entries/", "DELETE members/{member}/"}
]


# The way a company is named is read by the middleware, the same for every view: the fast suite
# (-m "not slow") tries every endpoint by path, and the header and host on the tests below.
@pytest.mark.parametrize(
    "way", ["path", *(pytest.param(way, marks=pytest.mark.slow) for way in ("header", "host"))]
)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.id)
def test_acmes_owner_with_a_token_gets_a_404_from_every_endpoint_of_foo(
    endpoint, way, users, domains, client_for
):
    prefix, headers = addressed(way, "foo")

    response = endpoint.call(client_for(users["owner"]), prefix, **headers)

    assert_error(response, 404, "tenant_not_found")
    foo_books_untouched()


@pytest.mark.parametrize("way", ["path", "header", "host"])
@pytest.mark.parametrize("endpoint", SESSION_SAMPLE, ids=lambda e: e.id)
def test_acmes_owner_with_a_session_gets_a_404_from_foo(endpoint, way, users, domains, client_for):
    prefix, headers = addressed(way, "foo")

    response = endpoint.call(client_for(users["owner"], via="session"), prefix, **headers)

    assert_error(response, 404, "tenant_not_found")
    foo_books_untouched()


@pytest.mark.parametrize("via", ["token", "session"])
@pytest.mark.parametrize("way", ["path", "header", "host"])
def test_foos_answer_is_the_answer_for_a_company_that_does_not_exist(way, via, users, domains, client_for):
    client = client_for(users["owner"], via=via)
    prefix, headers = addressed(way, "foo")
    for_foo = client.get(prefix + "accounts/", **headers).json()
    prefix, headers = addressed("path" if way == "host" else way, "nobody")
    for_nobody = client.get(prefix + "accounts/", **headers).json()

    assert for_foo["code"] == for_nobody["code"] == "tenant_not_found"
    assert for_foo["message"].replace("foo", "?") == for_nobody["message"].replace("nobody", "?")


@pytest.mark.parametrize("via", ["token", "session"])
@pytest.mark.parametrize("way", ["path", "header", "host"])
def test_each_company_serves_its_own_rows_by_every_way(way, via, acme, foo, users, domains, client_for):
    seed(acme)
    seed(foo)
    with tenant_context("acme"):
        Account.objects.create(code="9001", name="Only acme", type=Account.Type.ASSET)
    with tenant_context("foo"):
        Account.objects.create(code="9002", name="Only foo", type=Account.Type.ASSET)

    def codes(user: str, slug: str) -> set[str]:
        prefix, headers = addressed(way, slug)
        response = client_for(users[user], via=via).get(prefix + "accounts/", **headers)
        assert response.status_code == 200, response.content
        return {row["code"] for row in response.json()["results"]}

    acme_codes, foo_codes = codes("owner", "acme"), codes("non-member", "foo")  # mallory owns foo

    assert "9001" in acme_codes and "9002" not in acme_codes
    assert "9002" in foo_codes and "9001" not in foo_codes


def test_a_token_of_an_acme_user_works_for_acme_only(users, books, foo, client_for):
    client = client_for(users["owner"])

    assert client.get(api("accounts/")).status_code == 200
    assert_error(client.get(api("accounts/", slug="foo")), 404, "tenant_not_found")
    assert_error(client.get("/api/v1/accounts/", HTTP_X_TENANT="foo"), 404, "tenant_not_found")


@pytest.mark.parametrize("via", ["token", "session"])
@pytest.mark.parametrize(("path_slug", "header_slug"), [("acme", "foo"), ("foo", "acme"), ("acme", "nobody")])
@pytest.mark.parametrize("endpoint", SESSION_SAMPLE, ids=lambda e: e.id)
def test_a_header_disagreeing_with_the_path_is_a_tenant_mismatch(
    endpoint, path_slug, header_slug, via, users, foo, client_for
):
    # The middleware refuses it before any view or authentication: a sample of endpoints will do.
    client = client_for(users["owner"], via=via)

    response = endpoint.call(client, api(slug=path_slug), HTTP_X_TENANT=header_slug)

    assert_error(response, 400, "tenant_mismatch")
    foo_books_untouched()


def test_the_header_may_repeat_the_path(users, books, client_for):
    response = client_for(users["owner"]).get(api("accounts/"), HTTP_X_TENANT="acme")

    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.path], ids=lambda e: e.id)
def test_the_shared_mount_without_a_company_is_tenant_required(endpoint, users, client_for):
    response = endpoint.call(client_for(users["owner"]), "/api/v1/")

    assert_error(response, 400, "tenant_required")


@pytest.mark.parametrize("slug", ["nobody", "ACME", "acme-", "a" * 100, "%C3%A9"])
def test_an_unknown_company_is_a_404_for_members_of_others(users, client_for, slug):
    client = client_for(users["owner"])

    assert_error(client.get("/api/v1/accounts/", HTTP_X_TENANT=slug), 404, "tenant_not_found")


@pytest.mark.parametrize("status", [Company.Status.SUSPENDED, Company.Status.ARCHIVED])
def test_a_token_of_a_non_member_learns_nothing_of_a_company_that_is_not_active(
    users, foo, client_for, status
):
    Company.objects.filter(pk=foo.pk).update(status=status)

    response = client_for(users["owner"]).get(api("accounts/", slug="foo"))

    assert_error(response, 404, "tenant_not_found")
