"""Creating, cloning and dropping tenant databases; which slugs may name one."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from common.models import DatabaseServer
from tenants.errors import InvalidSlug, ProvisioningError, ServerUnavailable
from tenants.lifecycle.provisioning import (
    conninfo,
    create_database,
    database_exists,
    database_name,
    drop_database,
    maintenance_connection,
    template_name,
    validate_slug,
)
from tenants.routing.connections import server_settings
from tenants.testing import tenant_databases

BAD_SLUGS = {
    "empty": "",
    "space": "bad slug",
    "single quote": "lc'x",
    "double quote": 'lc"x',
    "sql": "x'; drop database y; --",
    "upper case": "Acme",
    "too long": "a" * 41,
    "leading digit": "1acme",
    "trailing hyphen": "acme-",
    "underscore": "lc_x",
    "non ascii": "ácme",
    "trailing newline": "acme\n",
    "reserved default": "default",
    "reserved template": "template",
    "reserved template1": "template1",
    "reserved postgres": "postgres",
    "reserved public": "public",
    "template prefix": "template-x",
}


@pytest.fixture
def scratch_names() -> Iterator[list[str]]:
    """Database names a test creates directly; every one is dropped afterwards."""
    names: list[str] = []
    try:
        yield names
    finally:
        for name in names:
            drop_database(None, name)


def table_names(name: str) -> set[str]:
    with psycopg.connect(**conninfo(None, name)) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {row[0] for row in rows}


@pytest.mark.parametrize("slug", ["ab", "acme", "lc-2024", "a" * 40, "x9-y"])
def test_validate_slug_accepts_lower_case_letters_digits_and_hyphens(slug):
    assert validate_slug(slug) == slug


@pytest.mark.parametrize("slug", BAD_SLUGS.values(), ids=BAD_SLUGS.keys())
def test_validate_slug_rejects_names_that_cannot_name_a_company(slug):
    with pytest.raises(InvalidSlug) as info:
        validate_slug(slug)
    assert info.value.code == "invalid_slug"
    assert "\n" not in info.value.message


def test_database_name_is_the_prefix_plus_the_slug_with_underscores():
    assert database_name("lc-ab-1") == "test_tenant_lc_ab_1"


def test_database_name_refuses_an_invalid_slug():
    with pytest.raises(InvalidSlug):
        database_name("x'; drop database y; --")


def test_create_database_returns_true_then_false_when_it_already_exists(scratch_names):
    name = database_name("lc-prov-create")
    scratch_names.append(name)

    assert create_database(None, name) is True
    assert create_database(None, name) is False
    assert database_exists(None, name)


def test_drop_database_returns_true_then_false_when_it_is_missing(scratch_names):
    name = database_name("lc-prov-drop")
    scratch_names.append(name)
    create_database(None, name)

    assert drop_database(None, name) is True
    assert drop_database(None, name) is False
    assert not database_exists(None, name)


def test_a_database_name_with_capitals_and_hyphens_is_created_exactly_as_given(scratch_names):
    name = "test_tenant_LC-Mixed-Case"
    scratch_names.append(name)

    assert create_database(None, name) is True

    found = tenant_databases()
    assert name in found
    assert name.lower() not in found  # quoted, so not folded to lower case


def test_sql_in_a_database_name_stays_inside_one_quoted_identifier(scratch_names):
    name = "test_tenant_lc'; drop database test_tenant_template; --"
    scratch_names.append(name)

    assert create_database(None, name) is True

    found = tenant_databases()
    assert name in found
    assert template_name() in found


def test_a_clone_of_the_template_holds_the_migrated_ledger_tables(scratch_names):
    name = database_name("lc-prov-clone")
    scratch_names.append(name)

    assert create_database(None, name, template=template_name()) is True

    tables = table_names(name)
    assert "ledger_account" in tables
    assert "django_migrations" in tables


def test_a_new_database_without_template_is_empty(scratch_names):
    name = database_name("lc-prov-empty")
    scratch_names.append(name)

    create_database(None, name)

    assert "ledger_account" not in table_names(name)


def test_cloning_a_missing_template_raises_provisioning_failed(scratch_names):
    name = database_name("lc-prov-notemplate")
    scratch_names.append(name)

    with pytest.raises(ProvisioningError) as info:
        create_database(None, name, template="test_tenant_no_such_template")

    assert info.value.code == "provisioning_failed"
    assert not database_exists(None, name)


def test_a_name_longer_than_postgresql_allows_is_refused_not_truncated():
    with pytest.raises(ProvisioningError) as info:
        create_database(None, "test_tenant_" + "x" * 60)
    assert info.value.code == "provisioning_failed"


def test_an_unreachable_server_raises_server_unavailable_with_one_line():
    down = DatabaseServer(name="lc-down", host="127.0.0.1", port=1, user="postgres")

    with pytest.raises(ServerUnavailable) as info:
        create_database(down, "test_tenant_lc_unreachable")

    assert info.value.code == "server_unavailable"
    assert "unreachable" in info.value.message
    assert "\n" not in info.value.message


@pytest.fixture
def role_without_createdb() -> Iterator[DatabaseServer]:
    """The test server seen through a login role that may not create databases."""
    with maintenance_connection(None) as conn:
        conn.execute("DROP ROLE IF EXISTS lc_weak")
        conn.execute("CREATE ROLE lc_weak LOGIN NOCREATEDB")
    default = server_settings(None)
    try:
        yield DatabaseServer(
            name="lc-weak", host=default["HOST"], port=int(default["PORT"] or 5432), user="lc_weak"
        )
    finally:
        with maintenance_connection(None) as conn:
            conn.execute("DROP ROLE lc_weak")


def test_a_server_refusing_create_database_raises_provisioning_failed_in_one_line(role_without_createdb):
    with pytest.raises(ProvisioningError) as info:
        create_database(role_without_createdb, "test_tenant_lc_refused")

    assert info.value.code == "provisioning_failed"
    assert "\n" not in info.value.message
    assert not database_exists(None, "test_tenant_lc_refused")
