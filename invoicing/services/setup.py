"""The company's invoicing settings, made on first use from the chart's conventional accounts."""

from __future__ import annotations

from django.db.models import Q

from ledger.charts import CURRENCY_TRADING
from ledger.models import Account, JournalLine
from ledger.services.reference import invalidate
from tenants.routing.db import tenant_atomic

from ..errors import InvoicingNotSetUp
from ..models import InvoicingSettings

RECEIVABLES = ("1200", "1210", "Trade receivables (invoices)", Account.Type.ASSET)
PAYABLES = ("2100", "2110", "Trade payables (bills)", Account.Type.LIABILITY)


def invoicing_settings() -> InvoicingSettings:
    """The settings row; made on first use, marking the control accounts."""
    found = InvoicingSettings.objects.select_related("receivable_account", "payable_account").first()
    if found is not None:
        return found
    with tenant_atomic():
        trading = Account.objects.filter(code=CURRENCY_TRADING).first()
        if trading is None:
            raise InvoicingNotSetUp()
        made, _ = InvoicingSettings.objects.get_or_create(
            id=1,
            defaults={
                "receivable_account": _control_account(*RECEIVABLES),
                "payable_account": _control_account(*PAYABLES),
                "trading_account": trading,
            },
        )
    invalidate()  # accounts' control flags are reference data of posting
    return made


def _control_account(code: str, fallback: str, name: str, kind: str) -> Account:
    """The chart's account `code` when nothing but documents ever posted to it; else a new
    account `fallback` under it, so that earlier hand entries stay where they are."""
    account = Account.objects.filter(code=code).first()
    if account is None:
        raise InvoicingNotSetUp()
    if account.is_control or not _has_hand_lines(account):
        account.is_control = True
        account.save(update_fields=["is_control"])
        return account
    child, _ = Account.objects.get_or_create(
        code=fallback, defaults={"name": name, "type": kind, "parent": account, "is_control": True}
    )
    if not child.is_control:
        if _has_hand_lines(child):
            raise InvoicingNotSetUp(
                f"Accounts {code} and {fallback} hold hand entries: choose an empty receivables/payables"
                " account in the invoicing settings."
            )
        child.is_control = True
        child.save(update_fields=["is_control"])
    return child


def _has_hand_lines(account: Account) -> bool:
    return JournalLine.objects.filter(Q(account=account) & Q(entry__source="")).exists()
