"""The recurring-entries endpoints: create, change, pause, resume, run now, history, preview;
bad input in the one error shape; isolation and roles, in the API and the admin."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from common.models import Company, Membership
from ledger.api.tests.conftest import ClientFor
from ledger.models import JournalEntry
from ledger.seed import seed_tenant
from recurring.models import RecurringEntry
from tenants.routing.context import tenant_context

from .conftest import RENT_LINES

pytestmark = pytest.mark.django_db(databases="__all__")
BASE = "/t/acme/api/v1/recurring-entries"
RENT = {"name": "Rent", "lines": RENT_LINES, "frequency": "monthly", "day": 1, "start_date": "2026-01-01"}
TODAY = "recurring.api.views.timezone.localdate"


def create(client: APIClient, **changes: Any) -> Any:
    return client.post(f"{BASE}/", {**RENT, **changes}, format="json")


def test_an_accountant_creates_a_template_and_reads_its_next_dates(users, client_for, books):
    alan = client_for(users["accountant"])
    answer = create(alan, day=31, end_date="2026-04-30", post=False)
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["next_run"] == "2026-01-31" and body["post"] is False and body["paused"] is False
    assert body["upcoming"] == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]
    assert body["lines"][0] == {
        "account": "6200", "debit": "1500.00", "credit": None, "currency": None, "tax_code": None,
        "description": "Office rent",
    }  # fmt: skip
    assert body["created_by_name"] == "alan" and body["failed"] == 0
    listing = client_for(users["viewer"]).get(f"{BASE}/").json()
    assert [t["name"] for t in listing] == ["Rent"]


def test_run_now_books_the_due_dates_once_and_the_history_shows_them(users, client_for, books):
    alan = client_for(users["accountant"])
    template = create(alan).json()
    with mock.patch(TODAY, return_value=date(2026, 2, 10)):
        first = alan.post(f"{BASE}/{template['id']}/run/")
        second = alan.post(f"{BASE}/{template['id']}/run/")
    assert first.status_code == 200, first.json()
    assert [o["date"] for o in first.json()["booked"]] == ["2026-01-01", "2026-02-01"]
    assert (
        first.json()["booked"][0]["entry_status"] == "posted"
        and first.json()["template"]["next_run"] == "2026-03-01"
    )
    assert second.json()["booked"] == [] and JournalEntry.objects.count() == 2
    history = client_for(users["viewer"]).get(f"{BASE}/{template['id']}/occurrences/").json()
    assert [(o["date"], o["status"]) for o in history] == [("2026-02-01", "posted"), ("2026-01-01", "posted")]
    assert history[0]["entry_label"].endswith("-2")


def test_pause_resume_and_change(users, client_for, books):
    alan = client_for(users["accountant"])
    template = create(alan).json()
    url = f"{BASE}/{template['id']}/"
    paused = alan.post(f"{url}pause/").json()
    assert paused["paused"] is True and paused["upcoming"] == []
    with mock.patch(TODAY, return_value=date(2026, 3, 2)):
        assert alan.post(f"{url}run/").json()["booked"] == []
        resumed = alan.post(f"{url}resume/").json()
    assert resumed["paused"] is False and resumed["next_run"] == "2026-04-01"
    changed = alan.patch(url, {"day": 15, "name": "Office rent"}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["name"] == "Office rent" and changed.json()["next_run"] == "2026-01-15"


def test_preview_shows_the_dates_of_a_schedule_before_it_is_saved(users, client_for, books):
    answer = client_for(users["viewer"]).post(
        f"{BASE}/preview/",
        {"frequency": "monthly", "day": 31, "start_date": "2028-01-01", "count": 3},
        format="json",
    )
    assert answer.status_code == 200
    assert answer.json() == {"dates": ["2028-01-31", "2028-02-29", "2028-03-31"]}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"frequency": "daily"}, "frequency"),
        ({"day": 32}, "day"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"end_date": "2025-12-31"}, "end_date"),
        ({"lines": "rent"}, "lines"),
        ({"lines": [{"account": "6200", "debit": "10"}, {"account": "1120", "credit": "11"}]}, "lines"),
        ({"lines": [{"account": "nope", "debit": "10"}, {"account": "1120", "credit": "10"}]}, "lines"),
        ({"interval": 0}, "interval"),
    ],
)
def test_bad_input_is_400_in_the_one_error_shape(users, client_for, books, changes, field):
    answer = create(client_for(users["accountant"]), **changes)
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert set(body) == {"code", "message", "fields"} and field in body["fields"]
    assert not RecurringEntry.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [("viewer", 403), ("accountant", 201), ("owner", 201), ("non-member", 404), ("staff", 404)],
)
def test_accountants_and_owners_create_viewers_do_not(users, client_for, books, role, expected):
    assert create(client_for(users[role])).status_code == expected


@pytest.mark.parametrize("role", ["viewer", "non-member"])
def test_viewers_cannot_run_pause_or_change_and_outsiders_see_nothing(users, client_for, books, role):
    template = create(client_for(users["accountant"])).json()
    client = client_for(users[role])
    url = f"{BASE}/{template['id']}/"
    expected = 403 if role == "viewer" else 404
    for action in ("run/", "pause/", "resume/"):
        assert client.post(url + action).status_code == expected
    assert client.patch(url, {"name": "x"}, format="json").status_code == expected
    reading = 200 if role == "viewer" else 404
    assert client.get(url).status_code == reading
    assert client.get(f"{url}occurrences/").status_code == reading
    assert not JournalEntry.objects.exists()


def test_another_company_gets_nothing(
    users: dict[str, User], client_for: ClientFor, books: Company, foo: Company
) -> None:
    template = create(client_for(users["owner"])).json()
    mallory = client_for(users["non-member"])
    with tenant_context(foo):
        seed_tenant(company=foo)
    own = "/t/foo/api/v1/recurring-entries"
    assert mallory.get(f"{own}/").json() == []
    assert mallory.get(f"{own}/{template['id']}/").status_code == 404
    assert mallory.post(f"{own}/{template['id']}/run/").status_code == 404


def test_staff_read_templates_in_the_admin_and_change_nothing(
    users: dict[str, User], client_for: ClientFor, books: Company, admin_client: Client, foo: Company
) -> None:
    template = create(client_for(users["owner"])).json()
    admin_client.post("/admin/company/", {"company": "acme"})
    listing = admin_client.get("/admin/recurring/recurringentry/")
    assert listing.status_code == 200 and b"Rent" in listing.content
    change = f"/admin/recurring/recurringentry/{template['id']}/change/"
    assert admin_client.get(change).status_code == 200
    assert admin_client.get("/admin/recurring/recurringentry/add/").status_code == 403
    delete = f"/admin/recurring/recurringentry/{template['id']}/delete/"
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.get("/admin/recurring/occurrence/").status_code == 200
    with tenant_context(foo):
        seed_tenant(company=foo)
    admin_client.post("/admin/company/", {"company": "foo"})
    assert b"Rent" not in admin_client.get("/admin/recurring/recurringentry/").content
    assert admin_client.get(change).status_code in (302, 404)


def test_an_admin_of_another_company_cannot_open_acmes_templates(users, client_for, books, django_user_model):
    template = create(client_for(users["owner"])).json()
    stan = django_user_model.objects.create_user(username="stan2", password="x", is_staff=True)
    Membership.objects.create(user=stan, company=Company.objects.get(slug="foo"), role=Membership.Role.OWNER)
    client = Client()
    client.force_login(stan)
    client.post("/admin/company/", {"company": "acme"})
    change = f"/admin/recurring/recurringentry/{template['id']}/change/"
    assert client.get(change).status_code in (302, 403, 404)


def test_a_viewer_on_the_staff_reads_templates_in_the_admin_but_adds_none(
    users, client_for, books, django_user_model
):
    from django.contrib.auth.models import Permission

    template = create(client_for(users["owner"])).json()
    vera = django_user_model.objects.create_user(username="vera2", password="x", is_staff=True)
    vera.user_permissions.add(*Permission.objects.filter(content_type__app_label="recurring"))
    Membership.objects.create(
        user=vera, company=Company.objects.get(slug="acme"), role=Membership.Role.VIEWER
    )
    client = Client()
    client.force_login(vera)
    assert client.post("/admin/company/", {"company": "acme"}).status_code == 302
    assert client.get("/admin/recurring/recurringentry/").status_code == 200
    assert client.get(f"/admin/recurring/recurringentry/{template['id']}/change/").status_code == 200
    assert client.get("/admin/recurring/recurringentry/add/").status_code == 403
    assert RecurringEntry.objects.using("tenant_acme").count() == 1


def test_a_bad_change_is_400_and_changes_nothing(users, client_for, books):
    alan = client_for(users["accountant"])
    template = create(alan).json()
    url = f"{BASE}/{template['id']}/"
    unbalanced = [{"account": "6200", "debit": "10"}, {"account": "1120", "credit": "11"}]
    for body, field in (
        ({"lines": unbalanced}, "lines"),
        ({"end_date": "2025-01-01"}, "end_date"),
        ({"day": 0}, "day"),
    ):
        answer = alan.patch(url, body, format="json")
        assert answer.status_code == 400, answer.content
        assert field in answer.json()["fields"]
    assert alan.get(url).json()["lines"] == template["lines"]


def test_run_now_reports_a_closed_period_and_the_template_counts_it(users, client_for, books):
    from ledger.services.periods import period_close, period_for

    from .conftest import ALICE

    alan = client_for(users["accountant"])
    template = create(alan).json()
    period_close(period=period_for(date(2026, 1, 1)), actor=ALICE)
    with mock.patch(TODAY, return_value=date(2026, 2, 1)):
        body = alan.post(f"{BASE}/{template['id']}/run/").json()
    assert [o["date"] for o in body["booked"]] == ["2026-02-01"]
    (failed,) = body["failed"]
    assert (failed["date"], failed["status"], failed["error_code"], failed["entry"]) == (
        "2026-01-01", "failed", "period_closed", None,
    )  # fmt: skip
    assert body["template"]["failed"] == 1 and body["template"]["next_run"] == "2026-03-01"
