"""The template database: migrated once, reused, and rebuilt when migration contents change."""

from __future__ import annotations

import psycopg
import pytest

from tenants.lifecycle.provisioning import conninfo, template_name
from tenants.migrating.migrate import (
    code_fingerprint,
    ensure_template,
    set_template_fingerprint,
    template_fingerprint,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # each test migrates the template again


def add_marker() -> None:
    with psycopg.connect(**conninfo(None, template_name()), autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS stale_marker (id int)")


def marker_exists() -> bool:
    with psycopg.connect(**conninfo(None, template_name()), autocommit=True) as conn:
        row = conn.execute("SELECT to_regclass('stale_marker') IS NOT NULL").fetchone()
    return bool(row and row[0])


def test_an_up_to_date_template_is_reused_as_it_is(late_aliases):
    ensure_template(None)
    add_marker()
    try:
        assert ensure_template(None) is False
        assert marker_exists()
        assert template_fingerprint(None) == code_fingerprint()
    finally:
        set_template_fingerprint(None, "stale")  # rebuild it clean for the tests that follow
        ensure_template(None)


def test_a_template_built_from_other_migration_contents_is_rebuilt(late_aliases):
    ensure_template(None)
    add_marker()
    set_template_fingerprint(None, "built-from-an-older-edit")

    assert ensure_template(None) is True

    assert not marker_exists()
    assert template_fingerprint(None) == code_fingerprint()
