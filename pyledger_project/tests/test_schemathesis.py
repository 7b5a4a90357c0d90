"""Property-based run of the API against its own OpenAPI schema (schemathesis, in-process WSGI).

One pytest test per operation, each inside its own tenant_db transaction: the WSGI app runs in
this thread on this thread's connections, so whatever the generated requests write is rolled
back with the test. The schema comes from drf-spectacular directly (no HTTP, no database at
collection time); every request carries an acme owner's token, and {tenant_slug} is always acme.

Checks: no 5xx; every status code is documented for its operation (the error answers are added
to the schema by pyledger_project.schema.add_error_responses); every documented response matches
its schema and content type.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from knox.models import AuthToken

from common.models import Company, Membership
from common.tests.factories import UserFactory
from ledger.seed import seed_tenant
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 15


def load_schema() -> schemathesis.schemas.BaseSchema:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(raw)))
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@pytest.fixture
def same_connection() -> Iterator[None]:
    """Keep the test's connections open across requests.

    Django's WSGI handler closes "old" connections when a request starts and ends; inside the test
    transaction that would close the connection and lose the transaction. The test client makes
    the same exception (django.test.client.ClientHandler).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def owner_token(acme: Company, django_user_model: Any, same_connection: None) -> str:
    """A token of acme's owner, with acme's books seeded."""
    with tenant_context(acme):
        seed_tenant(company=acme)
    user = UserFactory.create(username="olivia", memberships=[(acme, Membership.Role.OWNER)])
    _, token = AuthToken.objects.create(user)
    return str(token)


@tenant_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_keeps_to_its_schema(case: Any, owner_token: str) -> None:
    if "tenant_slug" in (case.path_parameters or {}):
        case.path_parameters["tenant_slug"] = "acme"
    # The auth endpoints are throttled (20/min); a 429 is right but says nothing about the schema.
    cache.clear()
    case.call_and_validate(
        headers={"Authorization": f"Token {owner_token}"},
        checks=[
            schemathesis.checks.not_a_server_error,
            schemathesis.checks.response_schema_conformance,
            schemathesis.checks.status_code_conformance,
            schemathesis.checks.content_type_conformance,
        ],
    )
