"""Issuing a new document is one statement: number, entry, document, lines and audit rows (a
regression guard on the number of statements, not a timing). With the ledger's reference data
cached, as in production, nothing else is read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, connections
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from common.models import Company
from invoicing.errors import DocumentNotDraft
from invoicing.integrity import control_account_problems
from invoicing.models import Contact, Document, DocumentLine, DocumentSeries
from invoicing.services.documents import (
    DocumentData,
    LineData,
    document_create,
    document_issue,
    document_update_draft,
)
from invoicing.services.issuing import issue_draft
from invoicing.services.setup import invoicing_settings
from ledger.errors import PeriodClosed
from ledger.integrity import chain_problems, totals_problems
from ledger.models import Account, AuditEvent, TaxCode
from ledger.services import reference
from ledger.services.periods import period_close, period_for
from ledger.tests.conftest import race, race_books  # noqa: F401  (a company database of its own)
from tenants.routing.context import current_alias, tenant_context
from tenants.testing import tenant_db

from .conftest import ALICE

DAY = date(2026, 3, 10)


@pytest.fixture
def cached(race: Company, settings: Settings) -> Iterator[Contact]:  # noqa: F811
    """The race company with invoicing set up, a VAT code, a customer and the cache on."""
    settings.PYLEDGER_LEDGER_CACHE_SECONDS = 60
    reference.invalidate_all()
    with tenant_context(race):
        vat = Account.objects.get(code="2300")
        TaxCode.objects.create(code="VAT20", name="Standard", rate=Decimal(20), account=vat)
        period_for(DAY)
        invoicing_settings()
        customer = Contact.objects.create(name="Globex", is_customer=True)
        try:
            yield customer
        finally:
            reference.invalidate_all()
            connections.close_all()


def invoice(customer: Contact, lines: int = 2, day: date = DAY) -> Document:
    line: dict[str, Any] = {"quantity": 2, "unit_price": "10.00", "account": "4100", "tax_code": "VAT20"}
    rows: list[LineData | dict[str, Any]] = [{"description": f"Item {i}", **line} for i in range(lines)]
    data = DocumentData(kind="invoice", contact=customer, issue_date=day, lines=rows)
    return document_create(data=data, actor=ALICE, issue=True)


def test_an_issued_invoice_is_one_statement_with_the_cache_warm(cached):
    first = invoice(cached)
    with CaptureQueriesContext(connections[current_alias()]) as queries:
        document = invoice(cached, lines=3)

    assert len(queries.captured_queries) == 1
    stored = Document.objects.get(pk=document.pk)
    assert (stored.number, first.number) == ("INV-2026-0002", "INV-2026-0001")
    assert (stored.status, stored.total, stored.open_amount, stored.base_open) == (
        "issued", Decimal("72.00"), Decimal("72.00"), Decimal("72.00"),
    )  # fmt: skip
    assert [line.pk for line in document.lines.order_by("line_no")] == [
        line.pk for line in stored.lines.order_by("line_no")
    ]
    entry = stored.entry
    assert entry is not None and document.entry is not None
    assert (entry.memo, entry.reference, entry.source) == (
        "Invoice INV-2026-0002 Globex",
        "INV-2026-0002",
        "sales",
    )
    written = entry.lines.order_by("line_no")
    assert [(line.account.code, line.side, line.amount, line.description) for line in written] == [
        ("1200", "D", Decimal("72.00"), "INV-2026-0002 Globex"),
        ("4100", "C", Decimal("20.00"), "INV-2026-0002 Item 0"),
        ("4100", "C", Decimal("20.00"), "INV-2026-0002 Item 1"),
        ("4100", "C", Decimal("20.00"), "INV-2026-0002 Item 2"),
        ("2300", "C", Decimal("12.00"), "INV-2026-0002 tax VAT20"),
    ]  # fmt: skip
    events = AuditEvent.objects.filter(object_type="document", object_id=str(document.pk)).order_by("id")
    assert [(e.action, e.data) for e in events] == [
        ("create", {"kind": "invoice"}), ("issue", {"number": "INV-2026-0002"}),
    ]  # fmt: skip
    assert entry.number == 2 and document.entry.number == 2
    assert chain_problems() == totals_problems() == control_account_problems() == []


def test_a_year_s_first_invoice_makes_its_series_in_the_same_statement(cached):
    period_for(date(2027, 2, 1))  # the year's periods exist (made once, not by issuing)
    invoice(cached)  # warms the caches
    with CaptureQueriesContext(connections[current_alias()]) as queries:
        document = invoice(cached, day=date(2027, 2, 1))

    assert len(queries.captured_queries) == 1
    assert document.number == "INV-2027-0001"
    series = DocumentSeries.objects.get(kind="invoice", year=2027)
    assert (series.prefix, series.last_number, document.series_id) == ("INV", 1, series.pk)


def test_a_refused_issue_takes_no_number_and_writes_nothing(cached):
    invoice(cached)
    period_close(period=period_for(DAY), actor=ALICE)
    documents = Document.objects.count()

    with pytest.raises(PeriodClosed):
        invoice(cached)

    assert Document.objects.count() == documents
    assert DocumentSeries.objects.get(kind="invoice", year=2026).last_number == 1


@tenant_db
def test_inside_a_transaction_the_statement_runs_in_a_savepoint_and_a_refusal_leaves_it_usable(customer):
    first = invoice(customer)
    period_close(period=period_for(DAY), actor=ALICE)
    with pytest.raises(PeriodClosed):
        invoice(customer)
    with CaptureQueriesContext(connections[current_alias()]) as queries:
        later = invoice(customer, day=date(2026, 4, 2))

    (write,) = [q["sql"] for q in queries.captured_queries if "INSERT INTO invoicing_document " in q["sql"]]
    assert write.startswith("SAVEPOINT") and "SET CONSTRAINTS ledger_entry_commit IMMEDIATE" in write
    assert (first.number, later.number) == ("INV-2026-0001", "INV-2026-0002")
    assert later.entry is not None and later.entry.number == 2 and chain_problems() == []


def draft(customer: Contact, lines: int = 2) -> Document:
    line: dict[str, Any] = {"quantity": 2, "unit_price": "10.00", "account": "4100", "tax_code": "VAT20"}
    rows: list[LineData | dict[str, Any]] = [{"description": f"Item {i}", **line} for i in range(lines)]
    data = DocumentData(kind="invoice", contact=customer, issue_date=DAY, lines=rows)
    return document_create(data=data, actor=ALICE)


def test_issuing_a_draft_is_one_read_and_one_statement_with_the_cache_warm(cached):
    invoice(cached)  # warms the caches
    made = draft(cached, lines=3)
    with CaptureQueriesContext(connections[current_alias()]) as queries:
        document = document_issue(document=made, actor=ALICE)

    read, write = [q["sql"] for q in queries.captured_queries]
    assert read.startswith("SELECT") and "invoicing_documentline" in read
    assert "UPDATE invoicing_document SET" in write and "INSERT INTO ledger_journalentry" in write
    stored = Document.objects.get(pk=made.pk)
    assert (stored.number, document.number, stored.sequence) == ("INV-2026-0002", "INV-2026-0002", 2)
    assert (stored.status, stored.total, stored.open_amount, stored.base_open, stored.base_total) == (
        "issued", Decimal("72.00"), Decimal("72.00"), Decimal("72.00"), Decimal("72.00"),
    )  # fmt: skip
    assert document.entry is not None and stored.entry_id == document.entry.pk
    assert stored.issued_by_name == "alice"
    entry = stored.entry
    assert entry is not None and (entry.memo, entry.reference) == (
        "Invoice INV-2026-0002 Globex",
        "INV-2026-0002",
    )
    assert [(line.account.code, line.side, line.amount) for line in entry.lines.order_by("line_no")] == [
        ("1200", "D", Decimal("72.00")), ("4100", "C", Decimal("20.00")), ("4100", "C", Decimal("20.00")),
        ("4100", "C", Decimal("20.00")), ("2300", "C", Decimal("12.00")),
    ]  # fmt: skip
    events = AuditEvent.objects.filter(object_type="document", object_id=str(made.pk)).order_by("id")
    assert [(e.action, e.data) for e in events] == [
        ("create", {"kind": "invoice"}), ("issue", {"number": "INV-2026-0002"}),
    ]  # fmt: skip
    assert chain_problems() == totals_problems() == control_account_problems() == []
    with pytest.raises(DocumentNotDraft):
        document_issue(document=made, actor=ALICE)


def test_a_draft_changed_after_it_was_read_takes_no_number_and_is_issued_as_it_now_is(cached):
    made = draft(cached)
    stale = list(
        DocumentLine.objects.filter(document=made).select_related("document__contact", "account", "tax_code")
        .extra(select={"version": "invoicing_document.xmin::text"}).order_by("line_no")
    )  # fmt: skip
    other: list[LineData | dict[str, Any]] = [
        {"description": "Other", "unit_price": "5.00", "account": "4100"}
    ]
    data = DocumentData(kind="invoice", contact=cached, issue_date=DAY, lines=other)
    document_update_draft(document=made, data=data, actor=ALICE)
    settings = invoicing_settings()
    vat = {"VAT20": Account.objects.get(code="2300")}
    stale_draft = stale[0].document
    stale_draft.exchange_rate = Decimal(1)

    with pytest.raises(DatabaseError):
        issue_draft(stale_draft, stale, version=stale[0].version, actor=ALICE, settings=settings,
                    tax_accounts=vat, base="USD")  # fmt: skip

    assert not DocumentSeries.objects.filter(kind="invoice").exists()
    assert Document.objects.get(pk=made.pk).status == "draft"
    issued = document_issue(document=made, actor=ALICE)
    assert (issued.number, issued.total) == ("INV-2026-0001", Decimal("5.00"))
