"""/healthz and /readyz: what a load balancer polls, answered before the host check and tenancy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import AsyncClient, Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from pyledger_project import health


@pytest.fixture
def fresh_migrations_check() -> Iterator[None]:
    health.migrations.forget()
    yield
    health.migrations.forget()


@pytest.fixture
def extra_checks() -> Iterator[dict[str, health.Check]]:
    """Checks a test registers, removed afterwards."""
    added: dict[str, health.Check] = {}
    yield added
    for name in added:
        health._checks.pop(name, None)


def test_healthz_answers_without_database_and_for_any_host(client: Client) -> None:
    # A container's health check asks for localhost, which production's ALLOWED_HOSTS need not list;
    # no database mark: a query would raise.
    response = client.get("/healthz", HTTP_HOST="localhost:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db(transaction=True)
def test_the_probes_answer_under_asgi_too(fresh_migrations_check):
    # The ASGI server keeps the middleware chain async (tenants/tests/test_concurrency.py proves
    # requests stay concurrent); the probes answer there as under WSGI.
    async def probe() -> tuple[Any, Any]:
        client = AsyncClient()
        return await client.get("/healthz", HTTP_HOST="localhost"), await client.get("/readyz")

    alive, ready = async_to_sync(probe)()
    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    assert ready.status_code == 200 and ready.json()["status"] == "ok"


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_answers_and_is_migrated(
    client: Client, fresh_migrations_check: None
) -> None:
    response = client.get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == body["checks"]["migrations"] == "ok"
    assert set(body["checks"].values()) == {"ok"}  # and the checks apps registered (jobs)


@pytest.mark.django_db
def test_readyz_polled_again_costs_one_query(client: Client, fresh_migrations_check: None) -> None:
    client.get("/readyz")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/readyz").status_code == 200
    assert "SELECT 1" in [q["sql"] for q in queries]
    assert not any("django_migrations" in q["sql"] for q in queries)


@pytest.mark.django_db
def test_readyz_reports_unapplied_migrations(client: Client, fresh_migrations_check: None) -> None:
    leaf = MigrationLoader(connection).graph.leaf_nodes("common")[0]
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", list(leaf))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "not_ready"
    assert body["message"] == "Not ready: migrations."
    assert body["checks"]["migrations"] == "1 unapplied migrations"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_a_registered_check_fails_readiness_without_leaking_its_message(
    client: Client, fresh_migrations_check: None, extra_checks: dict[str, health.Check]
) -> None:
    def queue() -> str | None:
        raise ConnectionError("could not connect to postgres://jobs:hunter2@db:5432")

    extra_checks["webhooks"] = queue
    health.register_check("webhooks", queue)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["webhooks"] == "failed: ConnectionError"
    assert b"hunter2" not in response.content
    assert response.json()["message"] == "Not ready: webhooks."


@pytest.mark.django_db
def test_a_registered_check_that_passes_is_listed(
    client: Client, fresh_migrations_check: None, extra_checks: dict[str, health.Check]
) -> None:
    extra_checks["extra"] = lambda: None
    health.register_check("extra", extra_checks["extra"])
    assert client.get("/readyz").json()["checks"]["extra"] == "ok"


def test_readyz_fails_when_the_database_is_unreachable(
    client: Client, settings: Settings, fresh_migrations_check: None
) -> None:
    # No database access allowed here: the check's connection attempt raises, the probe says so.
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("failed: ")
