"""Fixtures of the tenancy tests that need more than the session's two test companies."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from common.models import Company
from pyledger_project.embedded import stop
from pyledger_project.seed import seed_tenant
from tenants.routing import registry_cache
from tenants.routing.context import tenant_context

from .relocation_support import SecondServer, backup_dir, books, start_second_server

__all__ = ["backup_dir", "books", "second"]


@pytest.fixture(scope="session")
def second() -> Iterator[SecondServer]:
    """A second real PostgreSQL server (embedded, unix socket), started on first use and stopped
    when the session ends.

    Its folder is not under pytest's tmp_path: pytest tightens the permissions of its temporary
    folders, which locks out the unprivileged user the embedded server runs as under root.
    """
    folder = Path(tempfile.mkdtemp(prefix="pyledger-pg2-"))
    try:
        yield start_second_server(folder)
    finally:
        stop(folder / "pg2")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    """The registry cache empty, on (the test settings switch it off), and emptied afterwards."""
    registry_cache.clear()
    with override_settings(PYLEDGER_REGISTRY_CACHE_SECONDS=60):
        yield
    registry_cache.clear()


@pytest.fixture
def seeded_acme(acme: Company) -> None:
    """Acme's books set up, so that its account list answers 200."""
    with tenant_context(acme):
        seed_tenant(company=acme)
