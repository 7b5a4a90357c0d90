"""Invoicing writes its events: an issued document (by a trigger, whichever way it is issued) and
a payment."""

from __future__ import annotations

from datetime import date

import pytest

from events.outbox import events_after
from invoicing.models import Contact
from invoicing.services.documents import DocumentData, document_create, document_issue
from invoicing.tests.conftest import ALICE, books, customer, invoicing_books  # noqa: F401  (fixtures)
from invoicing.tests.test_payments import invoice, receive

pytestmark = pytest.mark.django_db(databases="__all__")


def test_a_document_issued_at_once_or_from_a_draft_and_a_payment_write_their_events(
    customer: Contact,  # noqa: F811  (the fixture)
) -> None:
    issued = invoice(customer, "250.00")
    data = DocumentData(
        kind="invoice", contact=customer, issue_date=date(2026, 2, 11), currency="USD",
        lines=[{"description": "More work", "unit_price": "40.00"}],
    )  # fmt: skip
    draft = document_create(data=data, actor=ALICE)
    assert [e.type for e in events_after(0, limit=100)].count("document.issued") == 1
    document_issue(document=draft, actor=ALICE)
    paid = receive(customer, "250.00", [{"document": issued.pk, "amount": "250.00"}], reference="TRX-1")
    events = [e for e in events_after(0, limit=100) if e.type != "entry.posted"]
    draft.refresh_from_db()
    assert [(e.type, e.payload["id"]) for e in events] == [
        ("document.issued", issued.pk), ("document.issued", draft.pk), ("payment.received", paid.pk),
    ]  # fmt: skip
    first = events[0].payload
    assert (first["number"], first["total"], first["entry"]) == (issued.number, "250.0000", issued.entry_id)
    assert events[1].payload["number"] == draft.number and events[1].payload["entry"] == draft.entry_id
    assert events[2].payload["amount"] == "250.00" and events[2].payload["entry"] == paid.entry_id
