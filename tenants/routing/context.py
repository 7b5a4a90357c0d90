"""The current tenant, held in a ContextVar so it follows threads, asyncio tasks and sync_to_async.

    with tenant_context("acme"):
        Account.objects.count()      # runs on acme's database

Contexts nest and always restore the previous tenant, even when the body raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from common.models import Company

from ..errors import NoTenantActive, TenantNotFound


@dataclass(frozen=True)
class ActiveTenant:
    company_id: int
    slug: str
    alias: str


_current: ContextVar[ActiveTenant | None] = ContextVar("pyledger_tenant", default=None)


def current_tenant() -> ActiveTenant | None:
    """Return the active tenant, or None outside any company."""
    return _current.get()


def current_alias() -> str:
    """Return the database alias of the active tenant; raise NoTenantActive when there is none."""
    tenant = _current.get()
    if tenant is None:
        raise NoTenantActive()
    return tenant.alias


def get_company(slug_or_company: str | Company) -> Company:
    """Return the registered company for a slug (or the company itself); raise TenantNotFound."""
    if isinstance(slug_or_company, Company):
        return slug_or_company
    company = Company.objects.using("default").select_related("server").filter(slug=slug_or_company).first()
    if company is None:
        raise TenantNotFound(f"No company '{slug_or_company}'.")
    return company


@contextmanager
def tenant_context(slug_or_company: str | Company) -> Iterator[ActiveTenant]:
    """Make a company current for the body of the `with` block; restore the previous one after."""
    from .connections import register_company, touch

    company = get_company(slug_or_company)
    alias = register_company(company)
    tenant = ActiveTenant(company_id=company.pk, slug=company.slug, alias=alias)
    token = _current.set(tenant)
    try:
        touch(alias)
        yield tenant
    finally:
        _current.reset(token)
