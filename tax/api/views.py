"""Company-scoped tax endpoints. Thin: parse, call one service or selector, shape the answer.

Roles: viewers read schemes, mappings and filed returns; owners change mappings and file returns.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from common.parsers import JSONParser
from ledger.api.base import OWNER, CompanyViewMixin, NewestFirst
from tax import services
from tax.models import TaxReturn
from tax.returns import mappings
from tax.schemes import SCHEMES, Scheme, boxes_of

from . import serializers as s
from .reports import formula_text

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Repeat a filing safely: the same key and body return the first return.",
)


class TaxReturnViewSet(
    CompanyViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[TaxReturn]
):
    """Filed tax returns, newest first; owners file one (POST) for a period."""

    serializer_class = s.TaxReturnSerializer
    pagination_class = NewestFirst
    parser_classes = [JSONParser]
    roles = {"create": OWNER}

    def get_queryset(self) -> QuerySet[TaxReturn]:
        return TaxReturn.objects.select_related("payable_account", "entry__fiscal_year").order_by("-id")

    @extend_schema(
        request=s.TaxReturnFileSerializer,
        responses={201: s.TaxReturnSerializer, 200: s.TaxReturnSerializer},
        parameters=[IDEMPOTENCY_KEY],
        description="File the return of `scheme` for `from`..`to`: posts the settlement (the tax "
        "accounts' tax of the period to the tax payable account, 2310), records the boxes as "
        "filed, and refuses postings with its tax codes dated in the period from then on. A period "
        "overlapping a filed one is refused (409 tax_return_overlaps).",
    )
    def create(self, request: Request) -> Response:
        data = s.TaxReturnFileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        key = (request.headers.get("Idempotency-Key") or "").strip() or None
        filed = services.tax_return_file(
            scheme=v["scheme"],
            start=v["period_from"],
            end=v["period_to"],
            actor=self.actor,
            idempotency_key=key,
        )
        replayed = getattr(filed, "replayed", False)
        body = s.TaxReturnSerializer(self.get_queryset().get(pk=filed.pk)).data
        response = Response(body, status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response


def scheme_data(scheme: Scheme) -> dict[str, object]:
    maps = mappings(scheme)
    codes = [(m.code.code, m.code.rate) for m in maps if any(m.boxes.values())]
    boxes = boxes_of(scheme, codes, {m.code.code: m.boxes for m in maps})
    return {
        "key": scheme.key,
        "name": scheme.name,
        "payable": scheme.payable,
        "editable": scheme.editable,
        "boxes": [
            {
                "key": b.key,
                "label": b.label,
                "formula": formula_text(b.formula),
            }
            for b in boxes
        ],
        "mappings": [
            {"tax_code": m.code.code, "rate": str(m.code.rate), "boxes": m.boxes, "custom": m.custom}
            for m in maps
        ],
    }


class TaxSchemeViewSet(CompanyViewMixin, viewsets.ViewSet):
    """Return schemes: their boxes and which of the company's tax codes fill them."""

    lookup_field = "key"
    lookup_value_regex = "[a-z0-9-]+"
    parser_classes = [JSONParser]
    roles = {"mapping": OWNER}

    def _scheme(self, key: str) -> Scheme:
        scheme = SCHEMES.get(key)
        if scheme is None:
            raise NotFound(f"No return scheme {key!r}.")
        return scheme

    @extend_schema(responses=s.SchemeSerializer(many=True))
    def list(self, request: Request) -> Response:
        return Response([scheme_data(scheme) for scheme in SCHEMES.values()])

    @extend_schema(responses=s.SchemeSerializer)
    def retrieve(self, request: Request, key: str) -> Response:
        return Response(scheme_data(self._scheme(key)))

    @extend_schema(request=s.MappingSerializer, responses=s.SchemeSerializer)
    @action(detail=True, methods=["post"])
    def mapping(self, request: Request, key: str) -> Response:
        """Set which boxes a tax code fills in this scheme (owners)."""
        scheme = self._scheme(key)
        data = s.MappingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.tax_mapping_set(scheme=scheme.key, actor=self.actor, **data.validated_data)
        return Response(scheme_data(scheme))
