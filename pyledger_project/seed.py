"""The tenant seeder (PYLEDGER_TENANT_SEEDER): the ledger's reference data and demo books, then
the bank's demo statements, which are made from those books."""

from __future__ import annotations

from typing import Any

from bank.demo import bank_demo_generate
from common.models import Company
from ledger.seed import seed_tenant as ledger_seed


def seed_tenant(*, company: Company, demo: bool = False, **options: Any) -> None:
    ledger_seed(company=company, demo=demo, **options)
    if demo:
        bank_demo_generate(company=company)
