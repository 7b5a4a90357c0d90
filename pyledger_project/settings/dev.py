"""Development: DEBUG on, and an embedded PostgreSQL in var/postgres when DATABASE_URL is unset."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, VAR_DIR, database_from_url

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", ".localhost"]
# Development only: a fixed key so sessions survive restarts. prod.py refuses to start without one.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"

if not DATABASES:
    import sys

    from pyledger_project.embedded import command_needs_database, dev_pgdata, ensure_running, idle_url

    # `manage.py help` or `embedded_db stop` must not start the server they would stop.
    _pgdata = dev_pgdata(VAR_DIR)
    _url = ensure_running(_pgdata) if command_needs_database(sys.argv) else idle_url(_pgdata)
    DATABASES = {"default": database_from_url(_url)}
