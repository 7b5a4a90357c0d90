"""Who may enter the company, with which role. Owners manage it; the last owner stays."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.request import Request
from rest_framework.response import Response

from common.errors import DomainError
from common.models import Membership

from .base import OWNER, CompanyViewMixin


class LastOwner(DomainError):
    code = "last_owner"
    status_code = 409
    default_message = "A company keeps at least one owner."


class UnknownUser(DomainError):
    code = "unknown_user"
    status_code = 400


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "username", "role", "created_at"]


class MemberCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class MemberUpdateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class MembershipViewSet(CompanyViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = MemberSerializer
    roles = {"create": OWNER, "partial_update": OWNER, "destroy": OWNER}

    def get_serializer_context(self) -> dict[str, Any]:
        return {"request": self.request}

    def get_queryset(self) -> QuerySet[Membership]:
        company = getattr(self.request._request, "company", None)
        return Membership.objects.filter(company=company).select_related("user").order_by("user__username")

    def _check_owner_left(self, membership: Membership, new_role: str | None) -> None:
        if membership.role != Membership.Role.OWNER or new_role == Membership.Role.OWNER:
            return
        # Lock the owners' rows (count() would drop FOR UPDATE): of two owners demoting each other
        # at once, the second sees the first's change and is refused.
        owners = Membership.objects.select_for_update().filter(
            company_id=membership.company_id, role=Membership.Role.OWNER
        )
        if len(owners.values_list("pk", flat=True)) <= 1:
            raise LastOwner()

    @extend_schema(request=MemberCreateSerializer, responses={201: MemberSerializer})
    def create(self, request: Request) -> Response:
        data = MemberCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = get_user_model().objects.filter(username=data.validated_data["username"]).first()
        if user is None:
            raise UnknownUser("No such user.", fields={"username": ["No such user."]})
        role = data.validated_data["role"]
        with transaction.atomic(using="default"):
            # Adding someone who is already a member changes their role: the last owner stays.
            existing = self.get_queryset().select_for_update().filter(user=user).first()
            if existing is not None:
                self._check_owner_left(existing, role)
            membership, _ = Membership.objects.update_or_create(
                user=user,
                company=request._request.company,  # type: ignore[attr-defined]  # set by TenantMiddleware
                defaults={"role": role},
            )
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberUpdateSerializer, responses=MemberSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        data = MemberUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic(using="default"):
            membership = get_object_or_404(self.get_queryset(), pk=pk)
            self._check_owner_left(membership, data.validated_data["role"])
            membership.role = data.validated_data["role"]
            membership.save(update_fields=["role"])
        return Response(MemberSerializer(membership).data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        with transaction.atomic(using="default"):
            membership = get_object_or_404(self.get_queryset(), pk=pk)
            self._check_owner_left(membership, None)
            membership.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
