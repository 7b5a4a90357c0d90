"""The tax return report: the boxes (JSON by default, CSV with ?format=csv or Accept: text/csv),
or with ?box= the journal lines behind one box."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any
from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from ledger.api.fields import money_text
from ledger.api.reports import FROM, TO, InvalidParameter, ReportView, date_range
from ledger.models import Account
from tax.returns import Return, box_lines, reconciliation, scheme_for, tax_return
from tax.schemes import SCHEMES
from tax.services import PAYABLE_CODE, PAYABLE_NAME, settlement_lines

from . import serializers as s

MAX_LIMIT = 10_000
BOX_COLUMNS = ("key", "label", "amount", "lines", "formula")
LINE_COLUMNS = ("entry", "date", "reference", "source", "account", "account_name", "tax_code", "component",
                "side", "amount", "currency", "base_amount", "signed", "description")  # fmt: skip


def formula_text(formula: tuple[tuple[int, str], ...]) -> str:
    """((1, "3"), (-1, "4")) -> "3 - 4"."""
    parts = [("- " if sign < 0 else "+ ") + key for sign, key in formula]
    text = " ".join(parts)
    return text[2:] if text.startswith("+ ") else text


def _int_param(request: Request, name: str, default: int, top: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) > top:
        raise InvalidParameter(
            f"{name} must be a whole number from 0 to {top}.", fields={name: ["Out of range."]}
        )
    return int(raw)


class TaxReturnView(ReportView):
    """The boxes of a return scheme over a period, each with its amount and the link to the
    journal lines behind it (`?box=`), and the reconciliation with the tax accounts' movement."""

    def params(self, request: Request, **kwargs: Any) -> tuple[str, date, date]:
        scheme = request.query_params.get("scheme", "")
        if not scheme:
            raise InvalidParameter("Give scheme=<key>.", fields={"scheme": ["This parameter is required."]})
        scheme_for(scheme)  # an unknown one is refused
        start, end = date_range(request)
        _int_param(request, "limit", 1000, MAX_LIMIT)
        _int_param(request, "offset", 0, 2**31 - 1)
        return scheme, start, end

    @extend_schema(
        parameters=[
            OpenApiParameter("scheme", OpenApiTypes.STR, required=True, enum=list(SCHEMES)),
            FROM,
            TO,
            OpenApiParameter("box", OpenApiTypes.STR, description="Answer the lines behind this box."),
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description=f"Lines per page (1000, at most {MAX_LIMIT})."
            ),
            OpenApiParameter("offset", OpenApiTypes.INT, description="With box: lines to skip."),
        ],
        responses={
            200: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="TaxReturnAnswer",
                    serializers=[s.TaxReturnReportSerializer, s.BoxLinesReportSerializer],
                    resource_type_field_name=None,
                ),
                description="The boxes; with ?box=, the lines behind that box.",
            )
        },
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        scheme, start, end = self.params(request)
        ret = tax_return(scheme=scheme, start=start, end=end)
        box = request.query_params.get("box")
        if box is not None:
            response = self.lines(request, ret, box)
            name = f"tax-return-{ret.scheme.key}-box-{box}-{start}-{end}.csv"
        else:
            response = self.boxes(request, ret)
            name = f"tax-return-{ret.scheme.key}-{start}-{end}.csv"
        if request.accepted_renderer.format == "csv":
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def meta(self, ret: Return) -> dict[str, Any]:
        return {
            "scheme": ret.scheme.key,
            "scheme_name": ret.scheme.name,
            "from": ret.start.isoformat(),
            "to": ret.end.isoformat(),
            "payable_box": ret.scheme.payable,
            "tax_codes": [c.code for c in ret.codes],
            "tax_accounts": [a.code for a in ret.tax_accounts],
            "filed_through": {c.code: c.filed_through.isoformat() for c in ret.codes if c.filed_through},
        }

    def settlement(self, ret: Return) -> list[dict[str, Any]]:
        """What filing the return would post (the entry tax.services writes), for a confirmation."""
        base = self.base_currency
        lines = settlement_lines(ret, PAYABLE_CODE, base)
        codes = [ln["account"] for ln in lines]
        names = dict(Account.objects.filter(code__in=codes).values_list("code", "name"))
        names.setdefault(PAYABLE_CODE, PAYABLE_NAME)  # made on first filing
        return [
            {
                "account": ln["account"],
                "account_name": names.get(ln["account"], ""),
                "debit": money_text(ln["debit"], base) if "debit" in ln else None,
                "credit": money_text(ln["credit"], base) if "credit" in ln else None,
            }
            for ln in lines
        ]

    def boxes(self, request: Request, ret: Return) -> Response:
        self.columns = BOX_COLUMNS
        base = self.base_currency
        query = {"scheme": ret.scheme.key, "from": ret.start.isoformat(), "to": ret.end.isoformat()}
        rows = [
            {
                "key": b.key,
                "label": b.label,
                "amount": money_text(b.amount, base),
                "lines": b.lines,
                "formula": formula_text(b.formula),
                "drill_down": f"{request.path}?{urlencode({**query, 'box': b.key})}" if b.sources else None,
            }
            for b in ret.boxes
        ]
        rec = reconciliation(ret)
        totals = {
            "payable": money_text(ret.payable, base),
            "tax_accounts_movement": money_text(rec.movement, base),
            "difference": money_text(rec.difference, base),
        }
        return Response({"title": "Tax return", "currency": base, "meta": self.meta(ret), "rows": rows,
                         "totals": totals, "settlement": self.settlement(ret)})  # fmt: skip

    def lines(self, request: Request, ret: Return, key: str) -> Response:
        self.columns = LINE_COLUMNS
        base = self.base_currency
        limit = _int_param(request, "limit", 1000, MAX_LIMIT) or 1
        offset = _int_param(request, "offset", 0, 2**31 - 1)
        box = ret.box(key)
        found = box_lines(ret, key, limit=limit + 1, offset=offset)
        rows = []
        for line in found[:limit]:
            row = asdict(line)
            row.pop("id")
            row["date"] = line.date.isoformat()
            row["amount"] = money_text(line.amount, line.currency)
            row["base_amount"] = money_text(line.base_amount, base)
            row["signed"] = money_text(line.signed, base)
            rows.append(row)
        meta = {**self.meta(ret), "box": box.key, "label": box.label, "formula": formula_text(box.formula),
                "limit": limit, "offset": offset,
                "next_offset": offset + limit if len(found) > limit else None}  # fmt: skip
        return Response({"title": f"Tax return box {box.key}", "currency": base, "meta": meta, "rows": rows,
                         "totals": {"amount": money_text(box.amount, base)}})  # fmt: skip
