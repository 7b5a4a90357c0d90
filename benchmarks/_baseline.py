"""The baseline of benchmarks.request_overhead: the account list without tenancy.

A URLconf identical to the project's, except that `t/<slug>/api/v1/accounts/` is served by a view
that reads the same rows from the same database through an explicit `.using(alias)` and answers
the same bytes: no company lookup, no membership check, no context, no router (QuerySet.db only
asks the router when no `using` was given). Served by a handler whose MIDDLEWARE lacks
TenantMiddleware.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, include, path
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from ledger.api.serializers import AccountWithBalanceSerializer
from ledger.models import Account
from ledger.money import money_text
from pyledger_project import urls as project_urls

TENANT_PREFIX = "t/<slug:tenant_slug>/api/v1/"
# The alias the tenancy side ends up using for /t/acme/, and acme's base currency: set up by the
# benchmark.
ALIAS = "tenant_acme"
BASE_CURRENCY = "USD"
# The balances the accounts list shows, read as ledger.reports reads them (one grouped query).
BALANCES = (
    "SELECT account_id, sum(base_debit) - sum(base_credit) FROM ledger_accountbalance"
    " WHERE date <= %s GROUP BY account_id"
)


def accounts() -> list[dict[str, Any]]:
    """The body's `results`: the chart in code order with each account's balance."""
    rows = list(Account.objects.using(ALIAS).select_related("parent").order_by("code"))
    with connections[ALIAS].cursor() as cursor:
        cursor.execute(BALANCES, [timezone.localdate()])
        balances = dict(cursor.fetchall())
    for account in rows:
        account.balance = money_text(balances.get(account.pk, Decimal(0)), BASE_CURRENCY)  # type: ignore[attr-defined]
    return list(AccountWithBalanceSerializer(rows, many=True).data)


@login_required
def account_list(request: HttpRequest, tenant_slug: str = "") -> HttpResponse:
    results = accounts()
    body = JSONRenderer().render({"count": len(results), "results": results})
    return HttpResponse(body, content_type="application/json")


baseline_patterns = [path("accounts/", account_list, name="account-list")]


def _swap(pattern: Any) -> Any:
    if isinstance(pattern, URLResolver) and str(pattern.pattern) == TENANT_PREFIX:
        return path(TENANT_PREFIX, include((baseline_patterns, "ledger")))
    return pattern


urlpatterns = [_swap(p) for p in project_urls.urlpatterns]
if urlpatterns == list(project_urls.urlpatterns):
    raise RuntimeError(f"No {TENANT_PREFIX!r} include in the project's URLconf: update the benchmark.")
