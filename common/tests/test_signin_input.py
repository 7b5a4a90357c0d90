"""Hostile input on the sign-in paths: refused with a 4xx in the one error shape, never a 500."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from rest_framework.test import APIClient

from .conftest import PASSWORD

TOKEN = "/api/v1/auth/token/"
SESSION = "/api/v1/auth/session/"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "ol\x00ga", "password": PASSWORD}, "username"),
        ({"username": "olga", "password": "a\x00"}, "password"),
    ],
    ids=["username", "password"],
)
@pytest.mark.parametrize("path", [TOKEN, SESSION])
def test_a_nul_byte_in_the_credentials_is_a_validation_error(olga, path, body, field):
    response = APIClient().post(path, body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]


@pytest.mark.parametrize("password", ["wrong", PASSWORD])
def test_a_nul_byte_in_the_user_agent_is_refused_before_the_sign_in(olga, password):
    body = {"username": "olga", "password": password}

    response = APIClient().post(TOKEN, body, format="json", HTTP_USER_AGENT="curl\x00/8")

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_characters"
    assert not AccessAttempt.objects.exists()  # no failure counted: nothing was tried


def test_a_nul_byte_in_the_user_agent_is_refused_before_the_admin_sign_in(olga):
    response = Client().post(
        "/admin/login/", {"username": "olga", "password": "wrong"}, HTTP_USER_AGENT="a\x00b"
    )

    assert response.status_code == 400
    assert not AccessAttempt.objects.exists()
