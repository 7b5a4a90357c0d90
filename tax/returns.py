"""A tax return for a period, read: each box with its amount, the lines behind a box, and the
reconciliation of the boxes with the movement on the tax accounts.

Box amounts come from the kept daily totals (tax.totals), so a year costs O(days x codes), not
O(lines); only the drill-down into one box reads journal lines, because lines are what it shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connections

from ledger.charts import TAX_CONTROL
from ledger.models import Account, TaxCode, fiscal_year_name
from ledger.reports import IN_BOOKS
from tenants.routing.context import current_alias

from .errors import UnknownBox, UnknownScheme
from .models import TaxBoxMapping, TaxReturn, TaxTotal
from .schemes import COMPONENTS, SCHEMES, Box, Boxes, Scheme, boxes_of, default_boxes
from .totals import KIND_SQL, catch_up

ZERO = Decimal(0)
TAX_COMPONENTS = ("output_tax", "input_tax")


def component_sql(kind: str, side: str, account: str) -> str:
    """The component a taxed line adds to (see tax.schemes), from its entry's kind, its side and
    its account; `t` is its tax code and `a` its account. NULL: no component (a settlement)."""
    return f"""CASE WHEN {kind} = 'tax' THEN NULL
      WHEN {account} = coalesce(t.account_id, %(vat)s) THEN
        CASE WHEN {kind} = 'sales' THEN 'output_tax' WHEN {kind} = 'purchases' THEN 'input_tax'
             WHEN ({side} = 'C') = ({kind} = 'hand') THEN 'output_tax' ELSE 'input_tax' END
      WHEN {kind} = 'sales' THEN 'sales_net' WHEN {kind} = 'purchases' THEN 'purchases_net'
      WHEN a.type = 'income' THEN 'sales_net' ELSE 'purchases_net' END"""


# Sales and output tax count credit positive; purchases and input tax debit positive.
SIGNED_SQL = """CASE WHEN (component IN ('sales_net', 'output_tax')) = (side = 'C') THEN amount
                     ELSE -amount END"""

COMPONENT_TOTALS_SQL = f"""
SELECT tax_code_id, component, sum({SIGNED_SQL}), sum(lines)
  FROM (SELECT x.tax_code_id, x.side, x.amount, x.lines,
               {component_sql("x.kind", "x.side", "x.account_id")} AS component
          FROM {TaxTotal._meta.db_table} x
          JOIN ledger_taxcode t ON t.id = x.tax_code_id
          JOIN ledger_account a ON a.id = x.account_id
         WHERE x.date BETWEEN %(start)s AND %(end)s) c
 WHERE component IS NOT NULL
 GROUP BY 1, 2
"""  # noqa: S608 (constants)

LINES_SQL = f"""
SELECT * FROM (
  SELECT l.id, e.id AS entry_id, e.number, fy.start_date, fy.end_date, e.date, e.reference, e.source,
         a.code AS account, a.name AS account_name, t.code AS tax_code, l.side, l.amount, l.currency_id,
         l.base_amount, l.description,
         {component_sql(KIND_SQL, "l.side", "l.account_id")} AS component
    FROM ledger_journalline l
    JOIN ledger_journalentry e ON e.id = l.entry_id
    JOIN ledger_fiscalyear fy ON fy.id = e.fiscal_year_id
    JOIN ledger_taxcode t ON t.id = l.tax_code_id
    JOIN ledger_account a ON a.id = l.account_id
   WHERE e.date BETWEEN %(start)s AND %(end)s AND e.number IS NOT NULL AND e.status = ANY(%(states)s)
     AND l.tax_code_id = ANY(%(codes)s)
) c
 WHERE (tax_code, component) IN (SELECT * FROM unnest(%(pair_codes)s::text[], %(pair_components)s::text[]))
 ORDER BY date, number, id
 LIMIT %(limit)s OFFSET %(offset)s
"""  # noqa: S608 (constants)


def scheme_for(key: str) -> Scheme:
    scheme = SCHEMES.get(key)
    if scheme is None:
        raise UnknownScheme(
            f"No return scheme {key!r}; one of {', '.join(SCHEMES)}.", fields={"scheme": ["Unknown scheme."]}
        )
    return scheme


@dataclass
class CodeBoxes:
    """A code and the boxes it fills in a scheme; `custom` when a TaxBoxMapping row says so."""

    code: TaxCode
    boxes: Boxes
    custom: bool


def mappings(scheme: Scheme) -> list[CodeBoxes]:
    """Every tax code of the company with the boxes it fills in `scheme` (empty: not in it)."""
    rows = {m.tax_code_id: m.boxes for m in TaxBoxMapping.objects.filter(scheme=scheme.key)}
    result = []
    for code in TaxCode.objects.order_by("code"):
        if code.pk in rows and not scheme.per:
            result.append(CodeBoxes(code, rows[code.pk], True))
        else:
            result.append(CodeBoxes(code, default_boxes(scheme, code.code, code.rate), False))
    return result


def covered(maps: Iterable[CodeBoxes]) -> list[TaxCode]:
    """The codes a return of the scheme covers: those that fill any box."""
    return [m.code for m in maps if any(m.boxes.values())]


@dataclass
class BoxAmount:
    key: str
    label: str
    amount: Decimal
    lines: int = 0
    formula: tuple[tuple[int, str], ...] = ()
    sources: list[tuple[str, str]] = field(default_factory=list)  # (code, component) behind it


@dataclass
class Return:
    scheme: Scheme
    start: date
    end: date
    boxes: list[BoxAmount]
    codes: list[TaxCode]
    components: dict[tuple[str, str], Decimal]  # (code, component) -> amount
    tax_accounts: list[Account]
    payable: Decimal
    vat_account_id: int | None

    def box(self, key: str) -> BoxAmount:
        for box in self.boxes:
            if box.key == key:
                return box
        raise UnknownBox(f"No box {key!r} in {self.scheme.key}.", fields={"box": ["Unknown box."]})

    @property
    def settlement(self) -> dict[int, Decimal]:
        """Per tax account: the tax of the covered codes (output - input) to move to payable."""
        per_account: dict[int, Decimal] = defaultdict(Decimal)
        account_of = {c.code: c.account_id or self.vat_account_id for c in self.codes}
        for (code, component), amount in self.components.items():
            account = account_of.get(code)
            if component in TAX_COMPONENTS and account is not None:
                sign = 1 if component == "output_tax" else -1
                per_account[account] += sign * amount
        return dict(per_account)


def vat_account_id() -> int | None:
    found = Account.objects.filter(code=TAX_CONTROL).values_list("pk", flat=True).first()
    return found


def _component_totals(start: date, end: date, vat: int | None) -> dict[tuple[int, str], tuple[Decimal, int]]:
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(COMPONENT_TOTALS_SQL, {"start": start, "end": end, "vat": vat})
        return {(code, comp): (amount, lines) for code, comp, amount, lines in cursor.fetchall()}


def _evaluate(boxes: list[Box], plain: Mapping[str, Decimal]) -> dict[str, Decimal]:
    values: dict[str, Decimal] = {}

    def value(key: str) -> Decimal:
        if key not in values:
            box = next(b for b in boxes if b.key == key)
            values[key] = (
                sum((sign * value(term) for sign, term in box.formula), ZERO)
                if box.formula
                else plain.get(key, ZERO)
            )
        return values[key]

    for box in boxes:
        value(box.key)
    return values


def tax_return(*, scheme: str, start: date, end: date) -> Return:
    """The boxes of `scheme` for start..end from the books as posted now."""
    chosen = scheme_for(scheme)
    catch_up(start, end)
    maps = mappings(chosen)
    vat = vat_account_id()
    raw = _component_totals(start, end, vat)
    by_id = {m.code.pk: m for m in maps}
    components: dict[tuple[str, str], Decimal] = {}
    plain: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    sources: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for m in maps:
        for component in COMPONENTS:
            for box in m.boxes.get(component, []):
                sources[box].append((m.code.code, component))
    for (code_id, component), (amount, lines) in raw.items():
        m = by_id[code_id]
        components[(m.code.code, component)] = amount
        for box in m.boxes.get(component, []):
            plain[box] += amount
            counts[box] += lines
    codes = covered(maps)
    definitions = boxes_of(chosen, [(c.code, c.rate) for c in codes], {m.code.code: m.boxes for m in maps})
    values = _evaluate(definitions, plain)
    boxes = [
        BoxAmount(b.key, b.label, values[b.key], counts.get(b.key, 0), b.formula, sources.get(b.key, []))
        for b in definitions
    ]
    account_ids = sorted({found for c in codes if (found := c.account_id or vat) is not None})
    result = Return(
        scheme=chosen,
        start=start,
        end=end,
        boxes=boxes,
        codes=codes,
        components=components,
        tax_accounts=list(Account.objects.filter(pk__in=account_ids).order_by("code")),
        payable=values.get(chosen.payable, ZERO),
        vat_account_id=vat,
    )
    return result


@dataclass
class Reconciliation:
    """The boxes' payable amount against the movement on the tax accounts over the period
    (credit - debit, the settlements of filed returns left out)."""

    movement: Decimal
    payable: Decimal

    @property
    def difference(self) -> Decimal:
        return self.movement - self.payable


def reconciliation(ret: Return) -> Reconciliation:
    ids = [a.pk for a in ret.tax_accounts]
    settlements = list(
        TaxReturn.objects.filter(entry__isnull=False, entry__date__range=(ret.start, ret.end)).values_list(
            "entry_id", flat=True
        )
    )
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(base_credit - base_debit), 0) FROM ledger_accountbalance "
            "WHERE account_id = ANY(%s) AND date BETWEEN %s AND %s",
            [ids, ret.start, ret.end],
        )
        (movement,) = cursor.fetchone()
        cursor.execute(
            "SELECT coalesce(sum(CASE WHEN side = 'C' THEN base_amount ELSE -base_amount END), 0) "
            "FROM ledger_journalline WHERE entry_id = ANY(%s) AND account_id = ANY(%s)",
            [settlements, ids],
        )
        (settled,) = cursor.fetchone()
    return Reconciliation(movement=movement - settled, payable=ret.payable)


@dataclass
class BoxLine:
    id: int
    entry_id: int
    entry: str
    date: date
    reference: str
    source: str
    account: str
    account_name: str
    tax_code: str
    component: str
    side: str
    amount: Decimal
    currency: str
    base_amount: Decimal
    signed: Decimal
    description: str


def box_lines(ret: Return, key: str, *, limit: int = 1000, offset: int = 0) -> list[BoxLine]:
    """The journal lines behind a plain box, by date; a computed box has none (see its formula)."""
    box = ret.box(key)
    if not box.sources:
        return []
    codes = {c.code: c.pk for c in TaxCode.objects.filter(code__in=[code for code, _ in box.sources])}
    params: dict[str, Any] = {
        "start": ret.start,
        "end": ret.end,
        "vat": ret.vat_account_id,
        "states": IN_BOOKS,
        "codes": list(codes.values()),
        "pair_codes": [code for code, _ in box.sources],
        "pair_components": [component for _, component in box.sources],
        "limit": limit,
        "offset": offset,
    }
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(LINES_SQL, params)
        rows = cursor.fetchall()
    result = []
    for (id_, entry_id, number, fy_start, fy_end, day, reference, source, account, account_name, tax_code,
         side, amount, currency, base_amount, description, component) in rows:  # fmt: skip
        credit_positive = component in ("sales_net", "output_tax")
        signed = base_amount if credit_positive == (side == "C") else -base_amount
        result.append(
            BoxLine(id_, entry_id, f"{fiscal_year_name(fy_start, fy_end)}-{number}", day, reference, source,
                    account, account_name, tax_code, component, side, amount, currency, base_amount, signed,
                    description)
        )  # fmt: skip
    return result
