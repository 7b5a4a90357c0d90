"""The demo company's tax: each month's return is filed through the tax service, so a return over
the demo's months reconciles with the movement on the tax accounts, to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pytest_django import Settings

from common.models import Company
from ledger.integrity import chain_problems, totals_problems
from ledger.models import JournalLine
from pyledger_project.seed import seed_tenant
from tax.models import TaxReturn
from tax.returns import reconciliation, tax_return
from tenants.routing.context import tenant_context

pytestmark = [pytest.mark.django_db(databases="__all__"), pytest.mark.slow]  # the demo books


@pytest.mark.parametrize(("country", "schemes"), [("GB", ("per-code", "uk-vat")), ("US", ("per-code",))])
def test_the_demo_company_s_tax_return_reconciles_with_its_tax_accounts(
    acme: Company, settings: Settings, country: str, schemes: tuple[str, ...]
) -> None:
    settings.PYLEDGER_DEMO_MONTHS = 4
    acme.country = country
    acme.save(update_fields=["country"])
    with tenant_context(acme):
        seed_tenant(company=acme, demo=True)
        filed = list(TaxReturn.objects.order_by("period_start"))
        # A return a month, filed in the next (the last month's is not due yet).
        assert len(filed) == 3 and all(r.scheme == "per-code" and r.entry_id for r in filed)
        start, end = filed[0].period_start, filed[-1].period_end
        assert (start.day, filed[1].period_start.month) == (1, (start.month % 12) + 1)
        for scheme in schemes:
            for period in ((start, end), (start, date.today())):
                ret = tax_return(scheme=scheme, start=period[0], end=period[1])
                rec = reconciliation(ret)
                assert rec.difference == 0 and rec.payable != 0, (scheme, period, rec)
        # Paid from the bank out of the tax payable account; no hand entry touches the tax accounts
        # without a tax code.
        paid = JournalLine.objects.filter(entry__reference="TAX", account__code="2310")
        assert paid.count() == 3
        assert sum(line.amount for line in paid) == sum((abs(r.payable) for r in filed), Decimal(0))
        assert not JournalLine.objects.filter(account__code="2300", tax_code__isnull=True, entry__source="")
        assert totals_problems() == [] and chain_problems() == []
