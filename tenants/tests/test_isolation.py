"""Two companies' books never meet, and ledger access needs an active company."""

from __future__ import annotations

import pytest
from django.db import connections

from ledger.models import Account
from tenants.errors import CrossTenantAccess, NoTenantActive, TenantNotFound
from tenants.routing.context import current_tenant, tenant_context
from tenants.testing import tenant_db

pytestmark = tenant_db


def test_a_row_written_in_acme_is_invisible_from_foo(acme, foo):
    with tenant_context("acme"):
        Account.objects.create(code="9999", name="Only in acme", type="asset")
    with tenant_context("foo"):
        assert not Account.objects.filter(code="9999").exists()
    with tenant_context("acme"):
        assert Account.objects.filter(code="9999").exists()


def test_ledger_access_without_a_tenant_raises(acme):
    with pytest.raises(NoTenantActive) as info:
        Account.objects.count()
    assert info.value.code == "tenant_required"


def test_the_common_database_holds_no_ledger_table(acme):
    with connections["default"].cursor() as cursor:
        tables = connections["default"].introspection.table_names(cursor)
    assert "ledger_account" not in tables
    assert "common_company" in tables


def test_tenant_databases_hold_no_common_table(acme):
    with tenant_context("acme"), connections["tenant_acme"].cursor() as cursor:
        tables = connections["tenant_acme"].introspection.table_names(cursor)
    assert "ledger_account" in tables
    assert not {"common_company", "auth_user", "django_session"} & set(tables)


def test_contexts_nest_and_restore_the_previous_tenant(acme, foo):
    def active() -> str | None:
        tenant = current_tenant()
        return tenant.slug if tenant else None

    assert active() is None
    with tenant_context("acme"):
        with tenant_context("foo"):
            assert active() == "foo"
        assert active() == "acme"
    assert active() is None


def test_the_context_is_reset_when_the_body_raises(acme):
    with pytest.raises(RuntimeError), tenant_context("acme"):
        raise RuntimeError("boom")
    assert current_tenant() is None


def test_an_unknown_company_raises_tenant_not_found(db):
    with pytest.raises(TenantNotFound), tenant_context("nobody"):
        pass


def test_an_object_from_one_company_cannot_be_saved_in_another(acme, foo):
    with tenant_context("acme"):
        account = Account.objects.create(code="1", name="Cash", type="asset")
    with tenant_context("foo"), pytest.raises(CrossTenantAccess):
        account.save()
