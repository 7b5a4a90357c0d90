"""API tokens: the per-user cap, the lifetime settings, revocation when the password changes, and
malformed tokens answered 401, never 500."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from common.checks import check_api_tokens

from .conftest import PASSWORD

TOKEN = "/api/v1/auth/token/"
REVOKE = "/api/v1/auth/token/revoke/"
ME = "/api/v1/me/"


class OneRoundPBKDF2(PBKDF2PasswordHasher):
    """A hasher other than the tests' MD5 one, fast: signing in re-hashes an MD5 password with it."""

    iterations = 1


def sign_in(username: str = "olga", password: str = PASSWORD) -> Any:
    return APIClient().post(TOKEN, {"username": username, "password": password}, format="json")


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def issued(user: User, count: int, *, expiry: timedelta = timedelta(days=30)) -> None:
    for _ in range(count):
        AuthToken.objects.create(user, expiry=expiry)


# --- the cap ------------------------------------------------------------------------------------


def test_the_fifty_first_token_is_refused(olga):
    issued(olga, 49)
    assert sign_in().status_code == 201

    refused = sign_in()

    assert refused.status_code == 403, refused.content
    assert refused.json()["code"] == "token_limit_reached"
    assert AuthToken.objects.filter(user=olga).count() == 50


def test_expired_tokens_do_not_count_against_the_cap(olga):
    issued(olga, 49)
    issued(olga, 5, expiry=timedelta(seconds=-1))

    assert sign_in().status_code == 201
    assert AuthToken.objects.filter(user=olga).count() == 50  # the expired ones are gone


def test_revoking_makes_room_under_the_cap(olga):
    issued(olga, 49)
    token = sign_in().json()["token"]

    assert with_token(token).post(f"{REVOKE}?all=1").status_code == 204
    assert sign_in().status_code == 201


@override_settings(REST_KNOX={**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2})
def test_the_cap_is_a_setting(olga):
    assert [sign_in().status_code for _ in range(3)] == [201, 201, 403]


# --- lifetime -----------------------------------------------------------------------------------


@override_settings(REST_KNOX={**settings.REST_KNOX, "TOKEN_TTL": timedelta(days=2)})
def test_a_token_expires_after_the_configured_days(olga):
    expiry = datetime.fromisoformat(sign_in().json()["expiry"])

    assert abs(expiry - (timezone.now() + timedelta(days=2))) < timedelta(minutes=1)


def test_an_expired_token_is_refused_and_deleted_and_others_are_left_alone(olga):
    _, expired = AuthToken.objects.create(olga, expiry=timedelta(seconds=-1))
    _, live = AuthToken.objects.create(olga, expiry=timedelta(days=1))

    assert with_token(expired).get(ME).status_code == 401
    assert with_token(live).get(ME).status_code == 200
    assert AuthToken.objects.filter(user=olga).count() == 1


@pytest.mark.slow
def test_the_lifetime_comes_from_the_environment():
    env = {
        **os.environ,
        "API_TOKEN_TTL_DAYS": "7",
        "API_TOKEN_MAX_AGE_DAYS": "90",
        "API_TOKEN_LIMIT_PER_USER": "5",
    }
    env["DJANGO_SETTINGS_MODULE"] = "pyledger_project.settings.prod"
    env.update(SECRET_KEY="k" * 60, DATABASE_URL="postgres://u:p@127.0.0.1:5432/x")
    code = (
        "import django; django.setup(); from django.conf import settings as s; k = s.REST_KNOX; "
        "print(k['TOKEN_TTL'].days, k['AUTO_REFRESH_MAX_TTL'].days, k['TOKEN_LIMIT_PER_USER'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7", "90", "5"]


@pytest.mark.parametrize(
    ("override", "code"),
    [
        ({"TOKEN_TTL": timedelta(0)}, "common.E005"),
        ({"TOKEN_LIMIT_PER_USER": 0}, "common.E006"),
        ({"AUTO_REFRESH_MAX_TTL": timedelta(days=-1)}, "common.E007"),
    ],
)
def test_the_check_refuses_token_settings_that_make_no_sense(override, code):
    with override_settings(REST_KNOX={**settings.REST_KNOX, **override}):
        assert [e.id for e in check_api_tokens()] == [code]


# --- a new password ends every token ------------------------------------------------------------


def test_a_password_set_by_staff_in_the_admin_revokes_the_users_tokens(olga, admin_user):
    token = sign_in().json()["token"]
    staff = Client()
    staff.force_login(admin_user)

    changed = staff.post(
        f"/admin/auth/user/{olga.pk}/password/",
        {"password1": "a new long passphrase", "password2": "a new long passphrase"},
    )

    assert changed.status_code == 302, changed.content
    assert with_token(token).get(ME).json()["code"] == "authentication_failed"
    assert sign_in(password="a new long passphrase").status_code == 201


def test_set_password_revokes_the_users_tokens_and_no_one_elses(olga, django_user_model):
    alan = django_user_model.objects.create_user(username="alan", password=PASSWORD)
    olgas, alans = sign_in().json()["token"], sign_in("alan").json()["token"]

    olga.set_password("a new long passphrase")
    olga.save()

    assert with_token(olgas).get(ME).status_code == 401
    assert with_token(alans).get(ME).status_code == 200
    assert alan.pk


def test_an_unusable_password_revokes_the_users_tokens(olga):
    token = sign_in().json()["token"]

    olga.set_unusable_password()
    olga.save()

    assert with_token(token).get(ME).status_code == 401


def test_saving_the_user_without_a_new_password_keeps_the_tokens(olga):
    token = sign_in().json()["token"]

    olga.first_name = "Olga"
    olga.save()

    assert with_token(token).get(ME).status_code == 200


def test_a_password_rehashed_at_sign_in_is_no_change(olga):
    token = sign_in().json()["token"]  # olga's password is hashed with MD5, the tests' hasher
    hashers = ["common.tests.test_tokens.OneRoundPBKDF2", *settings.PASSWORD_HASHERS]

    with override_settings(PASSWORD_HASHERS=hashers):
        assert sign_in().status_code == 201

    olga.refresh_from_db()
    assert olga.password.startswith("pbkdf2_sha256$1$")  # it was re-hashed
    assert with_token(token).get(ME).status_code == 200


# --- malformed tokens ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "status", "code"),
    [
        ("Token ab\x00cd", 400, "invalid_characters"),  # refused before any lookup
        ("Token \xff\xfe", 401, "authentication_failed"),
        ("Token " + "0" * 63 + "\x00", 400, "invalid_characters"),
        ("Token " + "é" * 64, 401, "authentication_failed"),
        ("Token " + "0" * 64, 401, "authentication_failed"),
    ],
    ids=["nul", "not-utf-8", "nul-in-a-token-shape", "not-ascii", "unknown"],
)
def test_a_malformed_token_is_a_4xx_not_a_500(db, header, status, code):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get(ME)

    assert response.status_code == status, response.content
    assert response.json()["code"] == code


def test_a_new_password_ends_the_users_sessions_too(olga):
    session = APIClient()
    session.force_login(olga)
    assert session.get(ME).status_code == 200

    olga.set_password("a new long passphrase")
    olga.save()

    assert session.get(ME).status_code == 401
