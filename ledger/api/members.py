"""Who may enter the company, with which role. Owners manage it through tenants.lifecycle.memberships, which
holds the rules (the last owner stays) and writes the audit trail."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.request import Request
from rest_framework.response import Response

from common.models import Membership
from tenants.lifecycle.memberships import find_user, member_remove, member_set

from .base import OWNER, CompanyViewMixin


class MemberSerializer(serializers.ModelSerializer[Membership]):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "username", "role", "created_at"]


class MemberCreateSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class MemberUpdateSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class MembershipViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Membership]):
    serializer_class = MemberSerializer
    roles = {"create": OWNER, "partial_update": OWNER, "destroy": OWNER}

    def get_serializer_context(self) -> dict[str, Any]:
        return {"request": self.request}

    def get_queryset(self) -> QuerySet[Membership]:
        company = getattr(self.request._request, "company", None)
        return Membership.objects.filter(company=company).select_related("user").order_by("user__username")

    @extend_schema(request=MemberCreateSerializer, responses={201: MemberSerializer})
    def create(self, request: Request) -> Response:
        data = MemberCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = find_user(data.validated_data["username"])
        # Adding someone who is already a member changes their role: the last owner stays.
        membership, _ = member_set(
            company=self.company,
            user=user,
            role=data.validated_data["role"],
            actor=request.user,
            via="api",
        )
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberUpdateSerializer, responses=MemberSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        data = MemberUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = get_object_or_404(self.get_queryset(), pk=pk)
        membership, _ = member_set(
            company=self.company,
            user=membership.user,
            role=data.validated_data["role"],
            actor=request.user,
            via="api",
            must_exist=True,
        )
        return Response(MemberSerializer(membership).data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        membership = get_object_or_404(self.get_queryset(), pk=pk)
        member_remove(company=self.company, user=membership.user, actor=request.user, via="api")
        return Response(status=status.HTTP_204_NO_CONTENT)
