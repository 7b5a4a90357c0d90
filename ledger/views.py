"""Minimal company-scoped endpoints proving the routing end to end (the full API comes later)."""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse

from .models import Account


def _accounts() -> list[dict[str, Any]]:
    rows = Account.objects.order_by("code").values("code", "name", "type", "is_active")
    return [dict(row) for row in rows]


@login_required
def account_list(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"results": _accounts()})


async def account_list_async(request: HttpRequest) -> JsonResponse:
    user = await request.auser()
    if not user.is_authenticated:
        return JsonResponse(
            {"code": "not_authenticated", "message": "Log in first.", "fields": {}}, status=401
        )
    return JsonResponse({"results": await sync_to_async(_accounts)()})
