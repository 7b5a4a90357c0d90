"""DATABASE_ROUTERS entry: ledger models go to the active tenant's database, all else to default."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model

from ..errors import CrossTenantAccess
from .connections import is_tenant_alias
from .context import current_alias


def is_tenant_model(model: type[Model]) -> bool:
    return model._meta.app_label in settings.PYLEDGER_TENANT_APPS


class TenantRouter:
    """Route by app: tenant apps to the current tenant alias, never silently to `default`.

    With no tenant active, any ledger query raises NoTenantActive. An object loaded from one
    tenant's database cannot be written while another tenant is active (CrossTenantAccess).
    """

    def _route(self, model: type[Model], hints: dict[str, Any]) -> str:
        if not is_tenant_model(model):
            return "default"
        alias = current_alias()
        instance = hints.get("instance")
        bound = getattr(getattr(instance, "_state", None), "db", None)
        if bound is not None and bound != alias and is_tenant_alias(bound):
            raise CrossTenantAccess(f"Object from {bound!r} used while {alias!r} is active.")
        return alias

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return self._route(model, hints)

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return self._route(model, hints)

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # Relations stay inside one side: a ledger row never points into the common DB.
        if is_tenant_model(type(obj1)) != is_tenant_model(type(obj2)):
            return False
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return is_tenant_alias(db) == (app_label in settings.PYLEDGER_TENANT_APPS)
