"""The side of a fleet run that lives in a worker process.

This module imports no model at load time: a spawned worker unpickles references to these
functions before Django is set up, so the imports that need the app registry happen inside them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django
from django.apps import apps
from django.db import connections

from ..lifetime import die_with_parent

if TYPE_CHECKING:
    from common.models import Company

    from .fleet import Job
    from .migrate import TenantResult


def init_worker(parent: int, default_settings: dict[str, Any] | None) -> None:
    """Prepare a worker: Django set up (spawned) or inherited connections forgotten (forked).

    It dies with the parent (killed with it on Linux, else a thread watches the parent): a worker
    left behind would go on holding a tenant's lock and sessions.
    """
    die_with_parent(parent)
    if not apps.ready:  # spawned: a fresh interpreter, pointed at the parent's common database
        django.setup()
        if default_settings is not None:
            connections.settings["default"] = default_settings
        return
    for conn in connections.all(initialized_only=True):
        # The socket belongs to the parent's session: drop it without a goodbye to the server.
        conn.connection = None


def work(company: Company, job: Job) -> TenantResult:
    """The task of a worker process: one tenant, then its connections closed.

    The worker keeps its connection to the common database (for the tenant locks) from one
    tenant to the next: a new session per tenant would cost the server more than the lock.
    """
    from ..routing.connections import close_tenant_connections
    from .fleet import run_one

    try:
        return run_one(company, job)
    finally:
        close_tenant_connections()
