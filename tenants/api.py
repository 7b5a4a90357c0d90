"""Tenancy's part of the API: who is signed in and which companies they may enter (the access
policy of tenants.routing.access), and the answer to a write that a frozen company database
refused. The sign-in itself (credentials, lockouts, tokens) is common.api's."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login, logout
from django.db import DatabaseError
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from common import api_errors
from common.api import AuthThrottle, CredentialsSerializer, check_credentials
from common.models import Company, Membership

from .lifecycle.freezing import refusal_for
from .routing.access import enterable
from .routing.context import current_tenant


class CompanySerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    base_currency = serializers.CharField()
    status = serializers.CharField()


class MeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    is_staff = serializers.BooleanField()
    companies = CompanySerializer(many=True)


class SessionView(APIView):
    """Session login and logout for the web app and the browsable API (CSRF protected)."""

    permission_classes = [AllowAny]
    throttle_scope = "auth"

    def get_throttles(self) -> list[BaseThrottle]:
        return [AuthThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        responses={
            200: inline_serializer(
                "Session", {"csrf_token": serializers.CharField(), "user": MeSerializer(allow_null=True)}
            )
        },
        description="Sets the CSRF cookie and returns the token to send as X-CSRFToken, and who is "
        "signed in (`user` is null for nobody): a page can ask without provoking a 401.",
    )
    def get(self, request: Request) -> Response:
        user = request.user
        signed_in = me_payload(user) if user.is_authenticated else None
        return Response({"csrf_token": get_token(request._request), "user": signed_in})

    @extend_schema(request=CredentialsSerializer, responses={200: MeSerializer})
    def post(self, request: Request) -> Response:
        # DRF checks CSRF only for a user already signed in by session: check the login too, or a
        # foreign page could sign a visitor in to an account of the attacker's choosing.
        SessionAuthentication().enforce_csrf(request)
        user = check_credentials(request)
        login(request._request, user)
        return Response(me_payload(user))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


def me_payload(user: Any) -> dict[str, Any]:
    """The user and the active companies they may enter, with their role in each."""
    companies = Company.objects.filter(status=Company.Status.ACTIVE).order_by("slug")
    return {
        "id": user.pk,
        "username": user.get_username(),
        "is_staff": user.is_staff,
        "companies": [
            {
                "slug": c.slug,
                "name": c.name,
                "role": access.role,
                "base_currency": c.base_currency_id,
                "status": c.status,
            }
            for c, access in enterable(user, companies)
        ],
    }


class MeView(APIView):
    """The signed-in user with their companies and roles."""

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        return Response(me_payload(request.user))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The API's errors (common.api_errors), with a write refused by the current company's frozen
    database (suspended, archived, moving) answered as the company's status error."""
    if isinstance(exc, DatabaseError):
        tenant = current_tenant()
        refusal = refusal_for(exc, tenant.company_id) if tenant is not None else None
        exc = refusal or exc
    return api_errors.exception_handler(exc, context)
