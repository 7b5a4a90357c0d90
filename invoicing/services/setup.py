"""The company's invoicing settings, made on first use from the chart's conventional accounts."""

from __future__ import annotations

from django.db.models import Q

from ledger.charts import CURRENCY_TRADING
from ledger.models import Account, JournalLine
from ledger.services.reference import invalidate
from tenants.routing.db import tenant_atomic

from ..errors import InvalidLogo, InvoicingNotSetUp
from ..models import InvoicingSettings

RECEIVABLES = ("1200", "1210", "Trade receivables (invoices)", Account.Type.ASSET)
PAYABLES = ("2100", "2110", "Trade payables (bills)", Account.Type.LIABILITY)


def invoicing_settings(*, logo: bool = True) -> InvoicingSettings:
    """The settings row; made on first use, marking the control accounts. Without `logo`, the
    logo's bytes are left unread (what posting keeps in memory for every company)."""
    rows = InvoicingSettings.objects.select_related("receivable_account", "payable_account")
    found = (rows if logo else rows.defer("logo")).first()
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


# What a logo may be: the first bytes of each format and its media type.
LOGO_TYPES = ((b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"<svg", "image/svg+xml"))
LOGO_MAX_BYTES = 512 * 1024


def logo_media_type(data: bytes) -> str | None:
    """The logo's media type, or None when it is not one of the images invoices print."""
    head = data.lstrip()[:512]
    if head.startswith(b"<?xml"):  # an SVG may open with an XML declaration
        head = head[head.find(b"?>") + 2 :].lstrip()
    return next((media for magic, media in LOGO_TYPES if head.startswith(magic)), None)


def logo_set(data: bytes | None) -> InvoicingSettings:
    """Store (or with None, remove) the logo printed on invoices: a PNG, JPEG or SVG of at most
    512 KiB, refused otherwise with the reason."""
    if data is not None:
        if not data:
            raise InvalidLogo("The file is empty.")
        if len(data) > LOGO_MAX_BYTES:
            raise InvalidLogo(f"The logo is {len(data) // 1024} KiB; at most {LOGO_MAX_BYTES // 1024} KiB.")
        if logo_media_type(data) is None:
            raise InvalidLogo("The logo must be a PNG, JPEG or SVG image.")
    settings = invoicing_settings()
    settings.logo = data
    settings.save(update_fields=["logo"])
    return settings
