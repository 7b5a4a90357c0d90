"""Suspending, archiving and moving stop writes at the company's database, whatever another
process has cached, and every lifecycle change leaves its audit row."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import psycopg
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import IntegrityError, InternalError, OperationalError
from django.test import Client
from rest_framework.test import APIClient

from common.models import Company, Membership, RegistryEvent
from common.tests.factories import DatabaseServerFactory, UserFactory
from pyledger_project.admin_site import SESSION_KEY
from tenants.errors import BackupError, ServerUnavailable
from tenants.lifecycle import services
from tenants.lifecycle.freezing import freeze_database, is_frozen, refusal_for, writable_session
from tenants.lifecycle.provisioning import conninfo, database_exists
from tenants.lifecycle.services import tenant_archive, tenant_reactivate, tenant_seed, tenant_suspend
from tenants.migrating.migrate import migrate_company
from tenants.routing import middleware
from tenants.routing.connections import alias_for
from tenants.routing.context import tenant_context
from tenants.tests.relocation_support import read_only_error

pytestmark = pytest.mark.django_db

MakeTenant = Callable[..., Company]


def count_rows(company: Company) -> int:
    """Rows of the probe table, read in a fresh session (a frozen database still answers reads)."""
    with psycopg.connect(**conninfo(None, company.db_name), autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM probe").fetchone()
    assert row is not None
    return int(row[0])


class Writer(threading.Thread):
    """Another process's worth of writes: one session kept open (as a web process keeps its
    connection), reconnecting when it is ended, inserting as fast as it can."""

    def __init__(self, company: Company) -> None:
        super().__init__(daemon=True)
        self.params = conninfo(None, company.db_name)
        self.accepted = 0
        self.refused = 0
        self.ended = 0
        self.halt = threading.Event()

    def run(self) -> None:
        conn: psycopg.Connection[Any] | None = None
        while not self.halt.is_set():
            try:
                if conn is None:
                    conn = psycopg.connect(**self.params, autocommit=True)
                conn.execute("INSERT INTO probe DEFAULT VALUES")
                self.accepted += 1
            except psycopg.errors.ReadOnlySqlTransaction:
                self.refused += 1
            except psycopg.OperationalError:
                self.ended += 1
                conn = None
        if conn is not None:
            conn.close()


@pytest.fixture
def probed(make_tenant: MakeTenant) -> Company:
    company = make_tenant("lc-frz")
    with psycopg.connect(**conninfo(None, company.db_name), autocommit=True) as conn:
        conn.execute("CREATE TABLE probe (id serial PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())")
    return company


@pytest.fixture
def writer(probed: Company) -> Iterator[Writer]:
    thread = Writer(probed)
    thread.start()
    deadline = time.monotonic() + 10
    while thread.accepted < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    yield thread
    thread.halt.set()
    thread.join(5)


@pytest.mark.slow  # a thread writing while the suspension runs
@pytest.mark.parametrize("change", [tenant_suspend, tenant_archive], ids=["suspend", "archive"])
def test_no_write_racing_a_suspension_is_committed_after_it_returns(probed, writer, change):
    assert writer.accepted >= 20  # the writer was getting through

    change(company="lc-frz")
    at_return = count_rows(probed)
    time.sleep(0.5)  # the writer keeps trying, with a new session after its old one was ended

    assert count_rows(probed) == at_return
    assert writer.ended >= 1  # its open session was ended, not left to commit
    assert writer.refused > 0  # and its new sessions are read-only


def test_reactivating_lets_the_writes_in_again(probed):
    tenant_suspend(company="lc-frz")

    tenant_reactivate(company="lc-frz")
    before = count_rows(probed)
    with psycopg.connect(**conninfo(None, probed.db_name), autocommit=True) as conn:
        conn.execute("INSERT INTO probe DEFAULT VALUES")

    assert count_rows(probed) == before + 1
    assert not is_frozen(None, probed.db_name)


def test_suspending_again_freezes_a_database_that_a_failed_run_left_writable(probed):
    tenant_suspend(company="lc-frz")
    with psycopg.connect(**conninfo(None), autocommit=True) as conn:  # an operator's stray RESET
        conn.execute(f'ALTER DATABASE "{probed.db_name}" RESET default_transaction_read_only')

    out = StringIO()
    call_command("suspend_tenant", "lc-frz", stdout=out)

    assert out.getvalue() == "lc-frz: already suspended\n"
    assert is_frozen(None, probed.db_name)


def test_an_operator_tool_may_still_write_to_a_frozen_database(probed, late_aliases):
    tenant_suspend(company="lc-frz")

    with tenant_context("lc-frz"), writable_session(alias_for("lc-frz")):
        from django.db import connections

        with connections[alias_for("lc-frz")].cursor() as cursor:
            cursor.execute("INSERT INTO probe DEFAULT VALUES")

    assert count_rows(probed) == 1


@pytest.mark.slow  # every migration, from an empty database
def test_a_suspended_company_is_migrated_although_its_database_is_frozen(make_tenant, late_aliases):
    company = make_tenant("lc-mig", database="empty")
    tenant_suspend(company="lc-mig")

    result = migrate_company(company)

    assert result.outcome == "migrated", result.detail
    assert read_only_error(company) is not None  # still frozen for everyone else


def test_a_drop_whose_backup_fails_leaves_the_company_writable_and_unchanged(probed, monkeypatch):
    def failing_backup(company: Company, **kwargs: Any) -> None:
        assert is_frozen(None, company.db_name)  # frozen while it is backed up
        raise BackupError("pg_dump failed: disk full")

    monkeypatch.setattr(services, "backup_company", failing_backup)

    with pytest.raises(BackupError):
        services.tenant_drop(company="lc-frz")

    assert Company.objects.get(slug="lc-frz").status == Company.Status.ACTIVE
    assert database_exists(None, probed.db_name)
    assert not is_frozen(None, probed.db_name)
    assert not RegistryEvent.objects.filter(company_slug="lc-frz").exists()


def test_a_drop_records_the_archiving_and_the_drop(probed, backup_dir):
    call_command("drop_tenant", "lc-frz", "--yes", stdout=StringIO())

    (archive, drop) = events("lc-frz")
    assert archive[0] == "tenant.archive"
    assert drop[0] == "tenant.drop"
    assert drop[2]["dropped"] is True
    assert drop[2]["backup"].endswith("-drop.backup")


def test_a_suspension_that_cannot_reach_the_database_changes_nothing(usd):
    down = DatabaseServerFactory.create()
    Company.objects.create(
        slug="lc-down", name="Down", base_currency=usd, status="active", db_name="x", server=down
    )

    with pytest.raises(ServerUnavailable):
        tenant_suspend(company="lc-down")

    assert Company.objects.get(slug="lc-down").status == Company.Status.ACTIVE
    assert not RegistryEvent.objects.filter(company_slug="lc-down").exists()


# --- the answer a write gets ------------------------------------------------------------------


@pytest.fixture
def owner_of(django_user_model: type[User]) -> Callable[[Company], APIClient]:
    """An API client signed in as the owner of `company`, whose books are seeded."""

    def make(company: Company) -> APIClient:
        tenant_seed(company)
        user = UserFactory.create(memberships=[(company, Membership.Role.OWNER)])
        client = APIClient()
        client.force_login(user)
        return client

    return make


ACCOUNT = {"code": "1160", "name": "Payment processor", "type": "asset"}


def test_a_write_into_a_frozen_database_is_a_503_in_the_error_shape_and_reads_still_work(probed, owner_of):
    client = owner_of(probed)
    freeze_database(None, probed.db_name)  # frozen, as between a suspension's freeze and its commit

    write = client.post("/t/lc-frz/api/v1/accounts/", ACCOUNT, format="json")
    read = client.get("/t/lc-frz/api/v1/accounts/1000/")

    assert write.status_code == 503
    assert write.json() == {
        "code": "tenant_read_only",
        "message": "This company's books are read-only just now. Try again in a moment.",
        "fields": {},
    }
    assert read.status_code == 200, read.content
    assert read.json()["code"] == "1000"
    assert client.get("/t/lc-frz/api/v1/accounts/1160/").status_code == 404


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [(tenant_suspend, 503, "tenant_suspended"), (tenant_archive, 410, "tenant_archived")],
    ids=["suspend", "archive"],
)
def test_a_request_that_passed_its_checks_before_the_suspension_gets_the_status_error(
    probed, owner_of, monkeypatch, change, status, code
):
    """The request is let in, the company is suspended under it, then it writes."""
    client = owner_of(probed)
    real_prepare = middleware.prepare

    def prepare_then_suspend(request: Any) -> Company | None:
        company = real_prepare(request)
        change(company="lc-frz")
        return company

    monkeypatch.setattr(middleware, "prepare", prepare_then_suspend)

    response = client.post("/t/lc-frz/api/v1/accounts/", ACCOUNT, format="json")

    assert response.status_code == status
    assert response.json()["code"] == code
    monkeypatch.undo()
    tenant_reactivate(company="lc-frz")
    assert client.get("/t/lc-frz/api/v1/accounts/1160/").status_code == 404  # nothing was written


def test_an_admin_page_answers_a_frozen_write_with_the_status_page(probed, django_user_model):
    user = django_user_model.objects.create_superuser(username="root", password="x")
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = {"slug": probed.slug, "name": probed.name}
    session.save()
    freeze_database(None, probed.db_name)

    response = client.post(
        "/admin/ledger/account/add/",
        {"code": "1160", "name": "Payment processor", "type": "asset", "is_active": "on"},
    )

    assert response.status_code == 503
    assert response.context["error"].code == "tenant_read_only"


def lost_connection() -> OperationalError:
    """What Django raises when the session was ended while idle: no SQLSTATE, and the driver's
    error as its cause (whose own cause may lead back)."""
    driver = psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly")
    error = OperationalError(*driver.args)
    error.__cause__ = driver
    driver.__cause__ = error
    return error


@pytest.mark.parametrize(
    ("status", "code"),
    [(Company.Status.SUSPENDED, "tenant_suspended"), (Company.Status.ACTIVE, "server_unavailable")],
)
def test_a_session_ended_while_idle_is_answered_by_the_status_or_a_plain_503(probed, status, code):
    Company.objects.filter(pk=probed.pk).update(status=status)

    refusal = refusal_for(lost_connection(), probed.pk)

    assert refusal is not None
    assert (refusal.code, refusal.status_code) == (code, 503)


def test_a_read_only_refusal_re_raised_from_itself_is_still_recognised(probed):
    Company.objects.filter(pk=probed.pk).update(status=Company.Status.SUSPENDED)
    driver = psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT in a read-only transaction")
    error = InternalError(*driver.args)
    error.__context__ = driver
    error.__cause__ = error  # as `raise exc from exc` leaves it

    refusal = refusal_for(error, probed.pk)

    assert refusal is not None and refusal.code == "tenant_suspended"


def test_an_unrelated_database_error_is_left_alone(probed):
    assert refusal_for(IntegrityError("duplicate key"), probed.pk) is None


# --- the audit trail --------------------------------------------------------------------------


def events(slug: str) -> list[tuple[str, str, dict[str, Any]]]:
    rows = RegistryEvent.objects.filter(company_slug=slug).order_by("id")
    return [(e.action, e.actor_name, e.details) for e in rows]


def test_each_status_change_records_who_made_it_and_a_repeat_records_nothing(probed):
    call_command("suspend_tenant", "lc-frz", stdout=StringIO())
    call_command("suspend_tenant", "lc-frz", stdout=StringIO())
    call_command("reactivate_tenant", "lc-frz", stdout=StringIO())

    (suspend, reactivate) = events("lc-frz")
    assert suspend[:2] == ("tenant.suspend", "")
    assert suspend[2]["previous"] == "active"
    assert suspend[2]["status"] == "suspended"
    assert suspend[2]["via"] == "command"
    assert "os_user" in suspend[2]
    assert reactivate[0] == "tenant.reactivate"


def test_the_admin_action_records_the_member_of_staff(probed, admin_client, admin_user):
    admin_client.post(
        "/admin/common/company/", {"action": "suspend", "_selected_action": [probed.pk]}, follow=True
    )

    event = RegistryEvent.objects.get(company_slug="lc-frz")
    assert (event.action, event.actor, event.details["via"]) == ("tenant.suspend", admin_user, "admin")
    assert is_frozen(None, probed.db_name)
