"""Bank rules: conditions on a line's text, amount and direction → the account to book it to.

Rules are tried by priority (lower first); the first that fits a line books it (auto-match's
second pass). A rule can be made from a line in one step: its counterparty becomes the pattern.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

import re2

from bank.errors import InvalidRule
from bank.models import BankAccount, BankRule, StatementLine
from ledger.actor import Actor
from ledger.errors import UnknownAccount, UnknownTaxCode
from ledger.models import Account, TaxCode
from ledger.services.audit import audit_record
from tenants.routing.db import tenant_atomic

# Rule patterns are RE2 expressions: matching takes time linear in the text whatever the pattern
# (Python's re backtracks: "(a+)+$" took seconds on 25 characters, and "a{4294967296}" raised
# OverflowError). RE2 has no backreferences or lookaround; statement text needs neither.
_RE2 = re2.Options()
_RE2.case_sensitive = False
_RE2.log_errors = False  # the pattern is user text: not for the server's log


class RegexError(ValueError):
    pass


@lru_cache(maxsize=1024)
def regex(pattern: str) -> Any:
    """`pattern` compiled (case-insensitive); RegexError says why it cannot be."""
    try:
        return re2.compile(pattern, _RE2)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "invalid"
        raise RegexError(
            reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)
        ) from None


PLACEHOLDER = re.compile(r"\{(counterparty|reference|description|date|amount)\}")
FIELDS = (
    "name",
    "bank_account",
    "priority",
    "field",
    "operator",
    "pattern",
    "direction",
    "min_amount",
    "max_amount",
    "counter_account",
    "tax_code",
    "memo_template",
    "is_active",
)


def _text(rule: BankRule, line: StatementLine) -> str:
    by_field: dict[str, list[str]] = {  # TextChoices members are str: rule.field finds them
        BankRule.Field.COUNTERPARTY: [line.counterparty_name],
        BankRule.Field.REFERENCE: [line.reference],
        BankRule.Field.DESCRIPTION: [line.description],
    }
    parts = by_field.get(rule.field, [line.counterparty_name, line.reference, line.description])
    return " ".join(p for p in parts if p)


def fits(rule: BankRule, line: StatementLine) -> bool:
    if not rule.is_active:
        return False
    if rule.bank_account_id is not None and rule.bank_account_id != line.bank_account_id:
        return False
    if rule.direction == BankRule.Direction.IN and line.amount < 0:
        return False
    if rule.direction == BankRule.Direction.OUT and line.amount > 0:
        return False
    size = abs(line.amount)
    if rule.min_amount is not None and size < rule.min_amount:
        return False
    if rule.max_amount is not None and size > rule.max_amount:
        return False
    text = _text(rule, line)
    if rule.operator == BankRule.Operator.REGEX:
        try:
            return regex(rule.pattern).search(text) is not None
        except RegexError:  # stored before patterns were checked as RE2: fits nothing
            return False
    return " ".join(rule.pattern.split()).casefold() in " ".join(text.split()).casefold()


def memo(rule: BankRule, line: StatementLine) -> str:
    if not rule.memo_template:
        return " ".join(filter(None, [line.counterparty_name, line.reference])) or rule.name
    values = {
        "counterparty": line.counterparty_name,
        "reference": line.reference,
        "description": line.description,
        "date": line.booking_date.isoformat(),
        "amount": str(line.amount),
    }
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], rule.memo_template)


def _validated(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "pattern" in out:
        pattern = (out["pattern"] or "").strip()
        if not pattern:
            raise InvalidRule("A rule needs a pattern.", fields={"pattern": ["This field may not be blank."]})
        out["pattern"] = pattern
    if out.get("operator") == BankRule.Operator.REGEX and "pattern" in out:
        try:
            regex(out["pattern"])
        except RegexError as exc:
            raise InvalidRule(f"Invalid regular expression: {exc}", fields={"pattern": [str(exc)]}) from None
    if isinstance(out.get("counter_account"), str):
        account = Account.objects.filter(code=out["counter_account"], is_active=True).first()
        if account is None:
            raise UnknownAccount(
                f"No active account {out['counter_account']!r}.",
                fields={"counter_account": ["Unknown account."]},
            )
        if account.children.exists():
            raise InvalidRule(
                f"Account {account.code} has sub-accounts; book to a leaf account.",
                fields={"counter_account": ["Must be a leaf account."]},
            )
        out["counter_account"] = account
    if isinstance(out.get("tax_code"), str):
        tax = (
            TaxCode.objects.filter(code=out["tax_code"], is_active=True).first() if out["tax_code"] else None
        )
        if out["tax_code"] and tax is None:
            raise UnknownTaxCode(
                f"No tax code {out['tax_code']!r}.", fields={"tax_code": ["Unknown tax code."]}
            )
        out["tax_code"] = tax
    template = out.get("memo_template") or ""
    stray = re.sub(PLACEHOLDER, "", template)
    if "{" in stray or "}" in stray:
        raise InvalidRule(
            "The memo template may use only {counterparty}, {reference}, {description}, {date}, {amount}.",
            fields={"memo_template": ["Unknown placeholder."]},
        )
    low, high = out.get("min_amount"), out.get("max_amount")
    for name in ("min_amount", "max_amount"):
        if out.get(name) is not None and Decimal(out[name]) < 0:
            raise InvalidRule(
                "Amount bounds are sizes, never negative; use the direction for in or out.",
                fields={name: ["Must be zero or more."]},
            )
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        raise InvalidRule(
            "The minimum amount is above the maximum.", fields={"min_amount": ["Above the maximum."]}
        )
    return out


def rule_create(*, actor: Actor, **values: Any) -> BankRule:
    known = {k: v for k, v in values.items() if k in FIELDS}
    known.setdefault("operator", BankRule.Operator.CONTAINS)
    known = _validated(known)
    if not known.get("counter_account") or not known.get("pattern"):
        raise InvalidRule(
            "A rule needs a pattern and a counter account.",
            fields={"counter_account": ["Required."], "pattern": ["Required."]},
        )
    known.setdefault("name", known["pattern"][:100])
    rule = BankRule(**known)
    with tenant_atomic():
        rule.save()
        audit_record(actor=actor, action="create", obj=rule, data={"pattern": rule.pattern})
    return rule


def rule_update(*, rule: BankRule, actor: Actor, **changes: Any) -> BankRule:
    known = {k: v for k, v in changes.items() if k in FIELDS}
    _validated(
        {"operator": known.get("operator", rule.operator), "pattern": known.get("pattern", rule.pattern)}
    )
    known = _validated(known)
    for name, value in known.items():
        setattr(rule, name, value)
    if rule.min_amount is not None and rule.max_amount is not None and rule.min_amount > rule.max_amount:
        raise InvalidRule(
            "The minimum amount is above the maximum.", fields={"min_amount": ["Above the maximum."]}
        )
    with tenant_atomic():
        rule.save()
        audit_record(actor=actor, action="update", obj=rule, data={k: str(v) for k, v in known.items()})
    return rule


def rule_from_line(
    *, line: StatementLine, counter_account: str, actor: Actor, tax_code: str | None = None, name: str = ""
) -> BankRule:
    """A rule that books lines like this one: same counterparty (or reference), same direction."""
    field, pattern = BankRule.Field.COUNTERPARTY, " ".join(line.counterparty_name.split())
    if not pattern:
        field, pattern = BankRule.Field.REFERENCE, " ".join(line.reference.split())[:200]
    if not pattern:
        raise InvalidRule(
            "The line has neither counterparty nor reference to make a rule of.",
            fields={"pattern": ["Nothing to match on."]},
        )
    bank_account: BankAccount = line.bank_account
    return rule_create(
        actor=actor,
        name=name or pattern[:100],
        bank_account=bank_account,
        field=field,
        operator=BankRule.Operator.CONTAINS,
        pattern=pattern[:200],
        direction=BankRule.Direction.IN if line.amount > 0 else BankRule.Direction.OUT,
        counter_account=counter_account,
        tax_code=tax_code or None,
    )


def rule_delete(*, rule: BankRule, actor: Actor) -> None:
    """Lines the rule booked keep their entries; their match just forgets the rule."""
    with tenant_atomic():
        audit_record(actor=actor, action="delete", obj=rule, data={"pattern": rule.pattern})
        rule.delete()
