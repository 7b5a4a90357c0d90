"""Sign-in lockouts: every path (API token, session, admin) counts failures per address and per
account, locks for the cool-off, and answers 429; the owner's known address stays open."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import AsyncClient, Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from common.checks import check_lockout_policy

from .conftest import PASSWORD

TOKEN = "/api/v1/auth/token/"
SESSION = "/api/v1/auth/session/"
ADMIN_LOGIN = "/admin/login/"
LIMIT = 10  # SIGNIN_FAILURE_LIMIT's default
ATTACKER = "198.51.100.66"
HOME = "192.0.2.10"


def token(username: str, password: str, address: str = ATTACKER) -> Any:
    body = {"username": username, "password": password}
    return APIClient().post(TOKEN, body, format="json", REMOTE_ADDR=address)


def session(username: str, password: str, address: str = ATTACKER) -> Any:
    body = {"username": username, "password": password}
    return APIClient().post(SESSION, body, format="json", REMOTE_ADDR=address)


def admin(username: str, password: str, address: str = ATTACKER) -> Any:
    body = {"username": username, "password": password, "next": "/admin/"}
    return Client().post(ADMIN_LOGIN, body, REMOTE_ADDR=address)


def assert_locked(response: Any) -> None:
    assert response.status_code == 429, response.content
    body = response.json()
    assert body["code"] == "signin_locked", body
    assert set(body) == {"code", "message", "fields"}
    assert int(response["Retry-After"]) == 15 * 60


@pytest.fixture
def staff_olga(olga: User) -> User:
    olga.is_staff = True
    olga.save()
    return olga


def test_the_tenth_wrong_password_from_an_address_locks_it(olga):
    statuses = [token("olga", "wrong").status_code for _ in range(LIMIT - 1)]

    assert statuses == [400] * (LIMIT - 1)
    assert_locked(token("olga", "wrong"))
    assert_locked(token("olga", PASSWORD))  # the right password does not open a lock


def test_an_address_is_locked_whatever_usernames_it_tries(olga):
    for n in range(LIMIT):
        token(f"user{n}", "wrong")

    assert_locked(token("olga", PASSWORD))
    assert token("olga", PASSWORD, address="203.0.113.1").status_code == 201


def test_the_lock_ends_after_the_cool_off(olga):
    for _ in range(LIMIT):
        token("olga", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))

    assert token("olga", PASSWORD).status_code == 201


def test_failures_spread_over_many_addresses_lock_the_account(olga):
    for n in range(LIMIT):
        token("olga", "wrong", address=f"198.51.100.{n}")

    assert_locked(token("olga", PASSWORD, address="203.0.113.1"))


def test_the_owner_still_signs_in_from_an_address_they_used_before(olga):
    assert token("olga", PASSWORD, address=HOME).status_code == 201
    for n in range(LIMIT):
        token("olga", "wrong", address=f"198.51.100.{n}")

    assert token("olga", PASSWORD, address=HOME).status_code == 201
    assert_locked(token("olga", PASSWORD, address="203.0.113.1"))


def test_the_owners_address_is_still_locked_by_failures_from_it(olga):
    assert token("olga", PASSWORD, address=HOME).status_code == 201
    for _ in range(LIMIT):
        token("olga", "wrong", address=HOME)

    assert_locked(token("olga", PASSWORD, address=HOME))


def test_an_unknown_username_is_locked_like_a_real_one(olga):
    """A lockout must not tell an attacker which accounts exist."""
    for n in range(LIMIT):
        token("nobody", "wrong", address=f"198.51.100.{n}")
        token("olga", "wrong", address=f"198.51.100.{n}")

    assert_locked(token("nobody", "wrong", address="203.0.113.1"))
    assert_locked(token("olga", "wrong", address="203.0.113.1"))


def test_another_spelling_of_the_username_does_not_escape_the_account_lock(olga):
    for n in range(LIMIT):
        token("olga", "wrong", address=f"198.51.100.{n}")

    # Fullwidth letters normalize to "olga" (NFKC), as on the admin's form: the same locked account.
    fullwidth = "\uff4f\uff4c\uff47\uff41"  # "olga" in fullwidth letters
    assert_locked(token(fullwidth, PASSWORD, address="203.0.113.1"))
    # Usernames are case-sensitive: "OLGA" is another, unknown account, and never olga's.
    assert token("OLGA", PASSWORD, address="203.0.113.2").json()["code"] == "invalid_credentials"


def test_signing_in_to_ones_own_account_does_not_wipe_failures_against_another(olga, django_user_model):
    django_user_model.objects.create_user(username="mallory", password=PASSWORD)
    for _ in range(LIMIT - 1):
        token("olga", "wrong")

    assert token("mallory", PASSWORD).status_code == 201
    assert_locked(token("olga", "wrong"))


def test_ipv6_addresses_of_one_64_share_one_lock(olga):
    for n in range(1, LIMIT + 1):
        token("olga", "wrong", address=f"2001:db8:1:2::{n:x}")

    assert_locked(token("olga", PASSWORD, address="2001:db8:1:2:ffff::1"))


def test_the_session_login_is_locked_too(olga):
    for _ in range(LIMIT - 1):
        assert session("olga", "wrong").status_code == 400

    assert_locked(session("olga", "wrong"))
    assert_locked(session("olga", PASSWORD))


def test_the_admin_login_is_locked_with_a_page_that_says_so(staff_olga):
    statuses = [admin("olga", "wrong").status_code for _ in range(LIMIT - 1)]
    locked = admin("olga", "wrong")
    refused = admin("olga", PASSWORD)

    assert statuses == [200] * (LIMIT - 1)  # the form again, with its error
    for response in (locked, refused):
        assert response.status_code == 429
        assert response["Content-Type"].startswith("text/html")
        assert "Sign-in paused" in response.content.decode()
        assert "Try again in 15 minutes" in response.content.decode()


def test_failures_on_every_path_count_together(staff_olga):
    for _ in range(4):
        admin("olga", "wrong")
        token("olga", "wrong")
    session("olga", "wrong")

    assert_locked(session("olga", "wrong"))
    assert admin("olga", PASSWORD).status_code == 429
    assert_locked(token("olga", PASSWORD))


@pytest.mark.parametrize(
    ("setting", "value", "code"),
    [("AXES_FAILURE_LIMIT", 0, "common.E003"), ("AXES_COOLOFF_TIME", timedelta(0), "common.E004")],
)
def test_the_check_refuses_a_policy_that_never_locks(setting, value, code):
    with override_settings(**{setting: value}):
        assert [e.id for e in check_lockout_policy()] == [code]


def test_a_lockout_is_answered_the_same_under_asgi(staff_olga):
    client = AsyncClient()
    body = {"username": "olga", "password": "wrong"}

    async def attempts() -> tuple[Any, Any]:
        for _ in range(LIMIT - 1):
            await client.post(TOKEN, body, content_type="application/json", REMOTE_ADDR=ATTACKER)
        api = await client.post(TOKEN, body, content_type="application/json", REMOTE_ADDR=ATTACKER)
        page = await client.post(ADMIN_LOGIN, body, REMOTE_ADDR=ATTACKER)
        return api, page

    api, page = async_to_sync(attempts)()

    assert_locked(api)
    assert page.status_code == 429
    assert "Sign-in paused" in page.content.decode()
