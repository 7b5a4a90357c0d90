"""The company's background jobs: GET jobs/ and jobs/<id>/ (status, progress, result, error), and
jobs/<id>/download/ for the file a job made (jobs.files).

A job of another company is a 404 like any unknown id: the queryset is the current company's.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from common.errors import DomainError
from ledger.api.base import CompanyViewMixin, NewestFirst
from tenants.routing.access import access_for
from tenants.routing.context import current_tenant

from .files import NoDownload, downloadable
from .models import Job


class JobSerializer(serializers.ModelSerializer[Job]):
    progress = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField(
        help_text="Where the job's file is downloaded (a report export), once it has succeeded; "
        "null before, for jobs that make none, and once the file has expired."
    )
    download_expires_at = serializers.DateTimeField(source="file_expires_at", allow_null=True)

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
            "download_url",
            "download_expires_at",
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
        return self._absolute("ledger-api:job-detail", obj)

    def _absolute(self, name: str, obj: Job) -> str:
        # Not DRF's reverse: it would carry the request's ?format= over (a report's csv).
        url = reverse(name, kwargs={"tenant_slug": obj.company.slug, "pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    def get_download_url(self, obj: Job) -> str | None:
        try:
            downloadable(obj)
        except DomainError:
            return None
        return self._absolute("ledger-api:job-download", obj)


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

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> FileResponse:
        """The file a finished job made (a report export), as an attachment: for members whose
        role is at least the one the file needs (the report's), until it expires (410)."""
        job = self.get_object()
        record = downloadable(job)
        access = access_for(request.user, job.company)
        if access is None or not access.allows(str(record.get("role") or "owner")):
            raise PermissionDenied("Your role in this company does not allow this file.")
        try:
            handle = default_storage.open(record["name"], "rb")
        except FileNotFoundError:
            raise NoDownload("The file is no longer there; run the export again.") from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=str(record.get("filename") or "download"),
            content_type=str(record.get("content_type") or "application/octet-stream"),
        )
