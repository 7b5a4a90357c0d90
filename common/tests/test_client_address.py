"""Sign-in attempts count against the client's real address: X-Forwarded-For only from proxies
the settings trust, IPv6 grouped by /64, bad settings refused by `manage.py check`."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from common.checks import check_trusted_proxies
from common.signin import client_address
from pyledger_project.tests.test_settings import PROD, manage

TOKEN = "/api/v1/auth/token/"


def rest_framework(*, rate: str = "3/min", **overrides: object) -> dict[str, object]:
    """The project's REST_FRAMEWORK setting with a low sign-in rate (and NUM_PROXIES as it is)."""
    return {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": rate}, **overrides}


def attempt(client: APIClient, **meta: Any) -> int:
    body = {"username": "olga", "password": "wrong"}
    return client.post(TOKEN, body, format="json", **meta).status_code


def test_rotating_x_forwarded_for_does_not_escape_the_throttle(olga):
    client = APIClient()
    with override_settings(REST_FRAMEWORK=rest_framework()):
        statuses = [attempt(client, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(6)]

    assert statuses[:3] == [400, 400, 400]
    assert statuses[3:] == [429, 429, 429]


def test_behind_one_trusted_proxy_the_address_it_appended_is_the_client(olga):
    client = APIClient()
    with override_settings(PYLEDGER_TRUSTED_PROXIES=1, REST_FRAMEWORK=rest_framework(NUM_PROXIES=1)):
        # The client writes whatever it likes on the left; the proxy appends the real address.
        spoofed = [attempt(client, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7") for n in range(4)]
        other_client = attempt(client, HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.8")

    assert spoofed == [400, 400, 400, 429]
    assert other_client == 400


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "198.51.100.7", "192.0.2.1"),
        (1, "192.0.2.1", "", "192.0.2.1"),
        (1, "192.0.2.1", "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.1", "1.1.1.1, 198.51.100.7", "198.51.100.7"),
        (2, "192.0.2.1", "1.1.1.1, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "192.0.2.1", "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.1", "198.51.100.7:51234", "198.51.100.7"),
        (1, "192.0.2.1", "[2001:db8::1]:443", "2001:db8::"),
        (1, "192.0.2.1", "not-an-address", "192.0.2.1"),
        (1, "192.0.2.1", "::ffff:198.51.100.7", "198.51.100.7"),
        (0, "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "", "2001:db8:1:2::"),
        (0, "fe80::1%eth0", "", "fe80::"),
        (0, "", "198.51.100.7", None),
    ],
)
def test_the_client_address(proxies, remote, forwarded, expected):
    request = RequestFactory().post(TOKEN, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    with override_settings(PYLEDGER_TRUSTED_PROXIES=proxies):
        assert client_address(request) == expected


def test_ipv6_addresses_of_one_64_share_one_throttle(olga):
    client = APIClient()
    with override_settings(REST_FRAMEWORK=rest_framework()):
        same_64 = [attempt(client, REMOTE_ADDR=f"2001:db8:1:2::{n:x}") for n in range(1, 5)]
        next_64 = attempt(client, REMOTE_ADDR="2001:db8:1:3::1")

    assert same_64 == [400, 400, 400, 429]
    assert next_64 == 400


@pytest.mark.parametrize("value", ["two", "-1", "1.5", "", -1, True])
def test_the_check_refuses_a_proxy_count_that_is_not_a_whole_number(value):
    with override_settings(PYLEDGER_TRUSTED_PROXIES=value):
        assert [e.id for e in check_trusted_proxies()] == ["common.E001"]


def test_the_check_refuses_a_drf_proxy_count_that_disagrees():
    with override_settings(PYLEDGER_TRUSTED_PROXIES=1):
        assert [e.id for e in check_trusted_proxies()] == ["common.E002"]
    with override_settings(PYLEDGER_TRUSTED_PROXIES=1, REST_FRAMEWORK=rest_framework(NUM_PROXIES=1)):
        assert check_trusted_proxies() == []


@pytest.mark.slow
def test_manage_py_check_fails_on_a_bad_proxy_count_from_the_environment(tmp_path):
    result = manage(
        "check",
        settings_module=PROD,
        SECRET_KEY="k" * 60,
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/x",
        ALLOWED_HOSTS="books.example.com",
        PYLEDGER_TRUSTED_PROXIES="two",
    )

    assert result.returncode != 0
    assert "common.E001" in result.stderr
    assert "got 'two'" in result.stderr
