"""API tokens through the registry cache: no token query on a repeated request, and a revoked
token or a deactivated user refused on the very next one, whichever process made the change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken

from common.models import Membership
from common.tests.factories import UserFactory
from tenants.testing import tenant_db

URL = "/t/acme/api/v1/accounts/"
pytestmark = [tenant_db, pytest.mark.usefixtures("fresh_cache", "seeded_acme")]


@pytest.fixture
def token(acme):
    """(the token's row, the secret a client sends) of an accountant of acme."""
    user = UserFactory.create(username="token-tom", memberships=[(acme, Membership.Role.ACCOUNTANT)])
    return AuthToken.objects.create(user)


def get(client: Client, secret: str, url: str = URL) -> int:
    status: int = client.get(
        url, HTTP_AUTHORIZATION=f"Token {secret}", HTTP_ACCEPT="application/json"
    ).status_code
    return status


def in_another_process(statement: str, *params: str | int) -> None:
    """SQL on the common database: no signal reaches this process's cache, only the generation."""
    with connections["default"].cursor() as cursor:
        cursor.execute(statement, params)


def token_queries(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "knox_authtoken" in q["sql"]]


def test_a_repeated_request_reads_no_token(client, token):
    _row, secret = token
    assert get(client, secret) == 200

    with CaptureQueriesContext(connections["default"]) as captured:
        assert get(client, secret) == 200

    assert token_queries(captured) == []


def test_a_token_deleted_elsewhere_is_refused_on_the_next_request(client, token):
    row, secret = token
    assert get(client, secret) == 200

    in_another_process("DELETE FROM knox_authtoken WHERE digest = %s", row.digest)

    assert get(client, secret) == 401


def test_a_user_deactivated_elsewhere_is_refused_on_the_next_request(client, token):
    row, secret = token
    assert get(client, secret) == 200

    in_another_process("UPDATE auth_user SET is_active = false WHERE id = %s", row.user_id)

    assert get(client, secret) == 401


def test_a_wrong_secret_with_a_cached_key_is_refused(client, token):
    _row, secret = token
    assert get(client, secret) == 200

    forged = secret[:15] + ("0" if secret[15] != "0" else "1") + secret[16:]
    assert get(client, forged) == 401


def test_an_expiry_moved_earlier_elsewhere_refuses_the_token_and_deletes_it(client, token):
    row, secret = token
    assert get(client, secret) == 200

    in_another_process(
        "UPDATE knox_authtoken SET expiry = now() - interval '1 second' WHERE digest = %s", row.digest
    )

    assert get(client, secret) == 401
    assert not AuthToken.objects.filter(digest=row.digest).exists()


def test_a_renewal_is_written_once_not_at_every_request(client, token):
    row, secret = token
    AuthToken.objects.filter(digest=row.digest).update(expiry=timezone.now() + timedelta(days=1))
    assert get(client, secret) == 200  # renewed: expiry now + TOKEN_TTL

    with CaptureQueriesContext(connections["default"]) as captured:
        assert get(client, secret) == 200
        assert get(client, secret) == 200

    assert [q for q in token_queries(captured) if q.startswith("UPDATE")] == []
    assert AuthToken.objects.get(digest=row.digest).expiry > timezone.now() + timedelta(days=2)


def test_outside_a_request_nothing_is_cached(token):
    from rest_framework.test import APIRequestFactory

    from tenants.routing.tokens import CachedTokenAuthentication

    row, secret = token
    request = APIRequestFactory().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {secret}")
    from rest_framework.request import Request

    with CaptureQueriesContext(connections["default"]) as captured:
        for _ in range(2):
            user, found = CachedTokenAuthentication().authenticate(Request(request))  # type: ignore[misc]
    assert found.digest == row.digest and user.pk == row.user_id
    assert len(token_queries(captured)) == 2
