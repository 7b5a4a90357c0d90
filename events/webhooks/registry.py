"""The common database's list of companies with webhook endpoints (common.WebhookCompany): how many
are active, failing and disabled. The per-minute delivery tick queues a job only for companies with
an active one, and /metrics sums the counts over all companies (no company label).

The list errs on the side of delivering: a company is counted active before the transaction that
creates or enables an endpoint commits, and its counts drop only after the one that disables or
deletes it has. A company counted active without one costs one short job a minute until the next
`sync` (each delivery job and the daily prune sync their company; `sync_webhook_companies` syncs
every company).
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Sum

from common.models import WebhookCompany
from tenants.routing.context import current_alias, current_tenant

COUNTS = """
SELECT count(*) FILTER (WHERE is_active),
       count(*) FILTER (WHERE is_active AND consecutive_failures > 0),
       count(*) FILTER (WHERE NOT is_active)
  FROM events_webhookendpoint
"""


def _company_id() -> int:
    tenant = current_tenant()
    assert tenant is not None, "inside a company's tenant context"
    return tenant.company_id


def listed() -> bool:
    """Whether the current company is counted as having an active endpoint."""
    rows = WebhookCompany.objects.using("default").filter(company_id=_company_id(), active_endpoints__gt=0)
    return rows.exists()


def add() -> None:
    """Count the current company as having an active endpoint (before one it creates or enables
    commits)."""
    row, made = WebhookCompany.objects.using("default").get_or_create(
        company_id=_company_id(), defaults={"active_endpoints": 1}
    )
    if not made and row.active_endpoints == 0:
        WebhookCompany.objects.using("default").filter(pk=row.pk).update(active_endpoints=1)


def sync() -> bool:
    """Count the current company's endpoints from its books; return whether one is active."""
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(COUNTS)
        active, failing, disabled = cursor.fetchone()
    rows = WebhookCompany.objects.using("default").filter(company_id=_company_id())
    if active + disabled == 0:
        rows.delete()
        return False
    counts = {"active_endpoints": active, "failing_endpoints": failing, "disabled_endpoints": disabled}
    if not rows.filter(**counts).exists():  # a write only when a count changed
        WebhookCompany.objects.using("default").update_or_create(company_id=_company_id(), defaults=counts)
    return bool(active)


def endpoint_states() -> dict[tuple[str, ...], float]:
    """The fleet's endpoints by state, for /metrics: one query on the common database."""
    sums = WebhookCompany.objects.using("default").aggregate(
        active=Sum("active_endpoints"), failing=Sum("failing_endpoints"), disabled=Sum("disabled_endpoints")
    )
    return {(state,): float(sums[state] or 0) for state in ("active", "failing", "disabled")}
