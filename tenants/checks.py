"""System checks: fail `manage.py check` on settings that would break tenancy."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def check_tenancy_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if "tenants.routing.router.TenantRouter" not in settings.DATABASE_ROUTERS:
        errors.append(Error("DATABASE_ROUTERS lacks tenants.routing.router.TenantRouter.", id="tenants.E001"))
    for alias, config in settings.DATABASES.items():
        if config.get("ATOMIC_REQUESTS"):
            errors.append(
                Error(
                    f"DATABASES[{alias!r}] sets ATOMIC_REQUESTS: it would open a transaction on every "
                    "tenant alias of a request. Use tenants.routing.db.tenant_atomic() in views instead.",
                    id="tenants.E002",
                )
            )
    if "ledger" not in settings.PYLEDGER_TENANT_APPS:
        errors.append(Error("PYLEDGER_TENANT_APPS must include 'ledger'.", id="tenants.E003"))
    return errors
