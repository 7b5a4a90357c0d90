"""Status changes: one set of rules in the services, applied by commands and admin alike."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from common.models import Company
from tenants.errors import TenantStateError
from tenants.lifecycle.services import tenant_archive, tenant_reactivate, tenant_suspend
from tenants.testing import tenant_db

pytestmark = tenant_db

S = Company.Status
SERVICES = {"suspend": tenant_suspend, "reactivate": tenant_reactivate, "archive": tenant_archive}
# (from, action) -> resulting status, or None where the change is refused.
TRANSITIONS = {
    (S.ACTIVE, "suspend"): S.SUSPENDED,
    (S.ACTIVE, "archive"): S.ARCHIVED,
    (S.ACTIVE, "reactivate"): S.ACTIVE,
    (S.SUSPENDED, "reactivate"): S.ACTIVE,
    (S.SUSPENDED, "archive"): S.ARCHIVED,
    (S.SUSPENDED, "suspend"): S.SUSPENDED,
    (S.ARCHIVED, "reactivate"): S.ACTIVE,
    (S.ARCHIVED, "archive"): S.ARCHIVED,
    (S.ARCHIVED, "suspend"): None,
    (S.PROVISIONING, "reactivate"): None,
    (S.PROVISIONING, "suspend"): None,
    (S.PROVISIONING, "archive"): None,
    (S.MAINTENANCE, "reactivate"): None,
    (S.MAINTENANCE, "suspend"): None,
    (S.MAINTENANCE, "archive"): None,
}


def with_status(company: Company, status: str) -> Company:
    Company.objects.filter(pk=company.pk).update(status=status)
    company.refresh_from_db()
    return company


@pytest.mark.parametrize(("start", "action"), TRANSITIONS, ids=lambda v: str(v))
def test_each_status_change_is_allowed_or_refused_by_the_rules(acme, start, action):
    with_status(acme, start)
    expected = TRANSITIONS[(start, action)]

    if expected is None:
        with pytest.raises(TenantStateError) as info:
            SERVICES[action](company=acme)
        assert info.value.code == "tenant_state"
        assert Company.objects.get(pk=acme.pk).status == start
    else:
        changed = SERVICES[action](company="acme")
        assert changed == (expected != start)
        assert Company.objects.get(pk=acme.pk).status == expected


def test_the_status_commands_report_each_change_in_one_line(acme):
    out = StringIO()

    call_command("suspend_tenant", "acme", stdout=out)
    call_command("suspend_tenant", "acme", stdout=out)
    call_command("archive_tenant", "acme", stdout=out)
    call_command("reactivate_tenant", "acme", stdout=out)

    assert out.getvalue().splitlines() == [
        "acme: suspended",
        "acme: already suspended",
        "acme: archived",
        "acme: active",
    ]


def test_a_refused_change_fails_in_one_line_naming_the_company(acme):
    with_status(acme, S.PROVISIONING)

    with pytest.raises(CommandError) as info:
        call_command("reactivate_tenant", "acme")

    assert str(info.value) == "acme: cannot become active while provisioning: bootstrap it instead."


def test_a_status_command_for_an_unknown_company_fails_in_one_line(db):
    with pytest.raises(CommandError) as info:
        call_command("archive_tenant", "nobody")

    assert str(info.value) == "No company 'nobody'."
