"""The ledger admin applies the company roles of the API: staff status opens no company, a viewer
reads, an accountant writes, an owner closes periods, cross-company grants as in the API.

Each member of staff below also holds every Django permission on the ledger's models, as an
operator's account often does: those permissions must not decide anything in a company's books.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from common.models import Company, Membership, RegistryEvent
from common.tests.factories import UserFactory
from ledger.actor import Actor
from ledger.models import Account, FiscalPeriod, JournalEntry
from ledger.seed import seed_tenant
from ledger.services.accounts import account_create
from pyledger_project.admin_site import SESSION_KEY
from tenants.routing.access import CROSS_COMPANY_EVENT
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .factories import EntryFactory

pytestmark = tenant_db

ROBOT = Actor(None, "robot")
DAY = date(2026, 3, 10)


@pytest.fixture
def books(acme: Company, foo: Company) -> None:
    """Both companies seeded, each with an account only it has and a draft entry."""
    for company in (acme, foo):
        with tenant_context(company):
            seed_tenant(company=company)
            account_create(code="9900", name=f"{company.name} only", type="expense", actor=ROBOT)
            EntryFactory.create(date=DAY, actor=ROBOT, memo="draft")


@pytest.fixture
def staff(django_user_model: Any, books: None) -> Any:
    """staff(username, *memberships, grants=(), superuser=False) -> a signed-in admin Client."""

    def make(
        username: str,
        *memberships: tuple[Company, str],
        grants: tuple[str, ...] = (),
        superuser: bool = False,
    ) -> Client:
        user = UserFactory.create(
            username=username, is_staff=True, is_superuser=superuser, memberships=memberships
        )
        user.user_permissions.add(*Permission.objects.filter(content_type__app_label="ledger"))
        user.user_permissions.add(*Permission.objects.filter(codename__in=grants))
        client = Client()
        client.force_login(user)
        return client

    return make


def in_company(client: Client, slug: str) -> Client:
    response = client.post("/admin/company/", {"company": slug})
    assert response.status_code == 302 and client.session[SESSION_KEY]["slug"] == slug, response
    return client


def account(company: Company, code: str) -> Account:
    with tenant_context(company):
        return Account.objects.get(code=code)


def rename(client: Client, company: Company, code: str, name: str) -> Any:
    """The change form of account `code`, sent with a new name and unticked `active`."""
    target = account(company, code)
    return client.post(
        f"/admin/ledger/account/{target.pk}/change/",
        {"name": name, "parent": target.parent_id or "", "currency": target.currency_id or ""},
    )


def action(client: Client, model: str, name: str, ids: list[int]) -> Any:
    return client.post(
        f"/admin/ledger/{model}/", {"action": name, "_selected_action": [str(pk) for pk in ids]}
    )


def period_of(company: Company) -> FiscalPeriod:
    with tenant_context(company):
        return FiscalPeriod.objects.get(start_date__lte=DAY, end_date__gte=DAY)


def draft_of(company: Company) -> JournalEntry:
    with tenant_context(company):
        return JournalEntry.objects.get(memo="draft")


def cross_company_rows() -> list[tuple[str, str, str, str, str]]:
    rows = RegistryEvent.objects.filter(action=CROSS_COMPANY_EVENT).order_by("id")
    return [
        (e.actor_name, e.company_slug, e.details["kind"], e.details["grant"], e.details["interface"])
        for e in rows
    ]


# --- staff without a membership ------------------------------------------------------------------


def test_staff_see_only_their_companies_on_the_switcher(staff: Any, acme: Company) -> None:
    client = staff("stan", (acme, Membership.Role.OWNER))

    page = client.get("/admin/company/").content

    assert b'data-slug="acme"' in page and b'data-slug="foo"' not in page


def test_staff_cannot_choose_a_company_they_are_no_member_of(staff: Any, acme: Company) -> None:
    client = staff("stan", (acme, Membership.Role.OWNER))

    response = client.post("/admin/company/", {"company": "foo"})

    assert response.status_code == 302 and response["Location"].startswith("/admin/company/")
    assert SESSION_KEY not in client.session


def test_staff_whose_membership_ends_lose_the_books_at_once(staff: Any, foo: Company) -> None:
    client = in_company(staff("stan", (foo, Membership.Role.OWNER)), "foo")
    Membership.objects.filter(company=foo).delete()

    response = client.get("/admin/ledger/account/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/company/")
    assert SESSION_KEY not in client.session


def test_the_index_shows_no_books_to_staff_of_no_company(staff: Any) -> None:
    page = staff("stan").get("/admin/").content.decode()

    assert "/admin/ledger/account/" not in page


# --- members by role --------------------------------------------------------------------------


def test_a_viewer_sees_account_1000_read_only(staff: Any, foo: Company) -> None:
    client = in_company(staff("vera", (foo, Membership.Role.VIEWER)), "foo")
    target = account(foo, "1000")

    page = client.get(f"/admin/ledger/account/{target.pk}/change/")

    assert page.status_code == 200
    assert b'name="_save"' not in page.content and b'name="name"' not in page.content


def test_a_viewer_cannot_rename_or_deactivate_account_1000(staff: Any, foo: Company) -> None:
    client = in_company(staff("vera", (foo, Membership.Role.VIEWER)), "foo")

    renamed = rename(client, foo, "1000", "Renamed")
    deactivated = action(client, "account", "deactivate", [account(foo, "1000").pk])

    assert renamed.status_code == 403
    assert deactivated.status_code in (200, 302)
    after = account(foo, "1000")
    assert (after.name, after.is_active) == ("Assets", True)


def test_a_viewer_cannot_add_or_delete(staff: Any, foo: Company) -> None:
    client = in_company(staff("vera", (foo, Membership.Role.VIEWER)), "foo")
    draft = draft_of(foo)

    assert client.get("/admin/ledger/account/add/").status_code == 403
    assert client.get("/admin/ledger/journalentry/add/").status_code == 403
    assert client.post(f"/admin/ledger/journalentry/{draft.pk}/delete/", {"post": "yes"}).status_code == 403
    assert (
        client.post(f"/admin/ledger/account/{account(foo, '9900').pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    with tenant_context(foo):
        assert JournalEntry.objects.filter(pk=draft.pk).exists()


def test_an_accountant_renames_an_account_and_posts_a_draft(staff: Any, foo: Company) -> None:
    client = in_company(staff("alan", (foo, Membership.Role.ACCOUNTANT)), "foo")
    draft = draft_of(foo)

    assert rename(client, foo, "1000", "All assets").status_code == 302
    action(client, "journalentry", "post_drafts", [draft.pk])

    assert account(foo, "1000").name == "All assets"
    assert draft_of(foo).status == JournalEntry.Status.POSTED


def test_an_accountant_cannot_close_a_period(staff: Any, foo: Company) -> None:
    client = in_company(staff("alan", (foo, Membership.Role.ACCOUNTANT)), "foo")
    period = period_of(foo)

    action(client, "fiscalperiod", "close_periods", [period.pk])

    assert period_of(foo).status == FiscalPeriod.Status.OPEN
    assert b"close_periods" not in client.get("/admin/ledger/fiscalperiod/").content


def test_an_owner_closes_a_period(staff: Any, foo: Company) -> None:
    client = in_company(staff("olga", (foo, Membership.Role.OWNER)), "foo")
    period = period_of(foo)

    action(client, "fiscalperiod", "close_periods", [period.pk])

    assert period_of(foo).status == FiscalPeriod.Status.CLOSED


def test_a_membership_in_acme_opens_nothing_in_foo(staff: Any, acme: Company) -> None:
    client = in_company(staff("olga", (acme, Membership.Role.OWNER)), "acme")

    rows = client.get("/admin/ledger/account/?q=only").content.decode()

    assert "Acme only" in rows and "Foo only" not in rows


# --- cross-company grants ------------------------------------------------------------------------


def test_view_all_books_reads_any_company_but_changes_nothing(staff: Any, foo: Company) -> None:
    client = in_company(staff("audrey", grants=("view_all_books",)), "foo")

    assert "Foo only" in client.get("/admin/ledger/account/").content.decode()
    assert rename(client, foo, "1000", "Renamed").status_code == 403
    assert account(foo, "1000").name == "Assets"
    assert cross_company_rows() == [("audrey", "foo", "read", "view_all_books", "admin")]


def test_change_all_books_writes_and_is_recorded(staff: Any, foo: Company) -> None:
    client = in_company(staff("sue", grants=("change_all_books",)), "foo")

    client.get("/admin/ledger/account/")
    assert rename(client, foo, "1000", "All assets").status_code == 302

    assert account(foo, "1000").name == "All assets"
    assert cross_company_rows() == [
        ("sue", "foo", "read", "change_all_books", "admin"),
        ("sue", "foo", "write", "change_all_books", "admin"),
    ]


def test_change_all_books_cannot_close_a_period(staff: Any, foo: Company) -> None:
    client = in_company(staff("sue", grants=("change_all_books",)), "foo")

    action(client, "fiscalperiod", "close_periods", [period_of(foo).pk])

    assert period_of(foo).status == FiscalPeriod.Status.OPEN


def test_a_superuser_closes_a_period_of_any_company_and_is_recorded(staff: Any, foo: Company) -> None:
    client = in_company(staff("root", superuser=True), "foo")

    action(client, "fiscalperiod", "close_periods", [period_of(foo).pk])

    assert period_of(foo).status == FiscalPeriod.Status.CLOSED
    assert cross_company_rows() == [("root", "foo", "write", "superuser", "admin")]


# --- pages around the books ----------------------------------------------------------------------

AUTOCOMPLETE = "/admin/autocomplete/?app_label=ledger&model_name=account&field_name=parent&term=only"


def test_autocomplete_searches_the_chosen_companys_books(staff: Any, acme: Company) -> None:
    client = in_company(staff("olga", (acme, Membership.Role.VIEWER)), "acme")

    response = client.get(AUTOCOMPLETE)

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["9900 Acme only"]


def test_autocomplete_ignores_a_company_named_by_header(staff: Any, acme: Company, foo: Company) -> None:
    client = in_company(staff("olga", (acme, Membership.Role.VIEWER), (foo, Membership.Role.VIEWER)), "acme")

    response = client.get(AUTOCOMPLETE, headers={"X-Tenant": "foo"})

    assert [r["text"] for r in response.json()["results"]] == ["9900 Acme only"]


def test_autocomplete_of_the_books_needs_a_company(staff: Any, acme: Company) -> None:
    client = staff("olga", (acme, Membership.Role.OWNER))

    response = client.get(AUTOCOMPLETE)

    assert response.status_code == 302 and response["Location"].startswith("/admin/company/")
