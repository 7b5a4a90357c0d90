"""The fleet survey: every tenant's migration state read at once, and the fleet run built on it."""

from __future__ import annotations

import pytest

from tenants.migrating.fleet import migrate_fleet
from tenants.migrating.migrate import TenantResult, code_order
from tenants.migrating.survey import survey
from tenants.testing import lock_held_elsewhere
from tenants.tests.migration_support import is_up_to_date, last_migration, make_behind

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_survey_reports_each_tenant_in_order_without_changing_any(make_tenant):
    current = make_tenant("sv-current")
    (behind,) = make_behind(make_tenant, "sv-behind")
    empty = make_tenant("sv-empty", database="empty")
    lost = make_tenant("sv-lost", database=None)
    reported: list[TenantResult] = []

    results = survey([current, behind, empty, lost], threads=3, on_result=reported.append)

    assert [(r.slug, r.outcome) for r in results] == [
        ("sv-current", "up-to-date"),
        ("sv-behind", "pending"),
        ("sv-empty", "pending"),
        ("sv-lost", "failed"),
    ]
    assert reported == results
    assert results[1].pending == (last_migration(),)
    assert results[2].pending == code_order()
    assert results[2].applied == frozenset()
    assert "\n" not in results[3].detail
    assert results[3].detail.startswith("OperationalError")
    assert not is_up_to_date(behind)  # looked at, not touched


def test_a_fleet_run_reports_up_to_date_tenants_without_waiting_for_their_lock(make_tenant):
    current = make_tenant("sv-busy-current")
    (behind,) = make_behind(make_tenant, "sv-busy-behind")

    with lock_held_elsewhere("tenant:sv-busy-current"), lock_held_elsewhere("tenant:sv-busy-behind"):
        results = {r.slug: r for r in migrate_fleet([current, behind]) if not r.template}

    assert results["sv-busy-current"].outcome == "up-to-date"
    assert results["sv-busy-behind"].outcome == "failed"
    assert "TenantBusy" in results["sv-busy-behind"].detail


def test_a_fleet_run_migrates_only_the_tenants_that_are_behind(make_tenant):
    current = make_tenant("sv-run-current")
    behind = make_behind(make_tenant, "sv-run-a", "sv-run-b")
    reported: list[str] = []

    results = migrate_fleet([behind[0], current, behind[1]], on_result=lambda r: reported.append(r.slug))

    tenants = [r for r in results if not r.template]
    assert [(r.slug, r.outcome) for r in tenants] == [
        ("sv-run-a", "migrated"),
        ("sv-run-current", "up-to-date"),
        ("sv-run-b", "migrated"),
    ]
    assert sorted(s for s in reported if s.startswith("sv-")) == ["sv-run-a", "sv-run-b", "sv-run-current"]
    assert all(is_up_to_date(c) for c in behind)
