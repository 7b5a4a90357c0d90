"""TenantMiddleware over real HTTP requests: resolution, refusals, access and the context's life."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import User
from django.http import StreamingHttpResponse
from django.test import AsyncClient, Client, override_settings

from common.models import Company, Domain, Membership
from common.tests.factories import UserFactory
from ledger.models import Account
from ledger.seed import seed_tenant
from tenants.routing.context import current_tenant, tenant_context
from tenants.testing import tenant_db

from .urls import ViewFailed

pytestmark = tenant_db

ACCOUNTS = "/api/v1/accounts/"
TEST_URLS = override_settings(ROOT_URLCONF="tenants.tests.urls")


def accounts_url(slug: str) -> str:
    return f"/t/{slug}{ACCOUNTS}"


def codes(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


def add_account(company: Company, code: str) -> None:
    with tenant_context(company):
        Account.objects.create(code=code, name=f"Account {code}", type=Account.Type.ASSET)


@pytest.fixture
def seeded(acme: Company, foo: Company) -> None:
    """Both companies' books set up: the account list answers 409 ledger_not_seeded before."""
    for company in (acme, foo):
        with tenant_context(company):
            seed_tenant(company=company)


@pytest.fixture
def make_user(django_user_model: type[User]) -> Any:
    def make(username: str, *memberships: tuple[Company, str], is_staff: bool = False) -> User:
        return UserFactory.create(username=username, is_staff=is_staff, memberships=memberships)

    return make


@pytest.fixture
def alice(acme: Company, foo: Company, make_user: Any) -> User:
    """A member of both test companies."""
    user: User = make_user("alice", (acme, Membership.Role.OWNER), (foo, Membership.Role.ACCOUNTANT))
    return user


@pytest.fixture
def client_as_alice(client: Client, alice: User) -> Client:
    client.force_login(alice)
    return client


# --- resolution -------------------------------------------------------------------------------


def test_a_row_written_in_acme_is_listed_for_acme_and_not_for_foo(client_as_alice, acme, foo, seeded):
    add_account(acme, "9001")

    assert "9001" in codes(client_as_alice.get(accounts_url("acme")))
    assert "9001" not in codes(client_as_alice.get(accounts_url("foo")))


def test_the_x_tenant_header_selects_the_company_on_a_shared_url(client_as_alice, acme, foo, seeded):
    add_account(acme, "9002")

    assert "9002" in codes(client_as_alice.get(ACCOUNTS, headers={"X-Tenant": "acme"}))
    assert "9002" not in codes(client_as_alice.get(ACCOUNTS, headers={"X-Tenant": "foo"}))


def test_a_company_domain_selects_the_company(client_as_alice, acme, foo, seeded):
    Domain.objects.create(hostname="books.acme.test", company=acme)
    Domain.objects.create(hostname="books.foo.test", company=foo)
    add_account(acme, "9003")

    assert "9003" in codes(client_as_alice.get(ACCOUNTS, HTTP_HOST="books.acme.test"))
    assert "9003" not in codes(client_as_alice.get(ACCOUNTS, HTTP_HOST="books.foo.test"))


@pytest.mark.parametrize(
    ("hostname", "host_header"),
    [
        ("books.acme.test", "Books.ACME.test:8000"),
        ("books.acme.test", "books.acme.test."),
        ("[2001:db8::1]", "[2001:db8::1]"),
        ("[2001:db8::1]", "[2001:db8::1]:8443"),
    ],
)
def test_a_company_domain_matches_whatever_the_case_port_or_trailing_dot(
    client_as_alice, acme, seeded, hostname, host_header
):
    Domain.objects.create(hostname=hostname, company=acme)
    add_account(acme, "9012")

    assert "9012" in codes(client_as_alice.get(ACCOUNTS, HTTP_HOST=host_header))


def test_the_path_prefix_wins_over_a_company_domain(client_as_alice, acme, foo, seeded):
    Domain.objects.create(hostname="books.foo.test", company=foo)
    add_account(acme, "9004")

    assert "9004" in codes(client_as_alice.get(accounts_url("acme"), HTTP_HOST="books.foo.test"))


def test_the_header_wins_over_a_company_domain(client_as_alice, acme, foo, seeded):
    Domain.objects.create(hostname="books.foo.test", company=foo)
    add_account(acme, "9005")

    response = client_as_alice.get(ACCOUNTS, HTTP_HOST="books.foo.test", headers={"X-Tenant": "acme"})

    assert "9005" in codes(response)


def test_a_header_naming_the_company_of_the_path_is_accepted(client_as_alice, acme, seeded):
    add_account(acme, "9006")

    response = client_as_alice.get(accounts_url("acme"), headers={"X-Tenant": "acme"})

    assert "9006" in codes(response)


def test_a_header_naming_another_company_than_the_path_is_refused_as_a_mismatch(client_as_alice, acme, foo):
    response = client_as_alice.get(accounts_url("acme"), headers={"X-Tenant": "foo"})

    assert response.status_code == 400
    assert response.json()["code"] == "tenant_mismatch"


def test_a_company_scoped_url_reached_without_a_company_is_refused_as_tenant_required(client_as_alice):
    response = client_as_alice.get(ACCOUNTS)

    assert response.status_code == 400
    assert response.json()["code"] == "tenant_required"


def test_a_request_on_an_unknown_host_is_public(client, db):
    response = client.get("/healthz", HTTP_HOST="nobody.example")

    assert response.status_code == 200
    assert current_tenant() is None


def test_responses_vary_on_the_tenant_header(client_as_alice, acme, seeded):
    response = client_as_alice.get(ACCOUNTS, headers={"X-Tenant": "acme"})

    assert response.status_code == 200
    assert "X-Tenant" in response["Vary"]


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/t/nobody/api/v1/accounts/", ACCOUNTS])
def test_an_unknown_company_is_a_json_404_on_api_paths(client_as_alice, url):
    response = client_as_alice.get(url, headers={"X-Tenant": "nobody"} if url == ACCOUNTS else {})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "tenant_not_found"
    assert set(body) == {"code", "message", "fields"}


def test_an_unknown_company_is_an_html_404_page_for_a_browser(client_as_alice):
    response = client_as_alice.get("/t/nobody/", headers={"Accept": "text/html,application/xhtml+xml"})

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "tenants/error.html" in [template.name for template in response.templates]
    assert response.context["error"].code == "tenant_not_found"


@pytest.mark.parametrize(
    ("status", "http_status", "code"),
    [
        (Company.Status.SUSPENDED, 503, "tenant_suspended"),
        (Company.Status.ARCHIVED, 410, "tenant_archived"),
        (Company.Status.PROVISIONING, 503, "tenant_provisioning"),
        (Company.Status.MAINTENANCE, 503, "tenant_maintenance"),
        # A status added later without an error of its own still keeps people out.
        ("frozen", 503, "tenant_suspended"),
    ],
)
def test_a_company_that_is_not_active_refuses_its_members(client_as_alice, acme, status, http_status, code):
    Company.objects.filter(pk=acme.pk).update(status=status)

    response = client_as_alice.get(accounts_url("acme"))

    assert response.status_code == http_status
    assert response.json()["code"] == code


# --- access -----------------------------------------------------------------------------------


def test_an_authenticated_non_member_gets_the_same_404_as_for_an_unknown_company(client, acme, make_user):
    client.force_login(make_user("mallory"))

    for_acme = client.get(accounts_url("acme"))
    for_nobody = client.get(accounts_url("nobody"))

    assert for_acme.status_code == for_nobody.status_code == 404
    assert for_acme.json()["code"] == for_nobody.json()["code"] == "tenant_not_found"


def test_a_non_member_learns_nothing_of_a_suspended_company(client, acme, make_user):
    Company.objects.filter(pk=acme.pk).update(status=Company.Status.SUSPENDED)
    client.force_login(make_user("mallory"))

    response = client.get(accounts_url("acme"))

    assert response.status_code == 404
    assert response.json()["code"] == "tenant_not_found"


def test_a_member_of_foo_cannot_enter_acme(client, acme, foo, make_user, seeded):
    client.force_login(make_user("bob", (foo, Membership.Role.OWNER)))

    assert client.get(accounts_url("foo")).status_code == 200
    assert client.get(accounts_url("acme")).json()["code"] == "tenant_not_found"


@pytest.mark.parametrize("role", Membership.Role.values)
def test_a_member_with_any_role_may_enter(client, acme, make_user, seeded, role):
    add_account(acme, "9007")
    client.force_login(make_user("carol", (acme, role)))

    assert "9007" in codes(client.get(accounts_url("acme")))


@TEST_URLS
def test_staff_without_a_membership_are_refused_as_for_an_unknown_company(client, acme, make_user):
    client.force_login(make_user("root", is_staff=True))

    response = client.get("/t/acme/whoami/")

    assert response.status_code == 404
    assert response.context["error"].code == "tenant_not_found"


@TEST_URLS
def test_a_superuser_without_a_membership_enters_as_owner(client, acme, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root"))

    response = client.get("/t/acme/whoami/")

    assert response.status_code == 200
    assert response.json()["role"] == Membership.Role.OWNER


@TEST_URLS
def test_a_member_enters_with_the_role_of_the_membership(client, acme, make_user):
    client.force_login(make_user("vera", (acme, Membership.Role.VIEWER)))

    assert client.get("/t/acme/whoami/").json()["role"] == Membership.Role.VIEWER


def test_an_anonymous_api_call_gets_a_json_401(client, acme):
    response = client.get(accounts_url("acme"))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"]


@TEST_URLS
def test_an_anonymous_visitor_of_an_async_view_gets_a_401(client, acme):
    response = client.get("/t/acme/accounts-async/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


# --- the context around the view --------------------------------------------------------------


@TEST_URLS
def test_the_view_runs_inside_the_company_and_never_receives_the_tenant_slug(client_as_alice):
    body = client_as_alice.get("/t/acme/whoami/").json()

    assert body["tenant"] == "acme"
    assert body["kwargs"] == []


@TEST_URLS
def test_a_public_view_runs_outside_any_company(client_as_alice):
    assert client_as_alice.get("/whoami/").json()["tenant"] is None


@TEST_URLS
def test_the_context_is_reset_after_the_view_raises(client_as_alice):
    with pytest.raises(ViewFailed) as info:
        client_as_alice.get("/t/acme/boom/")

    assert info.value.slug == "acme"
    assert current_tenant() is None


@TEST_URLS
def test_the_context_is_reset_after_a_view_error_becomes_a_500(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)

    response = client.get("/t/acme/boom/")

    assert response.status_code == 500
    assert current_tenant() is None


@TEST_URLS
def test_a_streaming_response_is_produced_inside_the_company(client_as_alice, acme, foo):
    add_account(acme, "9008")
    add_account(foo, "9009")

    response = client_as_alice.get("/t/acme/stream/")
    lines = b"".join(response.streaming_content).decode().split()

    assert "9008" in lines
    assert "9009" not in lines
    assert current_tenant() is None


@TEST_URLS
def test_an_async_streaming_response_is_produced_inside_the_company(alice, acme, foo):
    add_account(acme, "9010")
    add_account(foo, "9011")
    client = AsyncClient()
    client.force_login(alice)

    async def fetch() -> list[str]:
        response = await client.get("/t/foo/stream-async/")
        assert isinstance(response, StreamingHttpResponse)
        body = b"".join([chunk async for chunk in response.streaming_content])
        return body.decode().split()

    lines = async_to_sync(fetch)()

    assert "9011" in lines
    assert "9010" not in lines
