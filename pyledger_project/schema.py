"""OpenAPI preprocessing: document each company endpoint once, under /t/{tenant_slug}/."""

from __future__ import annotations

from typing import Any

PUBLIC_PREFIXES = ("/api/v1/auth/", "/api/v1/me/")


def drop_host_duplicates(
    endpoints: list[tuple[str, str, str, Any]], **kwargs: Any
) -> list[tuple[str, str, str, Any]]:
    """The /api/v1/… copies of company endpoints (for X-Tenant and domains) stay undocumented."""
    return [
        (path, regex, method, view)
        for path, regex, method, view in endpoints
        if path.startswith("/t/") or path.startswith(PUBLIC_PREFIXES)
    ]
