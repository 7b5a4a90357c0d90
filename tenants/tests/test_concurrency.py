"""The current company under concurrency: threads, asyncio tasks and concurrent async requests."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import User
from django.db import connections
from django.test import AsyncClient, override_settings

from common.models import Company, Membership
from common.tests.factories import UserFactory
from ledger.models import Account
from ledger.seed import seed_tenant
from tenants.errors import NoTenantActive
from tenants.routing.context import current_tenant, tenant_context
from tenants.testing import tenant_db

from . import urls as test_urls

pytestmark = [tenant_db, pytest.mark.slow]

ROUNDS = 40
THREAD_PREFIX = "T-"  # codes the thread test commits; it deletes them again


def active_slug() -> str | None:
    tenant = current_tenant()
    return tenant.slug if tenant else None


@pytest.fixture
def alice(acme: Company, foo: Company, django_user_model: type[User]) -> User:
    return UserFactory.create(
        username="alice", memberships=[(acme, Membership.Role.OWNER), (foo, Membership.Role.VIEWER)]
    )


# --- threads ----------------------------------------------------------------------------------


def test_threads_serving_acme_and_foo_at_once_never_see_each_others_rows(acme, foo):
    # Each thread has its own connections, outside the test's transaction: it commits its rows and
    # deletes them itself. The Company rows are passed in (the threads cannot see the test's
    # uncommitted registry rows), so tenant_context() needs no lookup in the common database.
    barrier = threading.Barrier(2, timeout=30)

    def serve(company: Company) -> list[tuple[str | None, set[str]]]:
        mine = f"{THREAD_PREFIX}{company.slug}-"
        seen = []
        try:
            for i in range(ROUNDS):
                with tenant_context(company):
                    Account.objects.create(code=f"{mine}{i:03}", name="Thread", type=Account.Type.ASSET)
                barrier.wait()  # both threads have written round i
                with tenant_context(company):
                    rows = Account.objects.filter(code__startswith=THREAD_PREFIX)
                    seen.append((active_slug(), set(rows.values_list("code", flat=True))))
                barrier.wait()  # both have read before either writes again
            return seen
        except BaseException:
            barrier.abort()  # let the other thread fail fast instead of waiting out the timeout
            raise
        finally:
            with tenant_context(company):
                Account.objects.filter(code__startswith=mine).delete()
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        acme_seen, foo_seen = pool.map(serve, [acme, foo])

    for company, seen in (("acme", acme_seen), ("foo", foo_seen)):
        assert len(seen) == ROUNDS
        for i, (slug, codes) in enumerate(seen):
            assert slug == company
            assert codes == {f"{THREAD_PREFIX}{company}-{n:03}" for n in range(i + 1)}


def test_a_thread_started_without_copying_the_context_has_no_company(acme):
    with tenant_context(acme), ThreadPoolExecutor(max_workers=1) as pool:
        slug = pool.submit(active_slug).result()
        failure = pool.submit(Account.objects.count).exception()

    assert slug is None
    assert isinstance(failure, NoTenantActive)
    assert failure.code == "tenant_required"


def test_a_thread_started_with_a_copied_context_keeps_the_company(acme):
    with tenant_context(acme), ThreadPoolExecutor(max_workers=1) as pool:
        slug = pool.submit(contextvars.copy_context().run, active_slug).result()

    assert slug == "acme"


# --- asyncio ----------------------------------------------------------------------------------


def test_concurrent_tasks_each_keep_their_own_company(acme, foo):
    async def task(company: Company, barrier: asyncio.Barrier) -> list[str | None]:
        seen = []
        with tenant_context(company):
            for _ in range(ROUNDS):
                await barrier.wait()  # every task is inside its own context at this point
                seen.append(active_slug())
        seen.append(active_slug())
        return seen

    async def main() -> list[list[str | None]]:
        barrier = asyncio.Barrier(4)
        companies = [acme, foo, acme, foo]
        async with asyncio.timeout(30):
            return await asyncio.gather(*(task(company, barrier) for company in companies))

    results = async_to_sync(main)()

    for company, seen in zip(["acme", "foo", "acme", "foo"], results, strict=True):
        assert seen == [company] * ROUNDS + [None]
    assert active_slug() is None


@override_settings(ROOT_URLCONF="tenants.tests.urls")
def test_the_async_view_serves_acme_and_foo_concurrently_each_its_own_rows(alice, acme, foo):
    for company, code in ((acme, "8001"), (foo, "8002")):
        with tenant_context(company):
            seed_tenant(company=company)  # the API's account list needs the books set up
            Account.objects.create(code=code, name="Async", type=Account.Type.ASSET)
    client = AsyncClient()
    client.force_login(alice)
    slugs = ["acme", "foo"] * 10
    # A test-only async view, and the API's sync account list served under ASGI.
    paths = ["accounts-async/", "api/v1/accounts/"]

    async def main() -> list[Any]:
        requests = [client.get(f"/t/{slug}/{paths[i % 4 // 2]}") for i, slug in enumerate(slugs)]
        return await asyncio.gather(*requests)

    responses = async_to_sync(main)()

    own = {"acme": "8001", "foo": "8002"}
    other = {"acme": "8002", "foo": "8001"}
    for slug, response in zip(slugs, responses, strict=True):
        assert response.status_code == 200, response.content
        codes = {row["code"] for row in response.json()["results"]}
        assert own[slug] in codes
        assert other[slug] not in codes


@override_settings(ROOT_URLCONF="tenants.tests.urls")
def test_concurrent_async_requests_never_see_each_others_company(alice, acme, foo):
    client = AsyncClient()
    client.force_login(alice)
    slugs = ["acme", "foo"] * 5

    async def main() -> list[Any]:
        # Every request waits inside its view until all of them are there.
        test_urls.rendezvous = asyncio.Barrier(len(slugs))
        try:
            return await asyncio.gather(*(client.get(f"/t/{slug}/whoami-async/") for slug in slugs))
        finally:
            test_urls.rendezvous = None

    responses = async_to_sync(main)()

    for slug, response in zip(slugs, responses, strict=True):
        assert response.json() == {"before": slug, "after": slug}
    assert active_slug() is None
