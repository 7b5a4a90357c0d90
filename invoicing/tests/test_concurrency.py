"""Issuing and paying under concurrency: threads on their own connections, committing for real,
on a throwaway company database of its own (the `race` fixture of the ledger's tests)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connections

from invoicing.integrity import control_account_problems
from invoicing.models import Contact, Document
from invoicing.services.documents import DocumentData, document_create
from invoicing.services.payments import payment_create
from ledger.integrity import chain_problems, totals_problems
from ledger.tests.conftest import race, race_books  # noqa: F401  (fixtures)
from ledger.tests.test_concurrency import all_at_once
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .conftest import ALICE

PER_THREAD = 5


@pytest.mark.slow  # threads racing on one company
def test_concurrent_issues_number_without_gaps_and_payments_keep_control_equal_open_items(race):  # noqa: F811
    with tenant_context(race):
        contact = Contact.objects.create(name="Globex")
        connections.close_all()

    def issue_and_pay(i: int) -> list[str]:
        numbers = []
        for n in range(PER_THREAD):
            data = DocumentData(kind="invoice", contact=contact, issue_date=date(2026, 3, 1 + n),
                                lines=[{"description": "Work", "unit_price": f"{i + 1}.{n:02}"}])  # fmt: skip
            made = document_create(data=data, actor=ALICE, issue=True)
            numbers.append(made.number)
            if n % 2 == 0:
                payment_create(direction="received", party="customer", contact=contact, date=made.issue_date,
                               account="1120", amount="1.00", actor=ALICE,
                               allocations=[{"document": made.pk, "amount": "1.00"}])  # fmt: skip
        return numbers

    results = all_at_once(race, issue_and_pay, threads=4)
    assert all(isinstance(r, list) for r in results), results
    with tenant_context(race):
        numbers = sorted(n or 0 for n in Document.objects.values_list("sequence", flat=True))
        assert numbers == list(range(1, 4 * PER_THREAD + 1))
        open_total = sum(Document.objects.values_list("open_amount", flat=True), Decimal(0))
        issued_total = sum(Decimal(f"{i + 1}.{n:02}") for i in range(4) for n in range(PER_THREAD))
        assert open_total == issued_total - 4 * 3  # three payments of 1.00 per thread
        assert control_account_problems() == totals_problems() == chain_problems() == []
        connections.close_all()


@tenant_db
def test_a_series_prefix_is_fixed_once_it_has_given_numbers(customer):
    # Also makes pytest-django set up the test databases when this module runs on its own.
    from common.errors import DomainError
    from invoicing.services.series import series_set_prefix

    assert series_set_prefix(kind="invoice", year=2026, prefix="F", actor=ALICE).prefix == "F"
    data = DocumentData(kind="invoice", contact=customer, issue_date=date(2026, 3, 1),
                        lines=[{"description": "Work", "unit_price": "1"}])  # fmt: skip
    assert document_create(data=data, actor=ALICE, issue=True).number == "F-2026-0001"
    with pytest.raises(DomainError) as info:
        series_set_prefix(kind="invoice", year=2026, prefix="G", actor=ALICE)
    assert info.value.code == "series_in_use"
