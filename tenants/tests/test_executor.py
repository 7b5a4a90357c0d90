"""The fleet's migrator (tenants.migrating.executor): the same databases as Django's `migrate`, faster."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.models.signals import post_migrate, pre_migrate

from common.models import Company
from tenants.migrating.executor import forward_plan, migrate_alias
from tenants.migrating.migrate import code_order, migrate_company
from tenants.migrating.reversibility import schema_summary
from tenants.routing.connections import register_company, unregister
from tenants.testing import run_sql
from tenants.tests.migration_support import make_behind, swapped_migrations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def recorded(alias: str) -> set[tuple[str, str]]:
    from django.db import connections

    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        return set(cursor.fetchall())


@pytest.fixture
def aliases() -> Iterator[list[str]]:
    made: list[str] = []
    yield made
    for alias in made:
        unregister(alias)


def alias_of(company: Company, aliases: list[str]) -> str:
    aliases.append(register_company(company))
    return aliases[-1]


def test_it_builds_the_same_schema_as_djangos_migrate(make_tenant, aliases):
    ours = alias_of(make_tenant("ex-ours", database="empty"), aliases)
    theirs = alias_of(make_tenant("ex-theirs", database="empty"), aliases)
    template = alias_of(make_tenant("ex-template"), aliases)

    applied = migrate_alias(ours)
    for app in settings.PYLEDGER_TENANT_APPS:
        call_command("migrate", app, database=theirs, interactive=False, verbosity=0)

    assert applied == list(code_order())
    assert schema_summary(ours) == schema_summary(theirs) == schema_summary(template)
    assert recorded(ours) == recorded(theirs)


def test_tenants_with_different_histories_each_reach_the_head(make_tenant, aliases):
    # The cached state is per applied set: an empty database and one a migration behind must not
    # share it.
    empty = alias_of(make_tenant("ex-empty", database="empty"), aliases)
    (behind_company,) = make_behind(make_tenant, "ex-behind")
    behind = alias_of(behind_company, aliases)
    head = alias_of(make_tenant("ex-head"), aliases)

    assert migrate_alias(empty) == list(code_order())
    assert migrate_alias(behind) == [code_order()[-1]]
    assert migrate_alias(head) == []

    assert schema_summary(empty) == schema_summary(behind) == schema_summary(head)


def test_create_and_drop_operations_match_djangos_migrate_too(make_tenant, aliases):
    ours = alias_of(make_tenant("ex-d-ours"), aliases)
    theirs = alias_of(make_tenant("ex-d-theirs"), aliases)

    with swapped_migrations("destructive"):
        assert [name for _, name in migrate_alias(ours)] == ["0900_probe_add", "0901_probe_remove"]
        call_command("migrate", "ledger", database=theirs, interactive=False, verbosity=0)

        assert schema_summary(ours) == schema_summary(theirs)
        assert recorded(ours) == recorded(theirs)


def test_pre_and_post_migrate_are_sent_for_the_tenant_database(make_tenant, aliases):
    alias = alias_of(make_tenant("ex-signals", database="empty"), aliases)
    seen: list[tuple[str, str, int, Any]] = []

    def receiver(sender: Any, signal: Any, using: str, plan: list[Any], apps: Any, **kwargs: Any) -> None:
        if sender.label != "ledger":
            return
        if signal is pre_migrate:  # the state before: an empty database has no ledger models yet
            seen.append(("pre", using, len(plan), set()))
        else:
            fields = {f.name for f in apps.get_model("ledger", "Account")._meta.get_fields()}
            seen.append(("post", using, len(plan), fields))

    pre_migrate.connect(receiver)
    post_migrate.connect(receiver)
    try:
        migrate_alias(alias)
    finally:
        pre_migrate.disconnect(receiver)
        post_migrate.disconnect(receiver)

    assert [(when, using, count) for when, using, count, _ in seen] == [
        ("pre", alias, len(code_order())),
        ("post", alias, len(code_order())),
    ]
    post_fields = seen[1][3]
    assert {"code", "name", "parent"} <= post_fields  # the receivers see the migrated models


def test_a_migration_recorded_before_its_dependency_is_refused_in_one_line(make_tenant, aliases):
    company = make_tenant("ex-inconsistent")
    first = code_order()[0]
    run_sql(company, f"DELETE FROM django_migrations WHERE app = 'ledger' AND name = '{first[1]}'")  # noqa: S608

    with pytest.raises(InconsistentMigrationHistory) as info:
        migrate_alias(alias_of(company, aliases))
    with pytest.raises(CommandError) as command:
        call_command("migrate_tenant", "ex-inconsistent")

    assert f"before its dependency ledger.{first[1]}" in str(info.value)
    assert "InconsistentMigrationHistory" in str(command.value)
    assert "\n" not in str(command.value)


def test_squashed_migrations_go_through_djangos_migrate(make_tenant, aliases):
    company = make_tenant("ex-squashed")

    with swapped_migrations("squashed"):
        result = migrate_company(company)

        assert result.outcome == "migrated", result.detail
        assert ("ledger", "0900_probe_squashed") in (result.applied or set())
        columns = schema_summary(alias_of(company, aliases))
        assert any("probe_note" in line for line in columns)
        assert migrate_company(company).outcome == "up-to-date"  # the replaced names are known


def test_a_data_migration_runs_on_each_tenants_own_rows_with_one_rendered_plan(make_tenant, aliases):
    first = make_tenant("ex-data-a")
    second = make_tenant("ex-data-b")
    theirs = make_tenant("ex-data-c")
    for company in (first, second, theirs):
        run_sql(company, "DELETE FROM ledger_currency")
    run_sql(first, "INSERT INTO ledger_currency (code, name, minor_units) VALUES ('USD', 'Dollar', 2)")
    run_sql(second, "INSERT INTO ledger_currency (code, name, minor_units) VALUES ('JPY', 'Yen', 0)")
    run_sql(theirs, "INSERT INTO ledger_currency (code, name, minor_units) VALUES ('EUR', 'Euro', 2)")

    with swapped_migrations("data"):
        migrate_alias(alias_of(first, aliases))
        migrate_alias(alias_of(second, aliases))
        shared = forward_plan.cache_info()
        call_command("migrate", "ledger", database=alias_of(theirs, aliases), interactive=False, verbosity=0)

        assert (shared.misses, shared.hits) == (1, 1)  # the second tenant reused the first's states
        assert labels(aliases[0]) == ["USD:Dollar"]
        assert labels(aliases[1]) == ["JPY:Yen"]
        assert labels(aliases[2]) == ["EUR:Euro"]
        assert schema_summary(aliases[0]) == schema_summary(aliases[1]) == schema_summary(aliases[2])
        assert recorded(aliases[0]) == recorded(aliases[1]) == recorded(aliases[2])


def labels(alias: str) -> list[str]:
    from django.db import connections

    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT probe_label FROM ledger_currency ORDER BY code")
        return [row[0] for row in cursor.fetchall()]
