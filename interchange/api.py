"""Whole-book export endpoints: the file is streamed as an attachment; errors keep the API's JSON."""

from __future__ import annotations

from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from ledger.api.base import ACCOUNTANT, CompanyViewMixin

from .exports import FORMATS
from .saft import find_fiscal_year


class XMLFileRenderer(BaseRenderer):
    """Lets `Accept: application/xml` through negotiation; the view streams the file itself."""

    media_type = "application/xml"
    format = "xml"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        raise NotImplementedError("errors are rendered as JSON (see ExportView.handle_exception)")


class ExportView(CompanyViewMixin, APIView):
    """A whole-book export of one format, streamed as a file (accountants and owners)."""

    roles = {"read": ACCOUNTANT}
    renderer_classes = [JSONRenderer, XMLFileRenderer]
    format_name = ""

    def get(self, request: Request) -> StreamingHttpResponse:
        export_format = FORMATS[self.format_name]
        year = find_fiscal_year(request.query_params.get("fiscal_year"))
        user = request.user.get_username() if request.user.is_authenticated else ""
        prepared = export_format.prepare(request.company, year, user)  # type: ignore[attr-defined]
        response = StreamingHttpResponse(
            (chunk.encode("utf-8") for chunk in prepared.chunks),
            content_type=f"{prepared.content_type}; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{prepared.file_name}"'
        return response

    def handle_exception(self, exc: Exception) -> Any:
        # Errors answer in the one JSON shape whatever the client accepted.
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


FISCAL_YEAR = OpenApiParameter(
    "fiscal_year",
    OpenApiTypes.STR,
    required=True,
    description="The fiscal year: the calendar year it ends in (2026), its name (FY2025/26) or its id.",
)


class SaftExportView(ExportView):
    """The OECD SAF-T 2.00 general ledger of one fiscal year: master files (accounts with opening and
    closing balances, customers, suppliers, tax codes) and every posted entry, grouped in journals
    by subledger. Refused (409 saft_not_representable) when the books hold amounts SAF-T cannot
    carry exactly."""

    format_name = "saf-t"

    @extend_schema(
        parameters=[FISCAL_YEAR],
        responses={
            (200, "application/xml"): OpenApiResponse(OpenApiTypes.BINARY, description="The SAF-T file."),
        },
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        return super().get(request)
