"""Tokens, session login for the browsable API, CSRF, throttling, and /me."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient

from common.models import Company, Membership
from common.tests.factories import PASSWORD
from tenants.testing import make_company, tenant_db

from .support import api, assert_error, entry_body

pytestmark = tenant_db

TOKEN = "/api/v1/auth/token/"
REVOKE = "/api/v1/auth/token/revoke/"
SESSION = "/api/v1/auth/session/"
ME = "/api/v1/me/"


def token_for(client: APIClient, username: str, password: str = PASSWORD) -> str:
    response = client.post(TOKEN, {"username": username, "password": password}, format="json")
    assert response.status_code == 201, response.content
    token: str = response.json()["token"]
    return token


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def csrf_token(client: APIClient) -> str:
    response = client.get(SESSION)
    assert response.status_code == 200, response.content
    token: str = response.json()["csrf_token"]
    return token


# --- tokens -----------------------------------------------------------------------------------


def test_a_username_and_password_buy_a_token_that_authenticates(users):
    response = APIClient().post(TOKEN, {"username": "olga", "password": PASSWORD}, format="json")

    assert response.status_code == 201, response.content
    assert set(response.json()) == {"token", "expiry"}
    me = with_token(response.json()["token"]).get(ME)
    assert me.status_code == 200
    assert me.json()["username"] == "olga"


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "olga", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "olga", "password": PASSWORD + " "},
    ],
    ids=["wrong-password", "unknown-user", "password-with-a-trailing-space"],
)
def test_wrong_credentials_are_refused_as_invalid_credentials(users, credentials):
    response = APIClient().post(TOKEN, credentials, format="json")

    assert_error(response, 400, "invalid_credentials")


def test_an_inactive_user_gets_no_token(users):
    users["owner"].is_active = False
    users["owner"].save()

    response = APIClient().post(TOKEN, {"username": "olga", "password": PASSWORD}, format="json")

    assert_error(response, 400, "invalid_credentials")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": PASSWORD}, "username"),
        ({"username": "olga"}, "password"),
        ({"username": ["olga"], "password": PASSWORD}, "username"),
        ({"username": "olga", "password": None}, "password"),
    ],
    ids=["no-username", "no-password", "username-a-list", "password-null"],
)
def test_malformed_credentials_are_a_validation_error_naming_the_field(users, body, field):
    response = APIClient().post(TOKEN, body, format="json")

    body = assert_error(response, 400, "validation_error")
    assert field in body["fields"]


def test_malformed_json_is_a_parse_error(db):
    response = APIClient().post(TOKEN, '{"username": "olga",', content_type="application/json")

    assert_error(response, 400, "parse_error")


def test_password_attempts_are_throttled_after_the_rate(users):
    rest_framework = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "3/min"}}
    client = APIClient()
    with override_settings(REST_FRAMEWORK=rest_framework):
        attempts = [
            client.post(TOKEN, {"username": "olga", "password": "wrong"}, format="json").status_code
            for _ in range(3)
        ]
        refused = client.post(TOKEN, {"username": "olga", "password": PASSWORD}, format="json")

    assert attempts == [400, 400, 400]
    assert_error(refused, 429, "throttled")
    assert int(refused["Retry-After"]) > 0


def test_session_logins_count_against_the_same_throttle(users):
    rest_framework = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "1/min"}}
    client = APIClient()
    with override_settings(REST_FRAMEWORK=rest_framework):
        client.post(TOKEN, {"username": "olga", "password": "wrong"}, format="json")
        refused = client.post(SESSION, {"username": "olga", "password": PASSWORD}, format="json")

    assert_error(refused, 429, "throttled")


def test_a_revoked_token_no_longer_works(users):
    token = token_for(APIClient(), "olga")
    client = with_token(token)

    assert client.post(REVOKE).status_code == 204

    assert_error(client.get(ME), 401, "authentication_failed")


def test_revoking_one_token_keeps_the_users_other_tokens(users):
    first, second = token_for(APIClient(), "olga"), token_for(APIClient(), "olga")

    with_token(first).post(REVOKE)

    assert with_token(second).get(ME).status_code == 200


def test_revoking_all_tokens_signs_the_user_out_everywhere(users):
    first, second = token_for(APIClient(), "olga"), token_for(APIClient(), "olga")

    assert with_token(first).post(f"{REVOKE}?all=1").status_code == 204

    assert_error(with_token(second).get(ME), 401, "authentication_failed")


@pytest.mark.parametrize(
    "header", ["Token not-a-token", "Token ", "Token a b", "Bearer abc", "Token " + "x" * 5000]
)
def test_a_malformed_or_unknown_token_is_a_401(db, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get(ME)

    assert response.status_code == 401, response.content
    assert_error(response, 401)


def test_an_anonymous_revoke_is_a_401(db):
    assert_error(APIClient().post(REVOKE), 401, "not_authenticated")


# --- session login for the browsable API ------------------------------------------------------


def test_a_session_login_needs_the_csrf_token(users):
    client = APIClient(enforce_csrf_checks=True)

    refused = client.post(SESSION, {"username": "olga", "password": PASSWORD}, format="json")

    assert_error(refused, 403, "permission_denied")
    assert_error(client.get(ME), 401, "not_authenticated")


def test_a_session_login_with_the_csrf_token_signs_in(users):
    client = APIClient(enforce_csrf_checks=True)

    response = client.post(
        SESSION,
        {"username": "olga", "password": PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN=csrf_token(client),
    )

    assert response.status_code == 200, response.content
    assert response.json()["username"] == "olga"
    assert client.get(ME).json()["username"] == "olga"


def test_a_session_login_with_wrong_credentials_is_refused(users):
    client = APIClient(enforce_csrf_checks=True)

    response = client.post(
        SESSION, {"username": "olga", "password": "nope"}, format="json", HTTP_X_CSRFTOKEN=csrf_token(client)
    )

    assert_error(response, 400, "invalid_credentials")


def test_session_writes_need_the_csrf_token_and_token_writes_do_not(users, books, client_for):
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(users["accountant"])

    refused = session.post(api("journal-entries/"), entry_body(), format="json")
    accepted = session.post(
        api("journal-entries/"), entry_body(), format="json", HTTP_X_CSRFTOKEN=csrf_token(session)
    )
    by_token = client_for(users["accountant"], enforce_csrf_checks=True).post(
        api("journal-entries/"), entry_body(), format="json"
    )

    assert_error(refused, 403, "permission_denied")
    assert "CSRF" in refused.json()["message"]
    assert accepted.status_code == 201, accepted.content
    assert by_token.status_code == 201, by_token.content


def test_session_reads_need_no_csrf_token(users, books):
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(users["viewer"])

    assert session.get(api("accounts/")).status_code == 200


def test_asking_who_is_signed_in_answers_200_for_nobody_and_names_the_user_after_sign_in(users):
    client = APIClient(enforce_csrf_checks=True)

    before = client.get(SESSION)
    client.force_login(users["owner"])
    after = client.get(SESSION)

    assert before.status_code == 200 and before.json()["user"] is None
    assert before.json()["csrf_token"]
    assert after.json()["user"]["username"] == users["owner"].username


def test_a_session_logout_ends_the_session(users):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(users["owner"])

    refused = client.delete(SESSION)
    response = client.delete(SESSION, HTTP_X_CSRFTOKEN=csrf_token(client))

    assert_error(refused, 403, "permission_denied")
    assert response.status_code == 204
    assert_error(client.get(ME), 401, "not_authenticated")


# --- me ---------------------------------------------------------------------------------------


def test_me_lists_the_users_companies_with_their_roles(acme, foo, make_user, client_for):
    user = make_user("multi", (acme, Membership.Role.VIEWER), (foo, Membership.Role.ACCOUNTANT))

    body = client_for(user).get(ME).json()

    assert body["username"] == "multi"
    assert body["is_staff"] is False
    assert [(c["slug"], c["role"], c["base_currency"]) for c in body["companies"]] == [
        ("acme", "viewer", "USD"),
        ("foo", "accountant", "EUR"),
    ]
    assert set(body["companies"][0]) == {"slug", "name", "role", "base_currency", "status"}


def test_me_shows_no_company_of_which_the_user_is_not_a_member(users, client_for):
    body = client_for(users["non-member"]).get(ME).json()

    assert [c["slug"] for c in body["companies"]] == ["foo"]


def test_me_shows_staff_only_the_companies_they_are_members_of(acme, foo, users, client_for):
    body = client_for(users["staff"]).get(ME).json()

    assert body["is_staff"] is True
    assert [(c["slug"], c["role"]) for c in body["companies"]] == [("foo", "owner")]


@pytest.mark.parametrize(
    ("user", "role"), [("auditor", "viewer"), ("support", "accountant"), ("superuser", "owner")]
)
def test_me_shows_a_cross_company_grant_every_active_company(acme, foo, users, client_for, user, role):
    make_company("bar", status=Company.Status.SUSPENDED)

    body = client_for(users[user]).get(ME).json()

    assert [(c["slug"], c["role"]) for c in body["companies"]] == [("acme", role), ("foo", role)]


def test_me_keeps_the_role_of_a_membership_over_a_cross_company_grant(acme, foo, make_user, client_for):
    user = make_user("auditor", (acme, Membership.Role.VIEWER), permissions=("change_all_books",))

    body = client_for(user).get(ME).json()

    assert {c["slug"]: c["role"] for c in body["companies"]} == {"acme": "viewer", "foo": "accountant"}


def test_me_hides_companies_that_are_not_active(acme, make_user, client_for):
    user = make_user("sam", (acme, Membership.Role.OWNER))
    Company.objects.filter(pk=acme.pk).update(status=Company.Status.SUSPENDED)

    assert client_for(user).get(ME).json()["companies"] == []


def test_me_needs_authentication(db):
    assert_error(APIClient().get(ME), 401, "not_authenticated")


def test_the_browsable_api_offers_a_sign_in_that_comes_back_to_the_page(users):
    client = APIClient()
    page = api("accounts/")

    answer = client.get(page, HTTP_ACCEPT="text/html")
    link = client.get(f"/api-auth/login/?next={page}")

    assert answer.status_code in (401, 403)
    assert f"href='/api-auth/login/?next={page}'>Log in" in answer.content.decode()
    assert link.status_code == 302
    assert link["Location"] == "/app/login?back=" + page.replace("/", "%2F")


def test_the_browsable_api_sign_in_never_sends_anyone_to_another_site(users):
    link = APIClient().get("/api-auth/login/?next=//evil.example/")

    assert link["Location"] == "/app/login"
