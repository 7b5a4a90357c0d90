"""The lifecycle commands: bad input fails in one line and creates nothing; reports and wrappers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from common.models import Company
from ledger.models import Account
from tenants.lifecycle.provisioning import (
    database_exists,
)
from tenants.routing.connections import alias_for
from tenants.routing.context import tenant_context
from tenants.testing import tenant_databases, tenant_db

BAD_SLUGS = {
    "space": "bad slug",
    "single quote": "lc'x",
    "double quote": 'lc"x',
    "sql": "x'; drop database y; --",
    "upper case": "Acme",
    "reserved default": "default",
    "reserved template": "template",
    "reserved template0": "template0",
    "reserved postgres": "postgres",
    "too long": "lc-" + "a" * 38,
    "empty": "",
}


def one_line(error: CommandError) -> str:
    message = str(error)
    assert message.strip()
    assert "\n" not in message.strip()
    assert "Traceback" not in message
    return message


@pytest.fixture
def nothing_created() -> Iterator[None]:
    """Fail the test if it leaves a company row or a tenant database behind."""
    databases, companies = tenant_databases(), set(Company.objects.values_list("slug", flat=True))
    yield
    assert tenant_databases() == databases
    assert set(Company.objects.values_list("slug", flat=True)) == companies


@pytest.mark.django_db
@pytest.mark.parametrize("slug", BAD_SLUGS.values(), ids=BAD_SLUGS.keys())
def test_bootstrap_tenant_rejects_a_bad_slug_in_one_line_and_creates_nothing(nothing_created, usd, slug):
    with pytest.raises(CommandError) as info:
        call_command("bootstrap_tenant", slug)
    one_line(info.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options",
    [["--currency", "XYZ"], ["--currency", ""], ["--country", "USA"]],
    ids=["unknown currency", "empty currency", "three-letter country"],
)
def test_bootstrap_tenant_rejects_bad_reference_data_and_creates_nothing(nothing_created, usd, options):
    with pytest.raises(CommandError) as info:
        call_command("bootstrap_tenant", "lc-cmd-badref", *options)
    one_line(info.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "command",
    [
        ["migrate_tenant", "nobody"],
        ["seed_tenant", "nobody"],
        ["create_tenant_db", "nobody"],
        ["tenant_command", "nobody", "check"],
        ["migrate_all_tenants", "--tenants", "nobody"],
    ],
    ids=lambda command: command[0],
)
def test_a_command_on_an_unknown_company_fails_in_one_line_and_creates_nothing(nothing_created, command):
    with pytest.raises(CommandError) as info:
        call_command(*command)
    assert "nobody" in one_line(info.value)


@pytest.mark.slow
def test_a_bad_slug_on_the_command_line_exits_non_zero_with_one_line_and_no_traceback():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pyledger_project.settings.test"}

    done = subprocess.run(
        [sys.executable, "manage.py", "bootstrap_tenant", "Bad Slug"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


# --- list_tenants -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_list_tenants_shows_status_and_migrations_with_an_unreachable_row_for_a_lost_database(make_tenant):
    make_tenant("lc-list-ok")
    make_tenant("lc-list-new", database="empty", status=Company.Status.PROVISIONING)
    make_tenant("lc-list-gone", database=None, status=Company.Status.SUSPENDED)
    out = StringIO()

    call_command("list_tenants", stdout=out)

    lines = [line.strip() for line in out.getvalue().splitlines()]
    rows = {line.split()[0]: line for line in lines if line.startswith("lc-")}
    assert set(rows) == {"lc-list-ok", "lc-list-new", "lc-list-gone"}
    assert "active" in rows["lc-list-ok"]
    assert "up to date" in rows["lc-list-ok"]
    assert "provisioning" in rows["lc-list-new"]
    assert "pending" in rows["lc-list-new"]
    assert "suspended" in rows["lc-list-gone"]
    assert "unreachable" in rows["lc-list-gone"]


@pytest.mark.django_db
def test_list_tenants_without_companies_says_how_to_create_one():
    out = StringIO()

    call_command("list_tenants", stdout=out)

    assert "bootstrap_tenant" in out.getvalue()


# --- create_tenant_db, seed_tenant ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_create_tenant_db_creates_the_database_then_reports_that_it_exists(make_tenant):
    company = make_tenant("lc-cmd-create", database=None, status=Company.Status.PROVISIONING)
    first, second = StringIO(), StringIO()

    call_command("create_tenant_db", "lc-cmd-create", stdout=first)
    call_command("create_tenant_db", "lc-cmd-create", stdout=second)

    assert database_exists(None, company.db_name)
    assert "created" in first.getvalue()
    assert "exists" in second.getvalue()


@pytest.mark.django_db(transaction=True)
def test_seed_tenant_installs_the_chart_of_accounts_once(make_tenant):
    make_tenant("lc-cmd-seed")

    call_command("seed_tenant", "lc-cmd-seed", stdout=StringIO())
    with tenant_context("lc-cmd-seed"):
        seeded = Account.objects.count()
    call_command("seed_tenant", "lc-cmd-seed", stdout=StringIO())

    with tenant_context("lc-cmd-seed"):
        assert Account.objects.count() == seeded > 0


@pytest.mark.django_db(transaction=True)
def test_seed_tenant_on_an_unmigrated_database_fails_in_one_line(make_tenant):
    make_tenant("lc-cmd-unmigrated", database="empty")

    with pytest.raises(CommandError) as info:
        call_command("seed_tenant", "lc-cmd-unmigrated")

    assert "migrate_tenant" in one_line(info.value)


# --- tenant_command ---------------------------------------------------------------------------


@tenant_db
def test_tenant_command_runs_the_command_with_the_company_active(acme, capsys):
    Account.objects.using(alias_for("acme")).create(code="7777", name="Marker", type=Account.Type.ASSET)
    code = (
        "from tenants.routing.context import current_tenant; from ledger.models import Account; "
        "print(current_tenant().slug, list(Account.objects.values_list('code', flat=True)))"
    )

    call_command("tenant_command", "acme", "shell", "--", "--no-imports", "-c", code)

    assert capsys.readouterr().out.strip() == "acme ['7777']"


@tenant_db
def test_tenant_command_restores_no_company_afterwards(acme):
    from tenants.routing.context import current_tenant

    call_command("tenant_command", "acme", "check", stdout=StringIO(), stderr=StringIO())

    assert current_tenant() is None


@tenant_db
def test_tenant_command_with_an_unknown_command_fails_in_one_line(acme):
    with pytest.raises(CommandError) as info:
        call_command("tenant_command", "acme", "no_such_command")
    assert "no_such_command" in one_line(info.value)


@tenant_db
def test_tenant_command_passes_the_inner_options_through_without_a_separator(acme, capsys):
    call_command("tenant_command", "acme", "shell", "--no-imports", "-c", "print(6 * 7)")

    assert capsys.readouterr().out.strip() == "42"


@tenant_db
def test_tenant_command_points_database_options_at_the_company(acme):
    Account.objects.using(alias_for("acme")).create(code="7778", name="Dumped", type=Account.Type.ASSET)
    out = StringIO()

    call_command("tenant_command", "acme", "dumpdata", "ledger.account", "--indent", "2", stdout=out)

    assert '"code": "7778"' in out.getvalue()
