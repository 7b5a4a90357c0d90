"""The tenant seeder (PYLEDGER_TENANT_SEEDER): the ledger's reference data, then the demo books
with their sales and purchases as documents and payments (invoicing.demo) and their monthly tax
returns filed (tax.demo), then the bank's demo statements, which are made from those books."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from bank.demo import bank_demo_generate
from common.models import Company
from invoicing.demo import invoicing_demo_generate
from ledger.seed import seed_tenant as ledger_seed
from tax.demo import file_demo_month


def seed_tenant(*, company: Company, demo: bool = False, **options: Any) -> None:
    ledger_seed(company=company, **options)
    if demo:
        months = getattr(settings, "PYLEDGER_DEMO_MONTHS", 12)
        invoicing_demo_generate(company=company, months=months, file_tax=file_demo_month)
        bank_demo_generate(company=company)
