"""Helpers of the API tests: URLs, error assertions, and a company's books with something in them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from common.models import Company, Membership, TaxRate
from common.tests.factories import PASSWORD  # of every user the fixtures make  # noqa: F401
from ledger.actor import Actor
from ledger.models import FiscalYear
from ledger.seed import seed_tenant
from ledger.services.closing import fiscal_year_close
from ledger.services.entries import journal_entry_create
from ledger.services.periods import fiscal_year_create, period_close, period_for
from tenants.routing.context import tenant_context

ERROR_KEYS = {"code", "message", "fields"}


def known_bug(where: str) -> pytest.MarkDecorator:
    """Mark a test that fails because of a reported bug outside the API layer.

    Strict: once the bug is fixed the test passes, the run fails, and the mark must go.
    """
    return pytest.mark.xfail(strict=True, reason=f"reported bug: {where}")


SETUP = Actor(None, "setup")


def api(path: str = "", slug: str = "acme") -> str:
    """The URL of a company-scoped endpoint: api("accounts/") -> /t/acme/api/v1/accounts/."""
    return f"/t/{slug}/api/v1/{path}"


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """Assert an error answer: `status`, JSON in the one error shape, `code` when given."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body: dict[str, Any] = response.json()
    assert set(body) == ERROR_KEYS, body
    assert isinstance(body["code"], str) and body["code"], body
    assert isinstance(body["message"], str) and "Traceback" not in body["message"], body
    assert isinstance(body["fields"], dict), body
    if code is not None:
        assert body["code"] == code, body
    return body


def entry_body(
    amount: str = "100.00",
    *,
    debit: str = "1120",
    credit: str = "4100",
    day: str = "2026-03-02",
    status: str = "posted",
    **extra: Any,
) -> dict[str, Any]:
    """A two-line entry as the API takes it."""
    return {
        "date": day,
        "status": status,
        "lines": [{"account": debit, "debit": amount}, {"account": credit, "credit": amount}],
        **extra,
    }


US_TAX_RATES = [("NY-SALES", "New York City sales tax", "8.8750"), ("EXEMPT", "Exempt", "0.0000")]


def seed(company: Company, *, country: str = "US") -> Company:
    """Set up `company`'s books (with the country's tax codes)."""
    # Common tax rates come from a data migration, which a flushing test elsewhere may undo.
    for code, name, rate in US_TAX_RATES:
        TaxRate.objects.get_or_create(
            country="US",
            code=code,
            valid_from=date(2020, 1, 1),
            defaults={"name": name, "rate": Decimal(rate)},
        )
    if company.country != country:
        company.country = country
        company.save(update_fields=["country"])
    with tenant_context(company):
        seed_tenant(company=company)
    return company


@dataclass(frozen=True)
class World:
    """Acme's books with one row for every endpoint to act on."""

    posted: int  # a posted entry, 2026-03-02, 1120 / 4100 100.00
    draft: int  # a draft, 2026-03-03
    open_period: int  # 2026-04, open
    closed_period: int  # 2026-05, closed
    open_year: int  # 2025, open and empty
    closed_year: int  # 2024, closed
    member: int  # eve's membership (viewer)


def build_world(company: Company, member: Membership) -> World:
    seed(company)
    lines = [{"account": "1120", "debit": "100.00"}, {"account": "4100", "credit": "100.00"}]
    with tenant_context(company):
        posted = journal_entry_create(date=date(2026, 3, 2), lines=lines, actor=SETUP, post=True)
        draft = journal_entry_create(date=date(2026, 3, 3), lines=lines, actor=SETUP)
        open_period = period_for(date(2026, 4, 1))
        closed_period = period_close(period=period_for(date(2026, 5, 1)), actor=SETUP)
        open_year = fiscal_year_create(start=date(2025, 1, 1), actor=SETUP)
        closed_year = fiscal_year_create(start=date(2024, 1, 1), actor=SETUP)
        fiscal_year_close(year=closed_year, actor=SETUP)
        assert FiscalYear.objects.get(pk=closed_year.pk).status == FiscalYear.Status.CLOSED
    return World(
        posted=posted.pk,
        draft=draft.pk,
        open_period=open_period.pk,
        closed_period=closed_period.pk,
        open_year=open_year.pk,
        closed_year=closed_year.pk,
        member=member.pk,
    )


VIEWER, ACCOUNTANT, OWNER = "viewer", "accountant", "owner"


@dataclass(frozen=True)
class Endpoint:
    """One company-scoped endpoint and method, the least role allowed, and its success status."""

    method: str
    path: str  # relative to .../api/v1/; {posted}, {draft}, ... are World fields
    role: str
    status: int
    body: Any = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def needs_world(self) -> bool:
        return "{" in self.path

    def url(self, world: World | None = None) -> str:
        ids = vars(world) if world is not None else {name: 1 for name in World.__dataclass_fields__}
        return self.path.format(**ids)

    def call(self, client: Any, prefix: str, world: World | None = None, **extra: Any) -> Any:
        method = getattr(client, self.method.lower())
        if self.body is None:
            return method(prefix + self.url(world), **extra)
        return method(prefix + self.url(world), self.body, format="json", **extra)


_DRAFT_BODY = {k: v for k, v in entry_body("5.00", day="2026-03-04").items() if k != "status"}

ENDPOINTS = [
    Endpoint("GET", "", VIEWER, 200),
    Endpoint("GET", "accounts/", VIEWER, 200),
    Endpoint("GET", "accounts/?tree=1", VIEWER, 200),
    Endpoint("GET", "accounts/1120/", VIEWER, 200),
    Endpoint("POST", "accounts/", ACCOUNTANT, 201, {"code": "7000", "name": "Other", "type": "expense"}),
    Endpoint("PATCH", "accounts/1120/", ACCOUNTANT, 200, {"name": "Main bank"}),
    Endpoint("POST", "accounts/1140/deactivate/", ACCOUNTANT, 200),
    Endpoint("DELETE", "accounts/1130/", ACCOUNTANT, 204),
    Endpoint("GET", "journal-entries/", VIEWER, 200),
    Endpoint("GET", "journal-entries/{posted}/", VIEWER, 200),
    Endpoint("POST", "journal-entries/", ACCOUNTANT, 201, entry_body()),
    Endpoint("PUT", "journal-entries/{draft}/", ACCOUNTANT, 200, _DRAFT_BODY),
    Endpoint("DELETE", "journal-entries/{draft}/", ACCOUNTANT, 204),
    Endpoint("POST", "journal-entries/{draft}/post/", ACCOUNTANT, 200),
    Endpoint("POST", "journal-entries/{posted}/reverse/", ACCOUNTANT, 201, {"memo": "Undo"}),
    Endpoint("GET", "periods/", VIEWER, 200),
    Endpoint("POST", "periods/{open_period}/close/", OWNER, 200),
    Endpoint("POST", "periods/{closed_period}/reopen/", OWNER, 200, {"reason": "Late invoice"}),
    Endpoint("GET", "fiscal-years/", VIEWER, 200),
    Endpoint("POST", "fiscal-years/", OWNER, 201, {"date": "2031-05-01"}),
    Endpoint("POST", "fiscal-years/{open_year}/close/", OWNER, 200),
    Endpoint("POST", "fiscal-years/{closed_year}/reopen/", OWNER, 200, {"reason": "Audit"}),
    Endpoint("GET", "exchange-rates/", VIEWER, 200),
    Endpoint(
        "POST", "exchange-rates/", ACCOUNTANT, 201, {"currency": "EUR", "date": "2026-03-01", "rate": "1.1"}
    ),
    Endpoint("GET", "tax-codes/", VIEWER, 200),
    Endpoint("GET", "audit-events/", VIEWER, 200),
    Endpoint("GET", "members/", VIEWER, 200),
    Endpoint("POST", "members/", OWNER, 201, {"username": "newbie", "role": "viewer"}),
    Endpoint("PATCH", "members/{member}/", OWNER, 200, {"role": "accountant"}),
    Endpoint("DELETE", "members/{member}/", OWNER, 204),
    Endpoint("GET", "reports/trial-balance/?as_of=2026-12-31", VIEWER, 200),
    Endpoint("GET", "reports/balance-sheet/?as_of=2026-12-31", VIEWER, 200),
    Endpoint("GET", "reports/income-statement/?from=2026-01-01&to=2026-12-31", VIEWER, 200),
    Endpoint("GET", "reports/general-ledger/?account=1120&from=2026-01-01&to=2026-12-31", VIEWER, 200),
    Endpoint("GET", "reports/monthly/?from=2026-01-01&to=2026-12-31", VIEWER, 200),
    Endpoint("GET", "reports/trial-balance/?as_of=2026-12-31&format=csv", VIEWER, 200),
]
