"""API token authentication through the registry cache: a token and its user are read once per
process while nothing about them changed, and revalidated at every request as companies and
roles are (registry_cache.py).

knox reads the token and its user with an ORM query on every request: 0.6 ms, as much as the
posting an API request makes. Here one plain query loads them, and its rows stay in the registry
cache. Deleting a token (sign-out, revocation, a password change, expiry) and changing a user's
status, rights, name or password bump the registry generation in their own transaction
(migration common 0009), and each request reads the generation before it authenticates: a
revoked token or a deactivated user is refused on the very next request in every process. A new
token needs no bump (no process holds its key), nor does a renewal (a later expiry): the process
that renews keeps the new expiry, another renews once more at most.
"""

from __future__ import annotations

import binascii
from collections.abc import Sequence
from functools import cache, partial
from hmac import compare_digest
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connections
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions
from rest_framework.request import Request

from common.tokens import TokenAuthentication, check_shape

from .registry_cache import cached, forget

TOKEN_FIELDS = ["digest", "token_key", "user_id", "created", "expiry"]
INVALID = "Invalid token."


@cache
def _user_fields() -> list[str]:
    return [f.attname for f in get_user_model()._meta.concrete_fields]


@cache
def _sql() -> str:
    user = get_user_model()._meta
    quote = connections["default"].ops.quote_name
    assert user.pk is not None
    columns = [f"t.{quote(name)}" for name in TOKEN_FIELDS] + [
        f"u.{quote(str(f.column))}" for f in user.concrete_fields
    ]
    return (
        f"SELECT {', '.join(columns)} FROM {quote(AuthToken._meta.db_table)} t"  # noqa: S608 (names, not input)
        f" JOIN {quote(user.db_table)} u ON u.{quote(str(user.pk.column))} = t.user_id WHERE t.token_key = %s"
    )


def _rows(key: str) -> tuple[tuple[Any, ...], ...]:
    with connections["default"].cursor() as cursor:
        cursor.execute(_sql(), [key])
        return tuple(cursor.fetchall())


def _token(row: Sequence[Any]) -> AuthToken:
    """Fresh instances from a row each time: a cached model instance would be shared by requests."""
    token = AuthToken.from_db("default", TOKEN_FIELDS, row[: len(TOKEN_FIELDS)])
    user = get_user_model().from_db("default", _user_fields(), row[len(TOKEN_FIELDS) :])
    AuthToken._meta.get_field("user").set_cached_value(token, user)
    return token


class CachedTokenAuthentication(TokenAuthentication):
    """knox's checks (expiry, digest, renewal, an active user) on rows from the registry cache."""

    use_cache = False

    def authenticate(self, request: Request) -> tuple[Any, AuthToken] | None:
        # Only where this request has read the registry generation (TenantMiddleware, for every
        # request): elsewhere the rows are read afresh.
        self.use_cache = bool(getattr(request._request, "registry_revalidated", False))
        found: tuple[Any, AuthToken] | None = super().authenticate(request)
        return found

    def authenticate_credentials(self, token: bytes) -> tuple[Any, AuthToken]:
        check_shape(token)
        text = token.decode("ascii")
        key = text[: CONSTANTS.TOKEN_KEY_LENGTH]
        load = partial(_rows, key)
        rows = cached(("knox-token", key), load) if self.use_cache else load()
        try:
            digest = hash_token(text)
        except (TypeError, binascii.Error):
            raise exceptions.AuthenticationFailed(INVALID) from None
        for row in rows:
            auth_token = _token(row)
            if self._cleanup_token(auth_token):  # expired: deleted, which bumps the generation
                continue
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    before = auth_token.expiry
                    self.renew_token(auth_token)
                    if (auth_token.expiry - before).total_seconds() > knox_settings.MIN_REFRESH_INTERVAL:
                        forget(("knox-token", key))  # saved: the next request reads the new expiry
                user, checked = self.validate_user(auth_token)
                return user, checked
        raise exceptions.AuthenticationFailed(INVALID)
