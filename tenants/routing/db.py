"""Transactions on the active tenant's database.

`transaction.atomic()` ignores routers: without `using=` it opens on `default` and a tenant write
is not part of it. Tenant code uses `tenant_atomic()` (and `tenant_on_commit`) instead.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from .context import current_alias


def tenant_atomic(*, savepoint: bool = True, durable: bool = False) -> transaction.Atomic:
    return transaction.atomic(using=current_alias(), savepoint=savepoint, durable=durable)


def tenant_on_commit(func: Callable[[], object]) -> None:
    transaction.on_commit(func, using=current_alias())
