"""Books the invoicing tests start from, made once per session (tenants.testing.SEEDED_BOOKS)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from common.models import Company
from invoicing.models import Contact
from ledger.models import ExchangeRate
from ledger.services.periods import period_for


def fill(company: Company) -> None:
    """Acme's UK books with 2026's periods, so that posting writes nothing else, and EUR rates."""
    period_for(date(2026, 1, 1))
    ExchangeRate.objects.create(currency_id="EUR", date=date(2026, 1, 1), rate=Decimal("1.10"))
    ExchangeRate.objects.create(currency_id="EUR", date=date(2026, 3, 1), rate=Decimal("1.20"))


def customer() -> Contact:
    return Contact.objects.create(name="Globex Ltd", is_customer=True, payment_terms_days=14)


def vendor() -> Contact:
    return Contact.objects.create(name="Initech", is_customer=False, is_vendor=True)
