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
from ledger.api.reports import InvalidParameter, parse_date

from .exports import FORMATS, Prepared, beancount_prepare
from .saft import find_fiscal_year


class FileRenderer(BaseRenderer):
    """Lets a file's media type through negotiation; the view streams the file itself."""

    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        raise NotImplementedError("errors are rendered as JSON (see ExportView.handle_exception)")


class XMLFileRenderer(FileRenderer):
    media_type = "application/xml"
    format = "xml"


class TextFileRenderer(FileRenderer):
    media_type = "text/plain"
    format = "txt"


class ExportView(CompanyViewMixin, APIView):
    """A whole-book export of one format, streamed as a file (accountants and owners)."""

    roles = {"read": ACCOUNTANT}
    renderer_classes = [JSONRenderer, XMLFileRenderer]
    format_name = ""

    def get(self, request: Request) -> StreamingHttpResponse:
        export_format = FORMATS[self.format_name]
        year = find_fiscal_year(request.query_params.get("fiscal_year"))
        user = request.user.get_username() if request.user.is_authenticated else ""
        return self.stream(export_format.prepare(self.company, year, user))

    def stream(self, prepared: Prepared) -> StreamingHttpResponse:
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


class BeancountExportView(ExportView):
    """The books as a Beancount file: options, an open directive per account, exchange rates as
    prices, every posted entry as a transaction (foreign lines priced at their base amount), so
    that bean-check accepts it and its balances equal the trial balance (docs/migrating.md)."""

    format_name = "beancount"
    renderer_classes = [JSONRenderer, TextFileRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="First entry date; default: the first."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last entry date; default: the last."),
        ],
        responses={(200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, description="A .beancount file.")},
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        start = parse_date(request, "from") if request.query_params.get("from") else None
        end = parse_date(request, "to") if request.query_params.get("to") else None
        if start and end and end < start:
            raise InvalidParameter("`to` is before `from`.", fields={"to": ["Before from."]})
        self.base_currency  # noqa: B018  # an unseeded company is refused now, not half-way through the file
        return self.stream(beancount_prepare(self.company, start, end))
