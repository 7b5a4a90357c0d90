"""API tokens (django-rest-knox): issuing them under the per-user cap, reading them from a header
a client controls, and revoking them when the password changes. See docs/security.md "Tokens"."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import pre_save
from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import exceptions

from .errors import DomainError


class TokenLimitReached(DomainError):
    code = "token_limit_reached"
    status_code = 403
    default_message = "This account holds the most API tokens allowed. Revoke some before asking for another."


def token_create(*, user: Any) -> tuple[AuthToken, str]:
    """A new token for `user`, refused when they already hold TOKEN_LIMIT_PER_USER live ones."""
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    now = timezone.now()
    with transaction.atomic(using="default"):
        # One issue at a time per user: two parallel sign-ins cannot both take the last place.
        get_user_model()._default_manager.select_for_update().filter(pk=user.pk).first()
        tokens = AuthToken.objects.filter(user=user)
        tokens.filter(expiry__lte=now).delete()  # expired: knox would delete them at next use
        if limit is not None and tokens.filter(Q(expiry__isnull=True) | Q(expiry__gt=now)).count() >= limit:
            raise TokenLimitReached(
                f"This account holds {limit} API tokens, the most allowed. Revoke some "
                "(POST /api/v1/auth/token/revoke/, ?all=1 for every one) before asking for another."
            )
        instance, token = AuthToken.objects.create(user)
    return instance, token


def check_shape(token: bytes) -> None:
    """Refuse what cannot be a token (the prefix and hex digits) before it reaches the database."""
    digits = knox_settings.AUTH_TOKEN_CHARACTER_LENGTH
    shape = re.escape(knox_settings.TOKEN_PREFIX) + f"[0-9a-f]{{{digits}}}"
    if re.fullmatch(shape.encode("ascii"), token) is None:
        raise exceptions.AuthenticationFailed("Invalid token.")


class TokenAuthentication(auth.TokenAuthentication):
    """knox's scheme, refusing a malformed token before it reaches the database.

    knox decodes the header as UTF-8 and queries with it: a byte that is not UTF-8 or a NUL
    (which PostgreSQL refuses in text) turned a wrong token into a 500. Tokens are the prefix and
    hex digits; anything else cannot be one.
    """

    def authenticate_credentials(self, token: bytes) -> tuple[Any, AuthToken]:
        check_shape(token)
        credentials: tuple[Any, AuthToken] = super().authenticate_credentials(token)
        return credentials

    def _cleanup_token(self, auth_token: AuthToken) -> bool:
        """Whether this token has expired (then deleted). knox also reads all of the user's
        tokens on every request to delete the expired ones among them: a query per request for
        rows that are refused anyway when used, and that token_create deletes."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme of knox's tokens, for this subclass too."""

    target_class = "common.tokens.TokenAuthentication"
    match_subclasses = True  # the cached one the API uses (tenants/routing/tokens.py)


def revoke_tokens_on_password_change(
    sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any
) -> None:
    """pre_save of the user model: a new password ends every API token, as it ends sessions.

    Django re-hashes an unchanged password at sign-in when its hasher changes; it saves only the
    password field and clears the raw password it set (`_password`), so that is no change.
    """
    if instance.pk is None:
        return
    if update_fields is not None:
        if "password" not in update_fields:
            return
        if set(update_fields) == {"password"} and getattr(instance, "_password", None) is None:
            return
    stored = type(instance)._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        AuthToken.objects.filter(user_id=instance.pk).delete()


def connect() -> None:
    pre_save.connect(
        revoke_tokens_on_password_change,
        sender=get_user_model(),
        dispatch_uid="revoke-tokens-on-password-change",
    )
