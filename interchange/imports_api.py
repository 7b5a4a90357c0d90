"""Book imports over the API: upload a Beancount file or an hledger/ledger journal (owners), read
the imports and their reports (accountants and owners).

`POST imports/` keeps the file and imports it at once (201 with the import and its report), or
with `?background=true` queues the `interchange.import_books` job (202 with the import, `queued`;
follow it at `imports/<id>/` or at the job's URL).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jobs.registry import enqueue
from ledger.api.base import ACCOUNTANT, OWNER, CompanyViewMixin, NewestFirst
from tenants.routing.context import current_tenant

from .importing import FORMATS
from .importing.uploads import MAX_UPLOAD, UploadRefused, book_import_create, book_import_run
from .models import BookImport
from .tasks import IMPORT

BACKGROUND = OpenApiParameter(
    "background", OpenApiTypes.BOOL, description="Import in a background job: 202 with the import, queued."
)


class BookImportSerializer(serializers.ModelSerializer[BookImport]):
    report = serializers.JSONField(
        read_only=True,
        help_text="Once succeeded: counts (transactions, created, skipped, left_out), accounts_created, "
        "rates_set, notes (what could not be represented), assertions (checked, failed) and balances "
        "(per account and currency: source, pyledger, difference, base), and balanced.",
    )
    error = serializers.JSONField(read_only=True, help_text="Once failed: code and message.")
    job = serializers.IntegerField(source="job_id", read_only=True, allow_null=True)
    created_by = serializers.CharField(source="created_by_name", read_only=True)

    class Meta:
        model = BookImport
        fields = [
            "id", "format", "file_name", "size", "status", "report", "error", "job",
            "created_at", "created_by", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields


class BookUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="A Beancount file, or an hledger / ledger-cli journal (UTF-8).")
    format = serializers.ChoiceField(choices=list(FORMATS), help_text="The file's format.")


class BookImportViewSet(
    CompanyViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[BookImport],
):
    """Imports of other ledgers' books into the company, newest first."""

    serializer_class = BookImportSerializer
    pagination_class = NewestFirst
    parser_classes = [MultiPartParser, FormParser]
    roles = {"read": ACCOUNTANT, "create": OWNER}

    def get_queryset(self) -> QuerySet[BookImport]:
        return BookImport.objects.defer("data")

    @extend_schema(
        request={"multipart/form-data": BookUploadSerializer},
        parameters=[BACKGROUND],
        responses={201: BookImportSerializer, 202: BookImportSerializer},
        description="Import a book: accounts, exchange rates and entries (importing the same file "
        "again adds nothing). 201 with the report; with `background=true`, 202 and the import "
        "`queued`. Transactions in closed periods refuse the whole import (409 period_closed).",
    )
    def create(self, request: Request) -> Response:
        upload = BookUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        handle = upload.validated_data["file"]
        if handle.size is not None and handle.size > MAX_UPLOAD:
            raise UploadRefused(
                f"The file has {handle.size} bytes; at most {MAX_UPLOAD} are taken.",
                fields={"file": ["Too large."]},
            )
        row = book_import_create(
            data=handle.read(),
            file_name=str(handle.name or ""),
            format=upload.validated_data["format"],
            actor=self.actor,
        )
        if request.query_params.get("background", "").lower() in ("1", "true", "yes"):
            tenant = current_tenant()
            assert tenant is not None  # company-scoped views run inside the company's context
            job = enqueue(
                IMPORT, company=tenant.slug, params={"upload": row.pk, "user": request.user.pk},
                requested_by=request.user,
            )  # fmt: skip
            BookImport.objects.filter(pk=row.pk).update(job_id=job.pk)
            row.job_id = job.pk
            body = BookImportSerializer(row).data
            return Response(
                body,
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": request.build_absolute_uri(f"{row.pk}/")},
            )
        row = book_import_run(upload=row, actor=self.actor)
        return Response(BookImportSerializer(row).data, status=status.HTTP_201_CREATED)
