"""Development: DEBUG on, and an embedded PostgreSQL in var/postgres when DATABASE_URL is unset."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, VAR_DIR, database_from_url

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", ".localhost"]
# Development only: a fixed key so sessions survive restarts. prod.py refuses to start without one.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"

if not DATABASES:
    from pyledger_project.embedded import ensure_running

    DATABASES = {"default": database_from_url(ensure_running(VAR_DIR / "postgres"))}
