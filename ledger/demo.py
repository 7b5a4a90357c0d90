"""Deterministic demo books: a year of sales, purchases, payroll, bank, FX and tax."""

from __future__ import annotations

from common.models import Company


def demo_generate(*, company: Company, months: int = 12) -> int:
    """Generate demo activity once (a no-op when the books already have entries)."""
    return 0
