"""Money in and out: a payment posts bank against the control account at its own rate, and
settles the documents it names in the same entry, realised exchange differences included.

What a payment does not settle stays open on the contact: money received is a credit the
customer can use later (`allocate`), or get back (a refund: money paid out, allocated against
that credit). The same holds for vendors, with the sides swapped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from events import types as event_types
from events.outbox import emit
from ledger.actor import Actor
from ledger.errors import AccountCurrencyMismatch, InvalidInput, MissingExchangeRate, UnknownAccount
from ledger.models import Account
from ledger.money import to_money, to_rate
from ledger.services.audit import audit_record
from ledger.services.periods import ledger_settings
from ledger.services.reference import rate_on
from tenants.routing.db import tenant_atomic

from ..errors import AllocationMismatch, ContactArchived, OverAllocation
from ..models import Allocation, Contact, Document, Payment
from .idempotency import digest_of, replayed
from .items import Item, Settlement, control_account, item_label, save_items, settle
from .posting import Line, post_lines, realise_fx, to_base
from .setup import invoicing_settings

RATE_PLACES = Decimal("1E-10")  # Payment.exchange_rate's decimal places


@dataclass
class Target:
    """What a payment or credit settles: a document or another payment, and how much of it."""

    amount: Any
    document: int | None = None
    payment: int | None = None

    @classmethod
    def of(cls, raw: Target | dict[str, Any]) -> Target:
        return raw if isinstance(raw, Target) else cls(**raw)


def _bank_account(code: str) -> Account:
    found = Account.objects.filter(code=code).first()
    if found is None or found.type != Account.Type.ASSET or found.is_control or not found.is_active:
        raise UnknownAccount(
            f"No active bank or cash account {code!r}.", fields={"account": ["Not a bank or cash account."]}
        )
    return found


def _targets(raw: Sequence[Target | dict[str, Any]], payment: Payment | Document) -> list[Settlement]:
    """Lock and pair each target with the payment, the debit item first."""
    pairs = []
    seen: set[tuple[str, int]] = set()
    for i, target in enumerate(Target.of(t) for t in raw):
        if (target.document is None) == (target.payment is None):
            raise InvalidInput(
                "Each allocation names one document or one payment.",
                fields={"allocations": {str(i): ["One of them."]}},
            )
        item: Item | None
        if target.document is not None:
            item = (
                Document.objects.select_for_update()
                .filter(pk=target.document)
                .exclude(status="draft")
                .first()
            )
            key = ("document", target.document)
        else:
            key = ("payment", target.payment or 0)
            item = Payment.objects.select_for_update().filter(pk=key[1]).first()
        if item is None or key in seen:
            raise AllocationMismatch(
                f"Allocation {i + 1}: no such open item (or named twice).",
                fields={"allocations": {str(i): ["Unknown or repeated item."]}},
            )
        seen.add(key)
        amount = to_money(target.amount, item.currency_id, field=f"allocations[{i}].amount")
        if amount <= 0:
            raise InvalidInput(
                "Allocations must be positive.", fields={"allocations": {str(i): ["Must be > 0."]}}
            )
        debit, credit = (payment, item) if payment.debits_control else (item, payment)
        pairs.append(Settlement(debit, credit, amount))
    return pairs


def _targets_currency(raw: Sequence[Target | dict[str, Any]] | None) -> str | None:
    """The currency of the first item a payment settles: what it is paid in unless told."""
    for target in (Target.of(t) for t in raw or []):
        model = Document if target.document is not None else Payment
        found = (
            model.objects.filter(pk=target.document or target.payment or 0).values_list("currency_id").first()
        )
        if found:
            return found[0]
    return None


def payment_create(
    *,
    direction: str,
    party: str,
    contact: Contact,
    date: date,
    account: str,
    amount: Any,
    actor: Actor,
    currency: str | None = None,
    exchange_rate: Any = None,
    allocations: Sequence[Target | dict[str, Any]] | None = None,
    reference: str = "",
    memo: str = "",
    idempotency_key: str | None = None,
) -> Payment:
    """Record money received or paid and settle `allocations` with it, in one posted entry."""
    raw: dict[str, Any] = {
        k: str(v) for k, v in locals().items() if k not in ("actor", "contact", "allocations")
    }
    raw["contact"] = str(contact.pk)
    raw["allocations"] = [{k: str(v) for k, v in vars(Target.of(t)).items()} for t in allocations or []]
    digest = digest_of(idempotency_key, raw)
    if (found := replayed(Payment, idempotency_key, digest)) is not None:
        return found
    if contact.is_archived:
        raise ContactArchived(fields={"contact": [ContactArchived.default_message]})
    if direction not in Payment.Direction.values or party not in Payment.Party.values:
        raise InvalidInput("direction is received or paid; party is customer or vendor.")
    bank = _bank_account(account)
    books = ledger_settings()
    base = books.base_currency_id
    code = (
        currency or _targets_currency(allocations) or bank.currency_id or contact.currency_id or base
    ).upper()
    # A bank account in another currency than the payment's: `amount` is what the bank moved, in
    # its currency; the payment is what the allocations settle, in the documents' currency.
    converted = bank.currency_id is not None and bank.currency_id != code
    if converted and not allocations:
        raise AccountCurrencyMismatch(
            f"Account {bank.code} only takes {bank.currency_id}; a payment in {code} from it must name"
            " the documents it settles (their amounts make the payment's).",
            fields={"currency": [f"{bank.currency_id} only, or allocations."]},
        )
    moved_code = str(bank.currency_id) if converted else code
    moved = to_money(amount, moved_code, field="amount")
    if moved <= 0:
        raise InvalidInput("A payment amount must be positive.", fields={"amount": ["Must be > 0."]})
    value = _allocated(allocations or [], code) if converted else moved
    rate = (
        to_rate(exchange_rate, field="exchange_rate")
        if exchange_rate not in (None, "")
        else rate_on(moved_code, date)
    )
    if rate is None:
        raise MissingExchangeRate(
            f"No {moved_code} rate on or before {date}.", fields={"exchange_rate": ["No rate known."]}
        )
    settings = invoicing_settings()
    base_value = to_base(moved, rate, base)
    if converted:  # the payment's own rate: what its money was worth
        rate = (base_value / value).quantize(RATE_PLACES)
    with tenant_atomic():
        payment = Payment(
            direction=direction, party=party, contact=contact, date=date, account=bank, currency_id=code,
            amount=value, exchange_rate=rate, base_amount=base_value, open_amount=value, base_open=base_value,
            bank_amount=moved if converted else None, bank_currency_id=moved_code if converted else None,
            reference=reference, memo=memo, idempotency_key=idempotency_key or None, request_hash=digest,
            created_by_name=actor.name,
        )  # fmt: skip
        pairs = _targets(allocations or [], payment)
        control = control_account(payment, settings)
        bank_side, control_side = ("D", "C") if direction == Payment.Direction.RECEIVED else ("C", "D")
        label = f"{'Received from' if bank_side == 'D' else 'Paid to'} {contact.name} {reference}".strip()
        lines = [Line(bank, bank_side, moved, moved_code, base_value, None, label)]
        if converted:  # the money changes currency through the trading account, at its value
            trading = settings.trading_account
            lines += [
                Line(trading, control_side, moved, moved_code, base_value, None, f"Conversion: {label}"),
                Line(trading, bank_side, value, code, base_value, None, f"Conversion: {label}"),
            ]
        lines.append(Line(control, control_side, value, code, base_value, None, label))
        settled, made = settle(pairs, day=date, settings=settings, base=base)
        lines += settled
        label_fx = f"Exchange difference: {label}"
        realise_fx(lines, trading=settings.trading_account, description=label_fx, settings=books)
        payment.entry = post_lines(
            lines, day=date, actor=actor, memo=label, reference=reference, source="payments"
        )
        payment.save()
        _save_allocations(made, payment.entry)
        save_items([pair.debit for pair in pairs] + [pair.credit for pair in pairs])
        audit_record(actor=actor, action="create", obj=payment, data={"amount": str(value), "currency": code})
        received = direction == Payment.Direction.RECEIVED
        emit(event_types.PAYMENT_RECEIVED if received else event_types.PAYMENT_MADE, {
            "id": payment.pk, "party": party, "contact": contact.pk, "date": date.isoformat(),
            "currency": code, "amount": str(value), "reference": reference, "entry": payment.entry.pk,
        })  # fmt: skip
    return payment


def _allocated(raw: Sequence[Target | dict[str, Any]], currency: str) -> Decimal:
    """What the allocations settle together, in their documents' `currency`."""
    total = Decimal(0)
    for i, target in enumerate(Target.of(t) for t in raw):
        total += to_money(target.amount, currency, field=f"allocations[{i}].amount")
    if total <= 0:
        raise InvalidInput("Allocations must be positive.", fields={"allocations": ["Must be > 0."]})
    return total


def _save_allocations(allocations: list[Allocation], entry: Any) -> None:
    for allocation in allocations:
        allocation.entry = entry  # the payment, saved since, is taken by the allocation's save()
        allocation.save()


def payment_allocate(
    *, payment: Payment, allocations: Sequence[Target | dict[str, Any]], actor: Actor, date: date
) -> list[Allocation]:
    """Settle open documents (or another payment: a refund) with what `payment` has open."""
    return item_allocate(item=payment, allocations=allocations, actor=actor, date=date)


def item_allocate(
    *, item: Document | Payment, allocations: Sequence[Target | dict[str, Any]], actor: Actor, date: date
) -> list[Allocation]:
    """Settle what `item` (a payment, or a credit note's rest) has open against other open items."""
    settings = invoicing_settings()
    with tenant_atomic():
        model = Payment if isinstance(item, Payment) else Document
        locked = model.objects.select_for_update().select_related("contact").get(pk=item.pk)
        if isinstance(locked, Document) and locked.status == Document.Status.DRAFT:
            raise OverAllocation("A draft settles nothing; issue it first.")
        pairs = _targets(allocations, locked)
        if not pairs:
            raise OverAllocation("Name at least one document to settle.")
        books = ledger_settings()
        lines, made = settle(pairs, day=date, settings=settings, base=books.base_currency_id)
        entry = None
        reference = locked.reference if isinstance(locked, Payment) else locked.number
        if lines:
            label = f"Allocation of {item_label(locked)}"
            realise_fx(lines, trading=settings.trading_account, description=label, settings=books)
            source = (
                "payments" if isinstance(locked, Payment) else ("sales" if locked.is_sales else "purchases")
            )
            entry = post_lines(lines, day=date, actor=actor, memo=label, reference=reference, source=source)
        _save_allocations(made, entry)
        save_items([pair.debit for pair in pairs] + [pair.credit for pair in pairs])
        audit_record(actor=actor, action="allocate", obj=locked, data={"count": len(made)})
    return made
