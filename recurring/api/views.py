"""Company-scoped recurring entries. Thin: parse, call one service, shape the answer.

Roles: viewers read templates, their history and previews; accountants create, change, pause,
resume and run them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from common.parsers import JSONParser
from ledger.api.base import ACCOUNTANT, VIEWER, CompanyViewMixin
from recurring import services
from recurring.models import Occurrence, RecurringEntry
from recurring.schedule import Schedule

from . import serializers as s


class RecurringEntryViewSet(
    CompanyViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[RecurringEntry],
):
    """Recurring journal entries: lines and a schedule; each date due is booked once."""

    serializer_class = s.RecurringEntrySerializer
    pagination_class = None
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]
    roles = {
        **{name: ACCOUNTANT for name in ("create", "partial_update", "pause", "resume", "run")},
        "preview": VIEWER,  # a POST that changes nothing
    }

    def get_queryset(self) -> QuerySet[RecurringEntry]:
        failed = Count("occurrences", filter=Q(occurrences__status=Occurrence.Status.FAILED))
        return RecurringEntry.objects.annotate(failed_count=failed).order_by("name", "id")

    def _answer(self, template: RecurringEntry, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.RecurringEntrySerializer(self.get_queryset().get(pk=template.pk)).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.RecurringEntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = services.recurring_create(actor=self.actor, **data.validated_data)
        return self._answer(template, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        template = self.get_object()
        data = s.RecurringEntrySerializer(template, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.recurring_update(template=template, actor=self.actor, **data.validated_data)
        )

    @extend_schema(request=None, responses=s.RecurringEntrySerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str) -> Response:
        """Stop booking this template's dates until it is resumed."""
        return self._answer(services.recurring_pause(template=self.get_object(), actor=self.actor))

    @extend_schema(request=None, responses=s.RecurringEntrySerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str) -> Response:
        """Book again from the first date on or after today (the dates that fell while paused are skipped)."""
        template = services.recurring_resume(
            template=self.get_object(), actor=self.actor, today=timezone.localdate()
        )
        return self._answer(template)

    @extend_schema(request=None, responses=s.RecurringRunSerializer)
    @action(detail=True, methods=["post"])
    def run(self, request: Request, pk: str) -> Response:
        """Run now: book the dates due through today not booked yet (as the scheduled run does)."""
        result = services.recurring_run(
            template=self.get_object(), actor=self.actor, today=timezone.localdate()
        )
        ids = [o.pk for o in result.booked + result.failed]
        rows = {o.pk: o for o in Occurrence.objects.select_related("entry__fiscal_year").filter(pk__in=ids)}
        return Response(
            {
                "booked": s.OccurrenceSerializer([rows[o.pk] for o in result.booked], many=True).data,
                "failed": s.OccurrenceSerializer([rows[o.pk] for o in result.failed], many=True).data,
                "template": s.RecurringEntrySerializer(self.get_queryset().get(pk=pk)).data,
            }
        )

    @extend_schema(responses=s.OccurrenceSerializer(many=True))
    @action(detail=True, methods=["get"])
    def occurrences(self, request: Request, pk: str) -> Response:
        """What each date booked (the entry, posted or draft) or why it failed, newest first."""
        template = self.get_object()
        rows = (
            Occurrence.objects.filter(template=template)
            .select_related("entry__fiscal_year")
            .order_by("-date")
        )
        return Response(s.OccurrenceSerializer(rows, many=True).data)

    @extend_schema(request=s.SchedulePreviewInSerializer, responses=s.ScheduleDatesSerializer)
    @action(detail=False, methods=["post"])
    def preview(self, request: Request) -> Response:
        """The dates a schedule falls on (the first `count`), before it is saved."""
        data = s.SchedulePreviewInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        plan = Schedule(frequency=v["frequency"], start=v["start_date"], end=v.get("end_date"),
                        day=v.get("day"), interval=v["interval"])  # fmt: skip
        return Response({"dates": [d.isoformat() for d in plan.upcoming(v["count"])]})
