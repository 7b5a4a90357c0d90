"""Find the company a request is for. Order, first match wins:

1. the path prefix `/t/<slug>/` (explicit in every link, so it wins);
2. the `X-Tenant: <slug>` header (for API clients on a shared host);
3. the request's hostname, looked up in `Domain`.

A path prefix and a header that name different companies are refused (TenantMismatch) rather than
guessed between. No match at all means a public page (admin, login, the API root).
"""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.http.request import split_domain_port

from common.models import Company, Domain

from ..errors import TenantMismatch, TenantNotFound
from .registry_cache import cached

PATH_PREFIX = re.compile(r"^/t/(?P<slug>[^/]+)/")
TENANT_HEADER = "X-Tenant"


def slug_from_path(path: str) -> str | None:
    match = PATH_PREFIX.match(path)
    return match.group("slug") if match else None


def _by_slug(slug: str) -> Company:
    company = cached(
        ("company", slug), lambda: Company.objects.select_related("server").filter(slug=slug).first()
    )
    if company is None:
        raise TenantNotFound(f"No company '{slug[:60]}'.")
    return company


def resolve(request: HttpRequest) -> Company | None:
    """Return the company `request` addresses, None for a public request; raise if unknown."""
    path_slug = slug_from_path(request.path_info)
    header_slug = request.headers.get(TENANT_HEADER, "").strip() or None
    if path_slug is not None:
        if header_slug is not None and header_slug != path_slug:
            raise TenantMismatch()
        return _by_slug(path_slug)
    if header_slug is not None:
        return _by_slug(header_slug)
    # split_domain_port handles IPv6 literals ("[::1]:8000"), case and a trailing dot.
    host, _port = split_domain_port(request.get_host())
    if not host:
        return None
    domain = cached(
        ("domain", host),
        lambda: Domain.objects.select_related("company__server").filter(hostname=host).first(),
    )
    return domain.company if domain else None
