"""Settle open documents from a statement line: record the payment through `payment_create` and
match the line to its entry, in one transaction, so the line is reconciled and the documents
settled together or not at all.

Money in is a payment received, money out a payment paid; the bank account's ledger account, the
line's date and its whole amount. What the allocations leave over stays open on the contact: a
credit to allocate later (`payments/<id>/allocate/`) or to refund.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bank.errors import LineNotUnmatched
from bank.locks import lock_bank_account
from bank.models import Match, StatementLine
from bank.services.matching import match_lines
from ledger.actor import Actor
from ledger.errors import InvalidInput
from ledger.money import to_money
from ledger.services.audit import audit_record
from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic

from ..errors import AllocationMismatch, OverAllocation
from ..models import Contact, Document, Payment
from ..services.payments import Target, payment_create
from .suggestions import kinds_for


@dataclass(frozen=True)
class Settled:
    payment: Payment
    match: Match


def _documents(raw: Sequence[dict[str, Any]], line: StatementLine) -> list[tuple[Document, Decimal | None]]:
    """The named documents, locked, each with the amount asked for (None: as much as is left)."""
    ids = [item.get("document") for item in raw]
    found = (
        Document.objects.select_for_update()
        .select_related("contact")
        .in_bulk([i for i in ids if isinstance(i, int)])
    )
    kinds = kinds_for(line.amount)
    out: list[tuple[Document, Decimal | None]] = []
    for i, item in enumerate(raw):
        doc = found.get(item.get("document"))
        where = {"documents": {str(i): ["Unknown document."]}}
        if doc is None or doc.status == Document.Status.DRAFT or len(set(ids)) != len(ids):
            message = f"Document {i + 1}: no such issued document (or named twice)."
            raise AllocationMismatch(message, fields=where)
        if doc.kind not in kinds:
            side = "money in" if line.amount > 0 else "money out"
            raise AllocationMismatch(
                f"{doc} is a {doc.get_kind_display().lower()}; a line of {side} cannot settle it.",
                fields={"documents": {str(i): ["Wrong side for this line."]}},
            )
        if doc.currency_id != line.currency_id:
            raise AllocationMismatch(
                f"{doc} is in {doc.currency_id}; the line is in {line.currency_id}.",
                fields={"documents": {str(i): [f"Not in {line.currency_id}."]}},
            )
        amount = item.get("amount")
        given = None
        if amount not in (None, ""):
            given = to_money(amount, doc.currency_id, field=f"documents[{i}].amount")
        if given is not None and given <= 0:
            raise InvalidInput("Amounts must be positive.", fields={"documents": {str(i): ["Must be > 0."]}})
        out.append((doc, given))
    return out


def _contact(documents: list[tuple[Document, Decimal | None]], contact: Contact | None) -> Contact:
    contacts = {doc.contact_id for doc, _ in documents}
    if contact is not None:
        contacts.add(contact.pk)
    if len(contacts) != 1:
        message = "The documents belong to different contacts."
        if not contacts:
            message = "Name a contact or documents."
        raise AllocationMismatch(message, fields={"contact": [message]})
    return contact or documents[0][0].contact


def _party(documents: list[tuple[Document, Decimal | None]], contact: Contact, money_in: bool) -> str:
    """Customer or vendor: the documents' side, or for a bare payment the contact's role."""
    parties = {Payment.Party.CUSTOMER if doc.is_sales else Payment.Party.VENDOR for doc, _ in documents}
    if len(parties) > 1:
        raise AllocationMismatch(
            "Customer and vendor documents settle in separate payments.",
            fields={"documents": ["Mixes sales and purchases."]},
        )
    if parties:
        return parties.pop()
    if money_in:
        return Payment.Party.CUSTOMER if contact.is_customer else Payment.Party.VENDOR
    return Payment.Party.VENDOR if contact.is_vendor else Payment.Party.CUSTOMER


def _allocations(documents: list[tuple[Document, Decimal | None]], amount: Decimal) -> list[Target]:
    left, out = amount, []
    for i, (doc, given) in enumerate(documents):
        part = given if given is not None else min(doc.open_amount, left)
        if part > left:
            raise OverAllocation(
                f"The allocations add up to more than the line's {amount}.",
                fields={"documents": {str(i): [f"At most {left} is left of the line."]}},
            )
        if part > 0:
            out.append(Target(amount=part, document=doc.pk))
        left -= part
    return out


def statement_line_settle(
    *,
    line: StatementLine,
    documents: Sequence[dict[str, Any]],
    actor: Actor,
    contact: Contact | None = None,
    kind: str = Match.Kind.MANUAL,
) -> Settled:
    """Record the line as a payment settling `documents` ([{"document": id, "amount": …}], amount
    optional) and match the line to the payment's entry."""
    with tenant_atomic():
        lock_bank_account(current_alias(), line.bank_account_id)
        locked = (
            StatementLine.objects.select_for_update(of=("self",))
            .select_related("bank_account__account")
            .get(pk=line.pk)
        )
        if locked.status != StatementLine.Status.UNMATCHED:
            raise LineNotUnmatched(f"Line {locked.pk} is {locked.status}; unmatch it first.")
        chosen = _documents(documents, locked)
        payer = _contact(chosen, contact)
        amount = abs(locked.amount)
        payment = payment_create(
            direction=Payment.Direction.RECEIVED if locked.amount > 0 else Payment.Direction.PAID,
            party=_party(chosen, payer, locked.amount > 0),
            contact=payer,
            date=locked.booking_date,
            account=locked.bank_account.account.code,
            amount=amount,
            currency=locked.currency_id,
            allocations=list(_allocations(chosen, amount)),
            reference=(locked.reference or locked.transaction_id)[:100],
            memo=" ".join(filter(None, [locked.counterparty_name, locked.description]))[:1000],
            actor=actor,
        )
        match = match_lines(line_ids=[locked.pk], entry_ids=[payment.entry_id], actor=actor, kind=kind)
        audit_record(
            actor=actor,
            action="bank_settle",
            obj=payment,
            data={"line": locked.pk, "documents": [doc.pk for doc, _ in chosen], "kind": kind},
        )
    return Settled(payment, match)
