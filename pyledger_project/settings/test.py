"""Tests: TEST_DATABASE_URL when given, else a throwaway embedded PostgreSQL under var/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .base import *  # noqa: F403
from .base import STATIC_ROOT, VAR_DIR, database_from_url

# Keep the bytecode of the project's modules, and pytest's assertion-rewritten test modules, even
# where PYTHONDONTWRITEBYTECODE is set: else every test process compiles them again, and rewrites
# every test module (about 10 s of each pytest-xdist worker's start on two cores).
sys.dont_write_bytecode = False

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
# Under pytest-xdist each worker runs its own throwaway server; on a shared TEST_DATABASE_URL it
# names its databases apart instead (Django suffixes the common one with the worker id itself).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_url = os.environ.get("TEST_DATABASE_URL")
# Test tenants never collide with development tenants on a shared server.
PYLEDGER_TENANT_DB_PREFIX = f"test_{_WORKER}_tenant_" if _url and _WORKER else "test_tenant_"
# Tests roll back registry rows between tests; the cache has its own tests with it switched on.
PYLEDGER_REGISTRY_CACHE_SECONDS = 0.0
# Snapshots of test tenants never land among development backups (tests override it per test).
PYLEDGER_BACKUP_DIR = Path(os.environ.get("PYLEDGER_BACKUP_DIR") or VAR_DIR / f"test-backups{_WORKER}")
# Files of jobs (report exports) land apart from development ones, per worker.
MEDIA_ROOT = VAR_DIR / f"test-media{_WORKER}"
# Test transactions roll back: cached reference rows would be gone in the next test. The cache's
# own tests switch it on, and so do the benchmarks.
PYLEDGER_LEDGER_CACHE_SECONDS = 0
# WhiteNoise warns on every request when STATIC_ROOT is missing; tests never run collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

if not _url:
    import sys

    from pyledger_project.embedded import ensure_running, idle_url, tune_for_tests, xdist_controller

    # PYLEDGER_TEST_PGDATA lets concurrent test runs use separate throwaway servers.
    _pgdata = os.environ.get("PYLEDGER_TEST_PGDATA") or str(VAR_DIR / "test-postgres")
    _pgdata += f"-{_WORKER}" if _WORKER else ""
    # The session that starts the server stops it at its end (conftest.py), even when a process
    # it started was killed and left its handle behind (which keeps pgserver's own cleanup waiting).
    if xdist_controller(sys.argv, os.environ.get("PYTEST_ADDOPTS", "")) or "mypy" in sys.modules:
        # pytest-xdist's controller runs no test: only its workers start (and stop) a server.
        # mypy's Django plugin loads these settings for the apps and models only, and nothing
        # would stop a server it started.
        PYLEDGER_TEST_SERVER_STARTED = ""
        _url = idle_url(Path(_pgdata))
    else:
        PYLEDGER_TEST_SERVER_STARTED = "" if (Path(_pgdata) / "postmaster.pid").exists() else _pgdata
        _url = ensure_running(Path(_pgdata), cleanup="stop")
        tune_for_tests(_url)
DATABASES = {"default": database_from_url(_url)}
# The jobs the tests queue, known to the workers they start too.
PROCRASTINATE_IMPORT_PATHS = ["jobs.tests.tasks"]
