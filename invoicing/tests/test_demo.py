"""The demo year's trade as documents: control accounts equal the open items, the aged
receivables fill several columns, foreign and partly paid documents, and the bank demo on top."""

from __future__ import annotations

from datetime import date

import pytest

from bank.demo import bank_demo_generate, wrong_matches
from common.models import Company
from invoicing.demo import invoicing_demo_generate
from invoicing.integrity import control_account_problems
from invoicing.models import Document, Payment
from invoicing.reports import BUCKETS, aging
from ledger.integrity import chain_problems, totals_problems
from ledger.models import JournalEntry, JournalLine
from ledger.reports import balance_sheet, trial_balance
from ledger.seed import seed_tenant
from tenants.routing.context import tenant_context

pytestmark = [pytest.mark.django_db(databases="__all__"), pytest.mark.slow]  # the demo books
END = date(2026, 6, 30)


def _demo(company: Company, country: str, months: int) -> int:
    company.country = country
    company.save(update_fields=["country"])
    with tenant_context(company):
        seed_tenant(company=company)
        return invoicing_demo_generate(company=company, months=months, end=END)


def test_the_demo_year_issues_documents_whose_open_items_are_the_control_accounts(acme: Company) -> None:
    created = _demo(acme, "US", 12)
    with tenant_context(acme):
        assert created == JournalEntry.objects.count() > 300
        assert control_account_problems() == []
        assert totals_problems() == [] and chain_problems() == []
        tb = trial_balance(END)
        assert tb.totals["debit"] == tb.totals["credit"] > 0
        bs = balance_sheet(END)
        assert bs.totals["assets"] == bs.totals["liabilities_and_equity"]
        # Receivables and payables hold nothing but documents and payments.
        hand = JournalLine.objects.filter(account__code__in=["1200", "2100"], entry__source="")
        assert not hand.exists()
        invoices = Document.objects.filter(kind="invoice")
        assert invoices.count() > 80 and Document.objects.filter(kind="bill").count() > 30
        assert invoices.filter(currency_id="EUR").count() == 12
        assert invoices.filter(status="partly_paid").exists()
        assert Payment.objects.filter(currency_id="EUR").exists()
        assert JournalLine.objects.filter(account__code="4950", entry__source="payments").exists()

        receivables = aging("receivables", END)
        totals = {bucket: sum(getattr(r, bucket) for r in receivables.rows) for bucket in BUCKETS}
        assert sum(1 for amount in totals.values() if amount > 0) >= 4, totals
        assert totals["current"] > 0 and totals["over_90"] > 0
        assert {row.currency for row in receivables.rows} == {"USD", "EUR"}
        payables = aging("payables", END)
        assert sum(row.total for row in payables.rows) > 0


def test_a_german_quarter_with_the_bank_demo_settles_without_a_wrong_match(foo: Company) -> None:
    _demo(foo, "DE", 3)
    with tenant_context(foo):
        assert control_account_problems() == []
        assert Document.objects.filter(kind="invoice", currency_id="USD").count() == 3
        vat = JournalLine.objects.filter(account__code="2300", tax_code__code="VAT19")
        assert vat.filter(side="C").count() > 10 and vat.filter(side="D").count() > 5
        generated = bank_demo_generate(company=foo)
        assert generated is not None
        settled, wrong, lines = wrong_matches(generated)
        assert wrong == 0 and settled > 0.8 * lines * 2 / 3
        assert control_account_problems() == []


def test_the_same_company_gets_the_same_documents(acme: Company) -> None:
    def fingerprint() -> list[tuple[object, ...]]:
        return list(
            Document.objects.order_by("kind", "number").values_list(
                "kind", "number", "contact__name", "issue_date", "due_date", "total", "open_amount", "status"
            )
        )

    alias = "tenant_acme"
    from django.db import transaction

    _seed = _demo
    with tenant_context(acme):
        with transaction.atomic(using=alias):
            _seed(acme, "US", 2)
            first = fingerprint()
            transaction.set_rollback(True, using=alias)
        _seed(acme, "US", 2)
        assert fingerprint() == first and first
