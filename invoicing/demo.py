"""The demo year's trade as sales and purchases documents: the ledger's simulation
(`ledger.demo`) decides what is sold and bought and when it is paid; `DocumentTrade` issues the
invoices and bills and records the payments through this app's services, so receivables and
payables (control accounts: no hand entries) always equal the open documents.

What the demo leaves open at its end is real work for the reports: invoices not due yet, some
paid in part, a slow payer or two months late, a disputed one never paid; bills queried and paid
late; the foreign customer's invoices in its own currency (EUR, or USD for a EUR company),
paid into the foreign bank account with the realised exchange difference.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from common.models import Company
from ledger.actor import Actor
from ledger.demo import TaxFiler, demo_generate
from ledger.demo_trade import Issued, Sale, references

from .models import Contact
from .services.contacts import contact_create
from .services.documents import DocumentData, LineData, document_create
from .services.payments import Target, payment_create
from .services.setup import invoicing_settings

ACTOR = Actor.system("demo")


class DocumentTrade:
    """Writes the demo's invoices, bills and payments as documents and payments."""

    def __init__(self, base: str) -> None:
        self.base = base
        invoicing_settings()  # marks receivables and payables as control accounts first
        self.contacts: dict[str, Contact] = {}
        self.documents: dict[str, int] = {}  # number -> id

    def _contact(self, name: str, *, vendor: bool, currency: str) -> Contact:
        if name not in self.contacts:
            self.contacts[name] = contact_create(
                actor=ACTOR, name=name, is_customer=not vendor, is_vendor=vendor,
                currency="" if currency == self.base else currency,
            )  # fmt: skip
        return self.contacts[name]

    def _issue(self, kind: str, sale: Sale) -> Issued:
        vendor = kind == "bill"
        line = LineData(
            description=sale.description,
            unit_price=sale.net,
            account=sale.account,
            tax_code=sale.tax_code or "",
        )
        data = DocumentData(
            kind=kind, contact=self._contact(sale.party, vendor=vendor, currency=sale.currency),
            issue_date=sale.day, due_date=sale.due, currency=sale.currency, lines=[line],
            vendor_reference=sale.reference,
        )  # fmt: skip
        document = document_create(data=data, actor=ACTOR, issue=True)
        self.documents[document.number] = document.pk
        return Issued(document.number, document.total, document.tax_total, document.base_total)

    def sell(self, sale: Sale) -> Issued:
        return self._issue("invoice", sale)

    def buy(self, sale: Sale) -> Issued:
        return self._issue("bill", sale)

    def _pay(self, direction: str, party: str, day: date, name: str, items: list[tuple[str, Decimal]],
             bank: str, currency: str) -> Any:  # fmt: skip
        return payment_create(
            direction=direction, party=party, contact=self.contacts[name], date=day, account=bank,
            amount=sum((amount for _, amount in items), Decimal(0)), currency=currency, actor=ACTOR,
            allocations=[Target(amount=amount, document=self.documents[n]) for n, amount in items],
            reference=references([n for n, _ in items]),
        )  # fmt: skip

    def receive(
        self, *, day: date, customer: str, items: list[tuple[str, Decimal]], bank: str, currency: str
    ) -> Decimal:
        payment = self._pay("received", "customer", day, customer, items, bank, currency)
        return Decimal(payment.base_amount)

    def pay(self, *, day: date, supplier: str, items: list[tuple[str, Decimal]], bank: str) -> None:
        self._pay("paid", "vendor", day, supplier, items, bank, self.base)


def invoicing_demo_generate(
    *, company: Company, months: int = 12, end: date | None = None, file_tax: TaxFiler | None = None
) -> int:
    """The demo books with their trade as documents (inside tenant_context); entries posted.
    `file_tax` files each month's tax return (see `ledger.demo.demo_generate`)."""
    return demo_generate(company=company, months=months, end=end, trade=DocumentTrade, file_tax=file_tax)
