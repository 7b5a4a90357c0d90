from __future__ import annotations

from django.http import HttpRequest

from common.models import Company


def current_company(request: HttpRequest) -> dict[str, Company | None]:
    return {"current_company": getattr(request, "company", None)}
