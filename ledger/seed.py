"""Reference data for a new company's books. Idempotent: re-running changes nothing."""

from __future__ import annotations

from common.models import Company

from .models import Account

SMALL_BUSINESS = [
    ("1000", "Cash", Account.Type.ASSET),
    ("1100", "Bank", Account.Type.ASSET),
    ("1200", "Accounts receivable", Account.Type.ASSET),
    ("2000", "Accounts payable", Account.Type.LIABILITY),
    ("3000", "Owner's equity", Account.Type.EQUITY),
    ("3100", "Retained earnings", Account.Type.EQUITY),
    ("4000", "Sales", Account.Type.INCOME),
    ("5000", "Cost of goods sold", Account.Type.EXPENSE),
    ("6000", "Operating expenses", Account.Type.EXPENSE),
]


def seed_tenant(*, company: Company, demo: bool = False) -> None:
    """Install the small-business chart of accounts (runs inside the company's tenant_context)."""
    existing = set(Account.objects.values_list("code", flat=True))
    Account.objects.bulk_create(
        [
            Account(code=code, name=name, type=kind)
            for code, name, kind in SMALL_BUSINESS
            if code not in existing
        ]
    )
