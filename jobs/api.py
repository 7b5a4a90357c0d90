"""The company's background jobs: GET jobs/ and jobs/<id>/ (status, progress, result, error).

A job of another company is a 404 like any unknown id: the queryset is the current company's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from ledger.api.base import CompanyViewMixin, NewestFirst
from tenants.routing.context import current_tenant

from .models import Job


class JobSerializer(serializers.ModelSerializer[Job]):
    progress = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "task",
            "status",
            "progress",
            "result",
            "error",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "retry_at",
            "url",
        ]
        read_only_fields = fields

    def get_progress(self, obj: Job) -> dict[str, int | None]:
        return {"done": obj.progress_done, "total": obj.progress_total}

    def get_error(self, obj: Job) -> dict[str, str] | None:
        """The last failure (`waiting`: the attempt that will be retried; `failed`: for good)."""
        if not obj.error_code:
            return None
        return {"code": obj.error_code, "message": obj.error_message}

    def get_url(self, obj: Job) -> str:
        kwargs = {"tenant_slug": obj.company.slug, "pk": obj.pk}
        return reverse("ledger-api:job-detail", kwargs=kwargs, request=self.context.get("request"))


def accepted(job: Job, request: Request) -> Response:
    """The answer of an endpoint that queued a job: 202 with the job and its URL in Location."""
    body: dict[str, Any] = JobSerializer(job, context={"request": request}).data
    return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class JobViewSet(
    CompanyViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Job]
):
    """Background jobs of the company, newest first; every member reads them."""

    serializer_class = JobSerializer
    pagination_class = NewestFirst

    def get_queryset(self) -> QuerySet[Job]:
        tenant = current_tenant()
        if tenant is None:  # schema generation
            return Job.objects.none()
        rows = Job.objects.filter(company_id=tenant.company_id).select_related("company")
        task = self.request.query_params.get("task") if getattr(self, "request", None) else None
        return rows.filter(task=task) if task else rows
