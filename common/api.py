"""Sign-in for the API: credentials checked against the lockouts, API tokens (tenants.api has the
session sign-in of the web app and the current user with their companies)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from . import signin
from .errors import DomainError
from .tokens import token_create


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status_code = 400
    default_message = "Unknown username or wrong password."


class SignInLocked(exceptions.Throttled):
    """Too many failures from this address or for this account (common/signin.py)."""

    default_code = signin.LOCKED_CODE

    def __init__(self) -> None:
        super().__init__(detail=signin.locked_message())
        self.wait = signin.lockout_minutes() * 60  # DRF answers it as Retry-After


class CredentialsSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, style={"input_type": "password"}, trim_whitespace=False)

    def validate_username(self, value: str) -> str:
        # The admin's sign-in form normalizes the same way (NFKC): one account, one spelling.
        return AbstractBaseUser.normalize_username(value)


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)


class AuthThrottle(ScopedRateThrottle):
    """Limits password attempts per client (scope "auth").

    The rate is read from the settings at each request: DRF's throttles copy the rates once, at
    import, so a changed REST_FRAMEWORK setting would otherwise never apply.
    """

    def get_rate(self) -> str | None:
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        rate: str | None = rates[str(self.scope)]  # e.g. "20/min"
        return rate

    def get_ident(self, request: Request) -> str:
        # The address the lockouts count against too: X-Forwarded-For only from trusted proxies.
        return signin.client_address(request._request) or "unknown"


def check_credentials(request: Request) -> Any:
    """The active user these credentials sign in, or a refusal (invalid, or locked out)."""
    data = CredentialsSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    # The Django request, not DRF's: the lockouts (axes) read the client and flag a lockout on it.
    user = authenticate(request._request, **data.validated_data)
    if getattr(request._request, "axes_locked_out", False):
        raise SignInLocked()
    if user is None or not user.is_active:
        raise InvalidCredentials()
    return user


class TokenCreateView(APIView):
    """Exchange a username and password for an API token (send it as `Authorization: Token …`)."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_scope = "auth"

    def get_throttles(self) -> list[BaseThrottle]:
        return [AuthThrottle()]

    @extend_schema(request=CredentialsSerializer, responses={201: TokenSerializer})
    def post(self, request: Request) -> Response:
        user = check_credentials(request)
        instance, token = token_create(user=user)
        # A token is a sign-in: the lockouts learn the address is the user's, last_login moves.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return Response({"token": token, "expiry": instance.expiry}, status=status.HTTP_201_CREATED)


class TokenRevokeView(APIView):
    """Revoke the token used for this request (`?all=1` revokes every token of the user)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if request.query_params.get("all") in ("1", "true"):
            AuthToken.objects.filter(user=request.user).delete()
        elif isinstance(request.auth, AuthToken):
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
