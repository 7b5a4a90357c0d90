"""The baseline of benchmarks.request_overhead: the account list without tenancy.

A URLconf identical to the project's, except that `t/<slug>/api/v1/accounts/` is served by a view
that reads the same rows from the same database through an explicit `.using(alias)`: no company
lookup, no membership check, no context, no router (QuerySet.db only asks the router when no
`using` was given). Served by a handler whose MIDDLEWARE lacks TenantMiddleware.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLResolver, include, path

from ledger.models import Account
from pyledger_project import urls as project_urls

TENANT_PREFIX = "t/<slug:tenant_slug>/"
# The alias the tenancy side ends up using for /t/acme/: set up by the benchmark.
ALIAS = "tenant_acme"


def accounts() -> list[dict[str, Any]]:
    rows = Account.objects.using(ALIAS).order_by("code").values("code", "name", "type", "is_active")
    return [dict(row) for row in rows]


@login_required
def account_list(request: HttpRequest, tenant_slug: str = "") -> JsonResponse:
    return JsonResponse({"results": accounts()})


baseline_patterns = [path("api/v1/accounts/", account_list, name="account-list")]


def _swap(pattern: Any) -> Any:
    if isinstance(pattern, URLResolver) and str(pattern.pattern) == TENANT_PREFIX:
        return path(TENANT_PREFIX, include((baseline_patterns, "ledger")))
    return pattern


urlpatterns = [_swap(p) for p in project_urls.urlpatterns]
if urlpatterns == list(project_urls.urlpatterns):
    raise RuntimeError(f"No {TENANT_PREFIX!r} include in the project's URLconf: update the benchmark.")
