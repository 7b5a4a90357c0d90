"""Writes of the tax app: mapping codes to boxes, and filing a return.

Filing posts the settlement (each tax account's tax of the period -> the tax payable account)
with source "tax", records the return as filed and sets `filed_through` on the codes it covers,
in one transaction: from then on the ledger refuses (PL010) postings with those codes dated in
the period, so the filed figures stay true and corrections go into a later period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Q

from ledger.actor import Actor
from ledger.charts import TAX_CONTROL
from ledger.errors import IdempotencyConflict, InvalidDate, InvalidInput
from ledger.models import Account, TaxCode
from ledger.money import money_text
from ledger.services.audit import audit_record
from ledger.services.entries import journal_entry_create, request_hash
from ledger.services.periods import ledger_settings
from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic

from .errors import InvalidMapping, TaxAccountMissing, TaxReturnOverlaps
from .models import TaxBoxMapping, TaxReturn
from .returns import Return, covered, mappings, scheme_for, tax_return
from .schemes import COMPONENTS

# The account the settlement moves the period's tax to, made on first use if the chart lacks it.
PAYABLE_CODE, PAYABLE_NAME = "2310", "VAT payable"
KEY_LENGTH = TaxReturn._meta.get_field("idempotency_key").max_length or 200


def tax_mapping_set(
    *, scheme: str, tax_code: str, boxes: dict[str, list[str]], actor: Actor
) -> TaxBoxMapping:
    """Say which boxes of `scheme` the code fills ({} keeps it out of the scheme)."""
    chosen = scheme_for(scheme)
    if not chosen.editable:
        raise InvalidMapping(
            f"{chosen.key} has a box per {chosen.per}: its boxes follow the codes.",
            fields={"scheme": ["Not editable."]},
        )
    code = TaxCode.objects.filter(code=tax_code).first()
    if code is None:
        raise InvalidMapping(f"No tax code {tax_code!r}.", fields={"tax_code": ["Unknown tax code."]})
    plain = {b.key for b in chosen.boxes if not b.formula}
    problems = {
        component: [f"Unknown component; one of {', '.join(COMPONENTS)}."]
        for component in boxes
        if component not in COMPONENTS
    }
    for component, keys in boxes.items():
        wrong = [k for k in keys if k not in plain]
        if wrong and component not in problems:
            problems[component] = [f"Not a box {chosen.key} adds to: {', '.join(wrong)}."]
    if problems:
        raise InvalidMapping("The mapping names unknown components or boxes.", fields={"boxes": problems})
    clean = {component: list(dict.fromkeys(keys)) for component, keys in boxes.items() if keys}
    with tenant_atomic():
        mapping, _ = TaxBoxMapping.objects.update_or_create(
            scheme=chosen.key, tax_code=code, defaults={"boxes": clean}
        )
        audit_record(actor=actor, action="map", obj=mapping, data={"tax_code": code.code, "boxes": clean})
    return mapping


def payable_account(*, actor: Actor) -> Account:
    """The tax payable account (2310), created under the liabilities on first use."""
    found = Account.objects.filter(code=PAYABLE_CODE).first()
    if found is not None:
        if found.type != Account.Type.LIABILITY or not found.is_active or found.is_control:
            raise TaxAccountMissing(
                f"Account {PAYABLE_CODE} is not an active liability account; the settlement needs one."
            )
        return found
    control = Account.objects.filter(code=TAX_CONTROL).first()
    account = Account.objects.create(
        code=PAYABLE_CODE,
        name=PAYABLE_NAME,
        type=Account.Type.LIABILITY,
        parent=control.parent if control is not None else None,
    )
    audit_record(actor=actor, action="create", obj=account, data={"code": PAYABLE_CODE, "by": "tax return"})
    return account


def _check_free(start: date, end: date, codes: list[TaxCode]) -> None:
    filed = [c for c in codes if c.filed_through is not None and c.filed_through >= start]
    if filed:
        names = ", ".join(f"{c.code} through {c.filed_through}" for c in filed)
        raise TaxReturnOverlaps(
            f"A return covering this period is filed ({names}); file the next period, or correct "
            "in a later one.",
            fields={"from": [f"Filed through {max(c.filed_through for c in filed if c.filed_through)}."]},
        )
    covered = {c.code for c in codes}
    for other in TaxReturn.objects.filter(period_start__lte=end, period_end__gte=start):
        if covered & set(other.tax_codes):
            raise TaxReturnOverlaps(
                f"Return {other.pk} ({other.period_start} to {other.period_end}) covers this period.",
                fields={"from": ["Overlaps a filed return."]},
            )


def settlement_lines(ret: Return, payable: str, base: str) -> list[dict[str, Any]]:
    """The settlement entry's lines (entries-service shape): each tax account emptied of the
    period's tax of the covered codes, the sum to the payable account (code `payable`)."""
    accounts = {a.pk: a for a in ret.tax_accounts}
    lines: list[dict[str, Any]] = []
    total = Decimal(0)
    for account_id, amount in sorted(ret.settlement.items()):
        if not amount:
            continue
        side = "debit" if amount > 0 else "credit"  # a credit balance (tax owed) is emptied by a debit
        lines.append({"account": accounts[account_id].code, side: abs(amount), "currency": base,
                      "description": f"{ret.scheme.key} return {ret.start} to {ret.end}"})  # fmt: skip
        total += amount
    if total:
        side, what = ("credit", "payable") if total > 0 else ("debit", "reclaimable")
        lines.append({"account": payable, side: abs(total), "currency": base,
                      "description": f"Tax {what} {ret.start} to {ret.end}"})  # fmt: skip
    return lines


def _replayed(key: str, digest: str) -> TaxReturn | None:
    found = TaxReturn.objects.filter(idempotency_key=key).first()
    if found is None:
        return None
    if found.request_hash != digest:
        raise IdempotencyConflict(fields={"idempotency_key": [IdempotencyConflict.default_message]})
    found.replayed = True
    return found


def tax_return_file(
    *, scheme: str, start: date, end: date, actor: Actor, idempotency_key: str | None = None
) -> TaxReturn:
    """File the return of `scheme` for start..end: post the settlement dated `end`, record the
    boxes as filed, and close the period to the codes it covers. A repeated Idempotency-Key
    returns the first return (`replayed` set) and writes nothing."""
    if end < start:
        raise InvalidDate("`to` is before `from`.", fields={"to": ["Before from."]})
    if idempotency_key is not None and len(idempotency_key) > KEY_LENGTH:
        message = f"The Idempotency-Key is longer than {KEY_LENGTH} characters."
        raise InvalidInput(message, fields={"idempotency_key": [message]})
    digest = request_hash({"scheme": scheme, "from": start.isoformat(), "to": end.isoformat()})
    if idempotency_key:
        replay = _replayed(idempotency_key, digest)
        if replay is not None:
            return replay
    chosen = scheme_for(scheme)
    base = ledger_settings().base_currency_id
    with tenant_atomic():
        # Postings wait while a return is filed (and filings for each other): none can slip
        # into the period between reading the figures and setting filed_through. Postings read
        # the codes' filed_through after the lock is gone, so they are refused from then on.
        with connections[current_alias()].cursor() as cursor:
            cursor.execute("LOCK TABLE ledger_journalentry IN SHARE ROW EXCLUSIVE MODE")
        if idempotency_key:  # the same request, sent twice at once: the second waited for the first
            replay = _replayed(idempotency_key, digest)
            if replay is not None:
                return replay
        codes = covered(mappings(chosen))
        if not codes:
            raise InvalidMapping(f"No tax code fills a box of {scheme}.", fields={"scheme": ["No codes."]})
        _check_free(start, end, codes)
        ret = tax_return(scheme=scheme, start=start, end=end)
        payable = payable_account(actor=actor)
        lines = settlement_lines(ret, payable.code, base)
        entry = None
        if lines:
            entry = journal_entry_create(
                date=end, lines=lines, actor=actor, post=True, source="tax",
                memo=f"{ret.scheme.name}: {start} to {end}", reference=f"TAX-{start}-{end}",
            )  # fmt: skip
        filed = TaxReturn.objects.create(
            scheme=ret.scheme.key,
            period_start=start,
            period_end=end,
            currency=base,
            boxes=[{"key": b.key, "label": b.label, "amount": money_text(b.amount, base)} for b in ret.boxes],
            tax_codes=[c.code for c in codes],
            payable=ret.payable,
            payable_account=payable,
            entry=entry,
            filed_by_id=actor.id,
            filed_by_name=actor.name,
            idempotency_key=idempotency_key or None,
            request_hash=digest,
        )
        TaxCode.objects.filter(pk__in=[c.pk for c in codes]).filter(
            Q(filed_through__isnull=True) | Q(filed_through__lt=end)
        ).update(filed_through=end)
        audit_record(actor=actor, action="file", obj=filed, data={
            "scheme": ret.scheme.key, "from": start.isoformat(), "to": end.isoformat(),
            "payable": money_text(ret.payable, base), "entry": entry.pk if entry else None,
        })  # fmt: skip
    from ledger.services.reference import invalidate

    invalidate()  # filed_through changed by a queryset update
    return filed
