"""Company-scoped events and webhooks endpoints. Thin: parse, call one service or selector.

Roles: accountants and owners read the event feed (viewers do not: events name every posting,
member and payment, a feed meant for integrations); owners manage webhook endpoints, their
secrets, deliveries and replays.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ledger.actor import Actor
from tenants.routing.access import ACCOUNTANT, OWNER
from tenants.routing.permissions import CompanyRolePermission

from .errors import InvalidCursor, UnknownEventType
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .outbox import events_after
from .types import EVENT_TYPES
from .webhooks import endpoints as services
from .webhooks.delivery import event_json

PAGE, MAX_PAGE = 100, 1000


class EventSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(help_text="Stable: the same in the feed, in webhooks and in their retries.")
    cursor = serializers.IntegerField(
        help_text="Increasing per company: resume the feed with after=<cursor>."
    )
    type = serializers.ChoiceField(choices=EVENT_TYPES)
    occurred_at = serializers.DateTimeField()
    payload = serializers.JSONField(help_text="Ids and essentials of what changed; see docs/events.md.")


class EventPageSerializer(serializers.Serializer[Any]):
    events = EventSerializer(many=True)
    next_after = serializers.IntegerField(help_text="Pass as after= to get the next page.")
    has_more = serializers.BooleanField()


class EventFeedView(APIView):
    """The company's events above a cursor, oldest first."""

    permission_classes = (IsAuthenticated, CompanyRolePermission)
    roles = {"read": ACCOUNTANT}

    @extend_schema(
        parameters=[
            OpenApiParameter("after", OpenApiTypes.INT, description="The last cursor seen (0: oldest kept)."),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"Page size, 1 to {MAX_PAGE}."),
            OpenApiParameter("type", OpenApiTypes.STR, description="Only these types, comma-separated."),
        ],
        responses=EventPageSerializer,
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        after = _whole(request.query_params.get("after", "0"), "after")
        limit = min(max(_whole(request.query_params.get("limit", str(PAGE)), "limit"), 1), MAX_PAGE)
        types = [t for t in request.query_params.get("type", "").split(",") if t]
        unknown = sorted(set(types) - set(EVENT_TYPES))
        if unknown:
            raise UnknownEventType(
                f"Unknown event type {unknown[0]!r}.", fields={"type": ["Unknown event type."]}
            )
        rows = events_after(after, limit=limit + 1, types=types)
        page = rows[:limit]
        return Response({
            "events": [event_json(e) for e in page],
            "next_after": page[-1].cursor if page else after,
            "has_more": len(rows) > limit,
        })  # fmt: skip


def _whole(text: str, name: str) -> int:
    if not text.isdigit() or len(text) > 18:
        raise InvalidCursor(f"{name} must be a whole number, 0 or more.", fields={name: ["A whole number."]})
    return int(text)


class EndpointSerializer(serializers.ModelSerializer[WebhookEndpoint]):
    event_types = serializers.ListField(child=serializers.CharField(), help_text="Empty: every type.")

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "description", "event_types", "is_active", "disabled_reason",
                  "consecutive_failures", "created_at"]  # fmt: skip
        read_only_fields = fields


class EndpointWithSecretSerializer(EndpointSerializer):
    secret = serializers.CharField(help_text="Shown this once: keep it to verify signatures.")

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class EndpointCreateSerializer(serializers.Serializer[Any]):
    url = serializers.CharField(max_length=2000)
    event_types = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_TYPES), required=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class EndpointUpdateSerializer(EndpointCreateSerializer):
    url = serializers.CharField(max_length=2000, required=False)
    is_active = serializers.BooleanField(required=False, help_text="true enables a disabled endpoint again.")


class ReplaySerializer(serializers.Serializer[Any]):
    after = serializers.IntegerField(min_value=0, help_text="Send again every kept event above this cursor.")


class ReplayedSerializer(serializers.Serializer[Any]):
    replayed = serializers.IntegerField()


class AttemptSerializer(serializers.ModelSerializer[WebhookAttempt]):
    class Meta:
        model = WebhookAttempt
        fields = ["at", "status_code", "error", "duration_ms"]


class DeliverySerializer(serializers.ModelSerializer[WebhookDelivery]):
    event_id = serializers.UUIDField(source="event.event_id")
    event_type = serializers.CharField(source="event.type")
    cursor = serializers.IntegerField(source="event.cursor")
    log = AttemptSerializer(many=True, help_text="Attempts, newest first.")

    class Meta:
        model = WebhookDelivery
        fields = ["id", "event_id", "event_type", "cursor", "status", "attempts", "next_attempt_at",
                  "last_status_code", "last_error", "last_attempt_at", "delivered_at", "log"]  # fmt: skip
        read_only_fields = fields


class NewestFirst(CursorPagination):
    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class WebhookEndpointViewSet(viewsets.GenericViewSet[WebhookEndpoint]):
    """Webhook endpoints of the company: owners only."""

    permission_classes = (IsAuthenticated, CompanyRolePermission)
    roles = {"read": OWNER, "write": OWNER}
    serializer_class = EndpointSerializer

    def get_queryset(self) -> QuerySet[WebhookEndpoint]:
        return WebhookEndpoint.objects.order_by("id")

    def get_object(self) -> WebhookEndpoint:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(responses=EndpointSerializer(many=True))
    def list(self, request: Request) -> Response:
        return Response(EndpointSerializer(self.get_queryset(), many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(EndpointSerializer(self.get_object()).data)

    @extend_schema(request=EndpointCreateSerializer, responses={201: EndpointWithSecretSerializer})
    def create(self, request: Request) -> Response:
        data = EndpointCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint, secret = services.endpoint_create(
            actor=Actor.from_user(request.user), **data.validated_data
        )
        endpoint.secret = secret
        return Response(EndpointWithSecretSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EndpointUpdateSerializer, responses=EndpointSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        data = EndpointUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = services.endpoint_update(endpoint=self.get_object(), **data.validated_data)
        return Response(EndpointSerializer(endpoint).data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        services.endpoint_delete(endpoint=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=EndpointWithSecretSerializer)
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str) -> Response:
        endpoint, _ = services.endpoint_rotate_secret(endpoint=self.get_object())
        return Response(EndpointWithSecretSerializer(endpoint).data)

    @extend_schema(request=ReplaySerializer, responses=ReplayedSerializer)
    @action(detail=True, methods=["post"])
    def replay(self, request: Request, pk: str) -> Response:
        data = ReplaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = services.endpoint_replay(endpoint=self.get_object(), after=data.validated_data["after"])
        return Response({"replayed": count})

    @extend_schema(responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=NewestFirst)
    def deliveries(self, request: Request, pk: str) -> Response:
        rows = (
            WebhookDelivery.objects.filter(endpoint=self.get_object())
            .select_related("event")
            .prefetch_related(Prefetch("log", queryset=WebhookAttempt.objects.order_by("-id")))
        )
        paginator = NewestFirst()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses=DeliverySerializer)
    @action(detail=True, methods=["post"], url_path=r"deliveries/(?P<delivery_id>[0-9]+)/replay")
    def replay_delivery(self, request: Request, pk: str, delivery_id: str) -> Response:
        delivery = get_object_or_404(
            WebhookDelivery.objects.select_related("event"), pk=delivery_id, endpoint=self.get_object()
        )
        services.delivery_replay(delivery=delivery)
        return Response(DeliverySerializer(delivery).data)
