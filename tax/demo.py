"""The demo books file their tax returns: each month's return ("net and tax per code", which covers
every code) is filed through the tax service, so its settlement moves the tax accounts into the
tax payable account and the reconciliation of any later return leaves it out. The demo then pays
the payable from the bank (`ledger.demo.demo_generate`'s `file_tax`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.demo import ACTOR

from .schemes import PER_CODE
from .services import tax_return_file


def file_demo_month(start: date, end: date) -> tuple[str, Decimal]:
    """File the return for start..end; the payable account's code and what the return says is
    payable (negative: reclaimable)."""
    filed = tax_return_file(scheme=PER_CODE.key, start=start, end=end, actor=ACTOR)
    return filed.payable_account.code, filed.payable
