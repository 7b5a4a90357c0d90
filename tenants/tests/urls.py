"""Test-only views that report what they see of the tenancy; mounted with
`override_settings(ROOT_URLCONF="tenants.tests.urls")` on top of the project's own URLs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from asgiref.sync import sync_to_async
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.urls import include, path

from ledger.models import Account
from tenants.routing.context import current_tenant


class ViewFailed(Exception):
    """Raised by `boom`; carries the company that was active inside the view."""

    def __init__(self, slug: str | None) -> None:
        super().__init__(slug)
        self.slug = slug


def active_slug() -> str | None:
    tenant = current_tenant()
    return tenant.slug if tenant else None


def whoami(request: HttpRequest, **kwargs: Any) -> JsonResponse:
    return JsonResponse(
        {"tenant": active_slug(), "kwargs": sorted(kwargs), "role": getattr(request, "company_role", None)}
    )


def boom(request: HttpRequest, **kwargs: Any) -> JsonResponse:
    raise ViewFailed(active_slug())


# A test sets this to hold concurrent async requests inside their views at the same moment.
rendezvous: asyncio.Barrier | None = None


async def whoami_async(request: HttpRequest, **kwargs: Any) -> JsonResponse:
    before = active_slug()
    if rendezvous is not None:
        async with asyncio.timeout(10):  # fails instead of hanging if requests were served one by one
            await rendezvous.wait()
    await asyncio.sleep(0)
    return JsonResponse({"before": before, "after": active_slug()})


def stream_codes(request: HttpRequest) -> StreamingHttpResponse:
    # `.iterator()` is lazy: the query runs when the first chunk is produced, after the view returned.
    codes = Account.objects.order_by("code").values_list("code", flat=True).iterator()
    return StreamingHttpResponse(f"{code}\n" for code in codes)


async def stream_codes_async(request: HttpRequest) -> StreamingHttpResponse:
    async def chunks() -> AsyncIterator[str]:
        async for code in Account.objects.order_by("code").values_list("code", flat=True):
            yield f"{code}\n"

    return StreamingHttpResponse(chunks())


def _account_codes() -> list[dict[str, str]]:
    return [{"code": code} for code in Account.objects.order_by("code").values_list("code", flat=True)]


async def accounts_async(request: HttpRequest) -> JsonResponse:
    """An async view reading the company's books, shaped like the API's account list."""
    user = await request.auser()
    if not user.is_authenticated:
        return JsonResponse(
            {"code": "not_authenticated", "message": "Log in first.", "fields": {}}, status=401
        )
    return JsonResponse({"results": await sync_to_async(_account_codes)()})


urlpatterns = [
    path("t/<slug:tenant_slug>/accounts-async/", accounts_async),
    path("t/<slug:tenant_slug>/whoami/", whoami),
    path("t/<slug:tenant_slug>/whoami-async/", whoami_async),
    path("t/<slug:tenant_slug>/boom/", boom),
    path("t/<slug:tenant_slug>/stream/", stream_codes),
    path("t/<slug:tenant_slug>/stream-async/", stream_codes_async),
    path("whoami/", whoami),
    # Everything else as in production: the API served next to the async view above.
    path("", include("pyledger_project.urls")),
]
