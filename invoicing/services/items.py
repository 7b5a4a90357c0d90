"""Open items: documents and payments as what their control account holds, and allocations
between them (one debit item settled against one credit item)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledger.models import Account

from ..errors import AllocationMismatch, OverAllocation
from ..models import Allocation, Document, InvoicingSettings, Payment
from .posting import Line, share

Item = Document | Payment


def control_account(item: Item, settings: InvoicingSettings) -> Account:
    sales = item.is_sales if isinstance(item, Document) else item.party == Payment.Party.CUSTOMER
    return settings.receivable_account if sales else settings.payable_account


def item_label(item: Item) -> str:
    if isinstance(item, Document):
        return str(item)
    return f"payment {item.pk or ''} {item.reference}".strip()


@dataclass
class Settlement:
    debit: Item
    credit: Item
    amount: Decimal


def settle(
    pairs: list[Settlement], *, day: date, settings: InvoicingSettings, base: str
) -> tuple[list[Line], list[Allocation]]:
    """Lines that release each pair from its control account at the value each side was booked
    at (`base`: the base currency), and the (unsaved) allocations; updates the items' open amounts
    in memory.

    When both sides were booked at the same base value the two lines cancel and are left out; the
    difference otherwise is what `posting.realise_fx` books as a realised gain or loss.
    """
    lines: list[Line] = []
    allocations: list[Allocation] = []
    for pair in pairs:
        debit, credit, amount = pair.debit, pair.credit, pair.amount
        control = control_account(debit, settings)
        if (
            control != control_account(credit, settings)
            or debit.contact_id != credit.contact_id
            or debit.currency_id != credit.currency_id
            or not debit.debits_control
            or credit.debits_control
        ):
            raise AllocationMismatch(
                f"{item_label(debit)} and {item_label(credit)} belong to different contacts, sides"
                " or currencies."
            )
        for item in (debit, credit):
            if amount > item.open_amount:
                raise OverAllocation(
                    f"{item_label(item)} has {item.open_amount} {item.currency_id} open;"
                    f" cannot settle {amount}.",
                    fields={"amount": [f"At most {item.open_amount}."]},
                )
        base_debit = share(amount, debit.open_amount, debit.base_open, base)
        base_credit = share(amount, credit.open_amount, credit.base_open, base)
        if base_debit != base_credit:
            c = debit.currency_id
            label = f"{item_label(credit)} settles {item_label(debit)}"
            lines += [
                Line(control, "C", amount, c, base_debit, None, label),
                Line(control, "D", amount, c, base_credit, None, label),
            ]
        for item, released in ((debit, base_debit), (credit, base_credit)):
            item.open_amount -= amount
            item.base_open -= released
        allocations.append(
            Allocation(
                debit_document=debit if isinstance(debit, Document) else None,
                debit_payment=debit if isinstance(debit, Payment) else None,
                credit_document=credit if isinstance(credit, Document) else None,
                credit_payment=credit if isinstance(credit, Payment) else None,
                date=day,
                happened_on=max(day, _dated(debit), _dated(credit)),
                amount=amount,
                fx_amount=base_credit - base_debit,
            )
        )
    return lines, allocations


def _dated(item: Item) -> date:
    return item.issue_date if isinstance(item, Document) else item.date


def document_status(document: Document) -> str:
    if document.open_amount == 0:
        return Document.Status.PAID
    if document.open_amount < document.total:
        return Document.Status.PARTLY_PAID
    return Document.Status.ISSUED


def save_items(items: list[Item]) -> None:
    for item in items:
        if isinstance(item, Document):
            item.status = document_status(item)
            item.save(update_fields=["open_amount", "base_open", "status"])
        else:
            item.save(update_fields=["open_amount", "base_open"])
