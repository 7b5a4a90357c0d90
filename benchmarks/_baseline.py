"""The baseline of benchmarks.request_overhead: the account list without tenancy.

A URLconf identical to the project's, except that `t/<slug>/api/v1/accounts/` is served by a view
that runs the endpoint's own selector (`ledger.selectors.account_list`: the same reads, the same
rows, the same bytes) with acme's tenant prepared once by the benchmark and set around the call
(a ContextVar set: no company lookup, no membership check, no connection registration). Served
by a handler whose MIDDLEWARE lacks TenantMiddleware. What the comparison leaves to "tenancy" is
resolution, the membership check and the context's set-up, as in api_load's baseline.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, include, path
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from ledger import selectors
from ledger.services.reference import cached_settings
from pyledger_project import urls as project_urls
from tenants.routing import context
from tenants.routing.context import ActiveTenant

TENANT_PREFIX = "t/<slug:tenant_slug>/api/v1/"
# The alias the tenancy side ends up using for /t/acme/.
ALIAS = "tenant_acme"
# acme's tenant, prepared by the benchmark (company id, slug, alias).
TENANT: ActiveTenant | None = None


def accounts() -> list[dict[str, Any]]:
    """The body's `results`: the endpoint's selector (rows in the wire shape), acme's tenant set directly."""
    assert TENANT is not None, "the benchmark prepares acme's tenant first"
    token = context._current.set(TENANT)
    try:
        base_currency = cached_settings().base_currency_id  # as the endpoint reads it
        rows = selectors.account_list(as_of=timezone.localdate(), base_currency=base_currency)
    finally:
        context._current.reset(token)
    return rows


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
