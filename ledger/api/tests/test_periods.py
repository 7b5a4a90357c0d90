"""Periods and fiscal years over the API: listing, closing, reopening, the year-end close."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from ledger.models import AuditEvent
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .support import api, assert_error, entry_body

pytestmark = tenant_db


def period(client: APIClient, start: str) -> dict[str, Any]:
    periods: list[dict[str, Any]] = client.get(api("periods/")).json()
    return next(p for p in periods if p["start_date"] == start)


def year(client: APIClient, name: str) -> dict[str, Any]:
    years: list[dict[str, Any]] = client.get(api("fiscal-years/")).json()
    return next(y for y in years if y["name"] == name)


@pytest.fixture
def year_2026(owner):
    """FY2026 with one sale in March (income 100) and one expense in May (rent 30)."""
    owner.post(api("journal-entries/"), entry_body("100.00", day="2026-03-02"), format="json")
    owner.post(
        api("journal-entries/"),
        entry_body("30.00", day="2026-05-02", debit="6100", credit="1120"),
        format="json",
    )
    return year(owner, "FY2026")


def test_periods_and_years_are_listed_in_order(owner, year_2026):
    periods = owner.get(api("periods/")).json()
    years = owner.get(api("fiscal-years/")).json()

    assert [p["start_date"] for p in periods] == [f"2026-{m:02}-01" for m in range(1, 13)]
    assert periods[1] == {
        "id": periods[1]["id"],
        "fiscal_year": "FY2026",
        "number": 2,
        "start_date": "2026-02-01",
        "end_date": "2026-02-28",
        "status": "open",
    }
    assert years == [
        {
            "id": year_2026["id"],
            "name": "FY2026",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "status": "open",
            "closed_at": None,
        }
    ]


def test_an_owner_closes_a_period_and_nothing_more_is_posted_into_it(owner, year_2026):
    march = period(owner, "2026-03-01")

    response = owner.post(api(f"periods/{march['id']}/close/"))
    again = owner.post(api(f"periods/{march['id']}/close/"))

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    assert again.status_code == 200
    assert_error(
        owner.post(api("journal-entries/"), entry_body(day="2026-03-31"), format="json"), 409, "period_closed"
    )
    assert owner.post(api("journal-entries/"), entry_body(day="2026-04-01"), format="json").status_code == 201


def test_a_reversal_into_a_closed_period_is_refused_and_one_dated_later_is_not(owner, year_2026):
    entry = owner.get(api("journal-entries/?date_to=2026-03-31")).json()["results"][0]
    owner.post(api(f"periods/{period(owner, '2026-03-01')['id']}/close/"))

    refused = owner.post(api(f"journal-entries/{entry['id']}/reverse/"))
    later = owner.post(api(f"journal-entries/{entry['id']}/reverse/"), {"date": "2026-04-01"}, format="json")

    assert_error(refused, 409, "period_closed")
    assert later.status_code == 201


def test_an_owner_reopens_a_period_with_a_reason_that_is_audited(owner, year_2026):
    march = period(owner, "2026-03-01")
    owner.post(api(f"periods/{march['id']}/close/"))

    response = owner.post(api(f"periods/{march['id']}/reopen/"), {"reason": "Late invoice"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "open"
    assert owner.post(api("journal-entries/"), entry_body(day="2026-03-31"), format="json").status_code == 201
    with tenant_context("acme"):
        event = AuditEvent.objects.get(action="reopen", object_type="fiscalperiod")
    assert event.data["reason"] == "Late invoice"
    assert event.actor_name == "olga"


def test_the_year_end_close_moves_the_result_into_retained_earnings(owner, year_2026):
    response = owner.post(api(f"fiscal-years/{year_2026['id']}/close/"))

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    assert response.json()["closed_at"]
    assert {p["status"] for p in owner.get(api("periods/")).json()} == {"closed"}
    balances = {
        row["code"]: row["balance"] for row in owner.get(api("accounts/?as_of=2026-12-31")).json()["results"]
    }
    assert (balances["4100"], balances["6100"]) == ("0.00", "0.00")
    assert balances["3200"] == "-70.00"
    closing = owner.get(api("journal-entries/?reference=CLOSE-FY2026")).json()["results"]
    assert len(closing) == 1
    assert closing[0]["date"] == "2026-12-31"


def test_a_closed_year_is_not_closed_again_and_its_periods_stay_shut(owner, year_2026):
    owner.post(api(f"fiscal-years/{year_2026['id']}/close/"))
    march = period(owner, "2026-03-01")

    assert_error(owner.post(api(f"fiscal-years/{year_2026['id']}/close/")), 409, "fiscal_year_closed")
    assert_error(owner.post(api(f"periods/{march['id']}/reopen/")), 409, "fiscal_year_closed")
    assert_error(
        owner.post(api("journal-entries/"), entry_body(day="2026-06-01"), format="json"), 409, "period_closed"
    )


def test_an_owner_reopens_a_closed_year(owner, year_2026):
    owner.post(api(f"fiscal-years/{year_2026['id']}/close/"))

    response = owner.post(api(f"fiscal-years/{year_2026['id']}/reopen/"), {"reason": "Audit"}, format="json")
    march = period(owner, "2026-03-01")
    reopened = owner.post(api(f"periods/{march['id']}/reopen/"))

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["closed_at"]) == ("open", None)
    assert reopened.json()["status"] == "open"


@pytest.mark.parametrize("pk", ["999999", "abc", "-1", "1e3", "99999999999999999999999"])
@pytest.mark.parametrize(
    "action", ["periods/{}/close/", "periods/{}/reopen/", "fiscal-years/{}/close/", "fiscal-years/{}/reopen/"]
)
def test_an_unknown_or_malformed_id_is_a_404(owner, pk, action):
    assert_error(owner.post(api(action.format(pk))), 404, "not_found")


@pytest.mark.parametrize("body", [{"reason": ["x"]}, {"reason": "x" * 501}, [1], "text"])
def test_a_malformed_reason_is_a_400(owner, year_2026, body):
    march = period(owner, "2026-03-01")
    owner.post(api(f"periods/{march['id']}/close/"))

    assert_error(owner.post(api(f"periods/{march['id']}/reopen/"), body, format="json"), 400)


def test_an_owner_opens_a_future_year_and_can_close_its_first_period_before_any_entry(owner):
    response = owner.post(api("fiscal-years/"), {"date": "2030-06-15"}, format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["name"], response.json()["start_date"]) == ("FY2030", "2030-01-01")
    january = next(p for p in owner.get(api("periods/")).json() if p["start_date"] == "2030-01-01")
    assert owner.post(api(f"periods/{january['id']}/close/")).json()["status"] == "closed"


def test_opening_a_year_that_exists_is_a_409_and_a_bad_date_a_400(owner):
    owner.post(api("fiscal-years/"), {"date": "2030-06-15"}, format="json")

    assert_error(
        owner.post(api("fiscal-years/"), {"date": "2030-01-01"}, format="json"), 409, "fiscal_year_exists"
    )
    assert_error(owner.post(api("fiscal-years/"), {"date": "2030-W01"}, format="json"), 400)
    assert_error(owner.post(api("fiscal-years/"), {}, format="json"), 400)
    assert [y["name"] for y in owner.get(api("fiscal-years/")).json()].count("FY2030") == 1
