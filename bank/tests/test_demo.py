"""The demo statements: made from the demo books, mostly settled automatically, never wrongly."""

from __future__ import annotations

from datetime import date

import pytest

from bank.demo import bank_demo_generate, wrong_matches
from bank.models import Statement, StatementLine
from common.models import Company
from ledger.demo import demo_generate
from ledger.seed import seed_tenant
from tenants.routing.context import tenant_context

pytestmark = [pytest.mark.django_db(databases="__all__"), pytest.mark.slow]


def test_demo_statements_reconcile_all_months_but_the_last(acme: Company) -> None:
    acme.country = "US"
    acme.save(update_fields=["country"])
    with tenant_context(acme):
        seed_tenant(company=acme)
        demo_generate(company=acme, months=4, end=date(2026, 4, 30))
        generated = bank_demo_generate(company=acme)
        assert generated is not None and generated.months == 4
        statements = list(Statement.objects.order_by("period_start"))
        assert {s.format for s in statements} == {"camt053", "ofx"}
        assert statements[-1].reconciled_at is None
        assert StatementLine.objects.filter(statement=statements[-1], status="matched").count() == 0
        settled, wrong, _ = wrong_matches(generated)
        earlier = StatementLine.objects.exclude(statement=statements[-1]).count()
        assert wrong == 0
        assert settled / earlier >= 0.9
        assert bank_demo_generate(company=acme) is None  # once
