"""Customers and vendors: create, change, archive (never deleted once used)."""

from __future__ import annotations

from typing import Any

from ledger.actor import Actor
from ledger.errors import InvalidInput, UnknownAccount, UnknownCurrency, UnknownTaxCode
from ledger.models import Account, Currency, TaxCode
from ledger.services.audit import audit_record
from tenants.routing.db import tenant_atomic

from ..models import Contact
from .idempotency import digest_of, replayed

FIELDS = (
    "name", "is_customer", "is_vendor", "tax_id", "email", "address", "country", "currency",
    "payment_terms_days", "revenue_account", "expense_account", "tax_code", "is_archived",
)  # fmt: skip
REFERENCES = {"currency", "revenue_account", "expense_account", "tax_code"}


def _resolved(fields: dict[str, Any]) -> dict[str, Any]:
    """Codes of the currency, accounts and tax code as objects (blank clears them)."""
    out = {k: v for k, v in fields.items() if k not in REFERENCES}
    if "currency" in fields:
        code = (fields["currency"] or "").upper()
        out["currency"] = Currency.objects.filter(code=code).first() if code else None
        if code and out["currency"] is None:
            raise UnknownCurrency(f"No currency {code!r}.", fields={"currency": ["Unknown currency."]})
    for name in ("revenue_account", "expense_account"):
        if name in fields:
            code = fields[name] or ""
            account = (
                Account.objects.filter(code=code, is_active=True, is_control=False).first() if code else None
            )
            if code and account is None:
                raise UnknownAccount(
                    f"No usable account {code!r}.", fields={name: ["Unknown or unusable account."]}
                )
            out[name] = account
    if "tax_code" in fields:
        code = fields["tax_code"] or ""
        out["tax_code"] = TaxCode.objects.filter(code=code, is_active=True).first() if code else None
        if code and out["tax_code"] is None:
            raise UnknownTaxCode(f"No tax code {code!r}.", fields={"tax_code": ["Unknown tax code."]})
    if "name" in out:
        out["name"] = str(out["name"]).strip()
        if not out["name"]:
            raise InvalidInput("A contact needs a name.", fields={"name": ["Required."]})
    if "country" in out:
        out["country"] = str(out["country"] or "").upper()
    return out


def _check_roles(contact: Contact) -> None:
    if not (contact.is_customer or contact.is_vendor):
        message = "A contact is a customer, a vendor, or both."
        raise InvalidInput(message, fields={"is_customer": [message]})


def contact_create(*, actor: Actor, idempotency_key: str | None = None, **fields: Any) -> Contact:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(unknown))}.")
    digest = digest_of(idempotency_key, {k: str(v) for k, v in sorted(fields.items())})
    if (found := replayed(Contact, idempotency_key, digest)) is not None:
        return found
    contact = Contact(**_resolved(fields), idempotency_key=idempotency_key or None, request_hash=digest)
    _check_roles(contact)
    with tenant_atomic():
        contact.save()
        audit_record(actor=actor, action="create", obj=contact, data={"name": contact.name})
    return contact


def contact_update(*, contact: Contact, actor: Actor, **fields: Any) -> Contact:
    with tenant_atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        for name, value in _resolved(fields).items():
            setattr(locked, name, value)
        _check_roles(locked)
        locked.save()
        audit_record(actor=actor, action="update", obj=locked, data={k: str(v) for k, v in fields.items()})
    return locked
