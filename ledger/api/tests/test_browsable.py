"""The browsable API: HTML pages of the company-scoped endpoints for a signed-in browser."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from common.models import Company, Domain, Membership
from tenants.testing import tenant_db

from .conftest import MakeUser
from .support import ENDPOINTS, World, api, build_world

pytestmark = tenant_db

HTML = "text/html,application/xhtml+xml"
PAGES = [e for e in ENDPOINTS if e.method == "GET" and "format=csv" not in e.path]


@pytest.fixture
def browser(users: dict[str, User], acme: Company, make_user: MakeUser) -> tuple[APIClient, World]:
    """Acme's owner signed in by session, and acme's books with something on every page."""
    eve = make_user("eve", (acme, Membership.Role.VIEWER))
    world = build_world(acme, Membership.objects.get(user=eve))
    client = APIClient()
    client.force_login(users["owner"])
    return client, world


@pytest.mark.parametrize("endpoint", PAGES, ids=lambda e: e.id)
def test_every_page_renders_as_html_for_a_session(browser, endpoint):
    client, world = browser

    response = endpoint.call(client, api(), world, HTTP_ACCEPT=HTML)

    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"].startswith("text/html")
    assert b"Django REST framework" in response.content


def test_the_api_root_links_to_the_companys_endpoints(browser):
    client, _ = browser

    body = client.get(api()).json()

    assert body["accounts"] == "http://testserver/t/acme/api/v1/accounts/"
    assert body["journal-entries"] == "http://testserver/t/acme/api/v1/journal-entries/"


def test_a_company_domain_serves_the_browsable_api_on_the_shared_mount(browser, acme):
    client, _ = browser
    Domain.objects.create(hostname="books.acme.test", company=acme)

    page = client.get("/api/v1/accounts/", HTTP_ACCEPT=HTML, HTTP_HOST="books.acme.test")
    root = client.get("/api/v1/", HTTP_HOST="books.acme.test").json()

    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert root["accounts"] == "http://books.acme.test/api/v1/accounts/"


def test_a_page_of_another_company_is_a_404_for_a_browser(browser, foo):
    client, _ = browser

    response = client.get(api("accounts/", slug="foo"), HTTP_ACCEPT=HTML)

    assert response.status_code == 404


def test_an_error_renders_as_html_too(browser):
    client, _ = browser

    response = client.get(api("reports/income-statement/"), HTTP_ACCEPT=HTML)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert b"invalid_parameter" in response.content
