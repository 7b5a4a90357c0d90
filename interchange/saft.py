"""SAF-T: the OECD Standard Audit File - Taxation 2.00, general ledger part, for one fiscal year.

`saft_prepare` checks that the year can be written exactly (and reads the totals the header of the
entries needs); `saft_chunks` then writes the file as text chunks, one transaction at a time, so a
year of any size streams in constant memory. Amounts are the ledger's own, never rounded: SAF-T
carries two fractional digits, so books whose amounts need more (KWD, BHD…) are refused up front
rather than written wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Length
from django.utils import timezone

from common.errors import DomainError
from common.models import Company
from invoicing.models import Contact, Document, InvoicingSettings, Payment
from ledger.models import Account, FiscalYear, JournalEntry, JournalLine, TaxCode
from ledger.reports import account_balances
from ledger.services.periods import ledger_settings

NAMESPACE = "urn:OECD:StandardAuditFile-Tax:2.00"
VERSION = "2.00"
SOFTWARE = "pyledger"
SOFTWARE_VERSION = "0.1.0"
CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.00000001")  # SAFexchangerateType: 8 fractional digits
ID_LENGTH = 70  # SAFmiddle2textType: AccountID, TransactionID
TEXT_LENGTH = 256  # SAFlongtextType: descriptions
SOURCE_LENGTH = 35  # SAFmiddle1textType: SourceID
CHUNK = 500  # lines fetched per round trip while streaming
BUFFER = 64 * 1024  # characters sent at a time

# Journal per subledger (JournalEntry.source): its ID, SAF-T type code (9 characters) and name.
JOURNALS = {
    "": ("GL", "GL", "General journal"),
    "sales": ("sales", "SALES", "Sales: invoices and credit notes"),
    "purchases": ("purchases", "PURCHASES", "Purchases: bills and vendor credits"),
    "payments": ("payments", "PAYMENTS", "Payments"),
    "revaluation": ("revaluation", "FX", "Currency revaluations"),
    "tax": ("tax", "TAX", "Tax settlements"),
}
ACCOUNT_TYPES = {t.value: t.label for t in Account.Type}
EXPORTED = (JournalEntry.Status.POSTED, JournalEntry.Status.REVERSED)
# Characters XML 1.0 cannot carry at all (imported memos may hold them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class InvalidFiscalYear(DomainError):
    code = "invalid_parameter"
    status_code = 400


class SaftNotRepresentable(DomainError):
    """The books hold something SAF-T cannot carry exactly; nothing is written."""

    code = "saft_not_representable"
    status_code = 409


def find_fiscal_year(text: str | None) -> FiscalYear:
    """The fiscal year named by its id, the calendar year it ends in (2026) or its name (FY2025/26)."""
    value = (text or "").strip()
    if not value:
        raise InvalidFiscalYear(
            "Give fiscal_year=<year or id>.", fields={"fiscal_year": ["This parameter is required."]}
        )
    found: FiscalYear | None
    if value.isascii() and value.isdigit() and len(value) <= 9:
        number = int(value)
        if 1000 <= number <= 9999:  # a calendar year; a larger one made the year lookup raise (a 500)
            years = list(FiscalYear.objects.filter(end_date__year=number)[:2])
            if len(years) > 1:
                names = ", ".join(str(y) for y in FiscalYear.objects.filter(end_date__year=number))
                raise InvalidFiscalYear(
                    f"Several fiscal years end in {number} ({names}): give one by its id.",
                    fields={"fiscal_year": ["Ambiguous."]},
                )
            found = years[0] if years else None
        else:
            found = FiscalYear.objects.filter(pk=number).first()
    else:
        found = next((y for y in FiscalYear.objects.all() if str(y) == value), None)
    if found is None:
        raise InvalidFiscalYear(
            f"No fiscal year {value!r}: give its id, the year it ends in or its name (FY2026).",
            fields={"fiscal_year": ["No such fiscal year."]},
        )
    return found


@dataclass(frozen=True)
class SaftExport:
    """What the file is about, checked and counted before the first byte is written."""

    company: Company
    fiscal_year: FiscalYear
    base_currency: str
    entries: int
    total_debit: Decimal
    total_credit: Decimal
    user: str = ""

    @property
    def file_name(self) -> str:
        name = str(self.fiscal_year).replace("/", "-")
        return f"saf-t-{self.company.slug}-{name}.xml"


def saft_prepare(*, company: Company, fiscal_year: FiscalYear, user: str = "") -> SaftExport:
    """Refuse what SAF-T cannot carry exactly; count the entries and total the year's lines."""
    problems: list[str] = []
    if len(company.country or "") != 2:
        problems.append("the company has no country (SAF-T names one): set it first")
    base = ledger_settings().base_currency
    if base.minor_units > 2:
        problems.append(f"the base currency {base.code} has {base.minor_units} decimals, SAF-T carries 2")
    lines = JournalLine.objects.filter(entry__fiscal_year=fiscal_year, entry__status__in=EXPORTED)
    fine = lines.filter(currency__minor_units__gt=2).values_list("currency_id", flat=True).distinct()
    if fine_currencies := sorted(fine):
        problems.append(f"lines in {', '.join(fine_currencies)} need more than the 2 decimals SAF-T carries")
    long_codes = list(
        Account.objects.annotate(n=Length("code")).filter(n__gt=ID_LENGTH).values_list("code", flat=True)[:3]
    )
    if long_codes:
        problems.append(f"account codes longer than {ID_LENGTH} characters: {', '.join(long_codes)}")
    if problems:
        raise SaftNotRepresentable("Cannot write SAF-T exactly: " + "; ".join(problems) + ".")
    totals = lines.aggregate(
        debit=Sum("base_amount", filter=Q(side=JournalLine.Side.DEBIT), default=Decimal(0)),
        credit=Sum("base_amount", filter=Q(side=JournalLine.Side.CREDIT), default=Decimal(0)),
    )
    counted = JournalEntry.objects.filter(fiscal_year=fiscal_year, status__in=EXPORTED).aggregate(
        n=Count("id")
    )
    return SaftExport(
        company=company,
        fiscal_year=fiscal_year,
        base_currency=base.code,
        entries=counted["n"],
        total_debit=totals["debit"],
        total_credit=totals["credit"],
        user=user,
    )


def _text(value: object, limit: int = TEXT_LENGTH) -> str:
    """Element content: XML-safe, escaped, cut to the SAF-T field's length."""
    clean = _NOT_XML.sub("", str(value)).strip()
    return escape(clean[:limit])


def _el(name: str, value: object, limit: int = TEXT_LENGTH) -> str:
    return f"<{name}>{_text(value, limit)}</{name}>"


def _money(value: Decimal) -> str:
    cents = value.quantize(CENT)
    if cents != value:  # saft_prepare refuses such books; never round silently
        raise SaftNotRepresentable(f"{value} needs more than 2 decimals.")
    return str(cents)


def _decimal(value: Decimal) -> str:
    """Plain digits without trailing zeros: 20, 1.1 (never 2E+1, which xs:decimal refuses)."""
    return format(value.normalize(), "f")


def _balance(prefix: str, net: Decimal) -> str:
    side = "Debit" if net >= 0 else "Credit"
    return f"<{prefix}{side}Balance>{_money(abs(net))}</{prefix}{side}Balance>"


def _address(text: str, country: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines and not country:
        return ""
    parts = []
    if lines:
        parts.append(_el("StreetName", lines[0]))
    if len(lines) > 1:
        parts.append(_el("AdditionalAddressDetail", ", ".join(lines[1:])))
    if len(country) == 2:
        parts.append(_el("Country", country))
    return "<Address>" + "".join(parts) + "</Address>"


def _company(name: str, address: str, country: str, tax_id: str) -> str:
    taxes = f"<TaxRegistration>{_el('TaxRegistrationNumber', tax_id, 35)}</TaxRegistration>" if tax_id else ""
    return _el("Name", name) + _address(address, country) + taxes


def _header(export: SaftExport, settings: InvoicingSettings | None) -> str:
    year, company = export.fiscal_year, export.company
    return (
        "<Header>"
        + _el("AuditFileVersion", VERSION)
        + _el("AuditFileCountry", company.country)
        + _el("AuditFileDateCreated", timezone.localdate().isoformat())
        + _el("SoftwareCompanyName", SOFTWARE)
        + _el("SoftwareID", SOFTWARE)
        + _el("SoftwareVersion", SOFTWARE_VERSION)
        + "<Company>"
        + _company(
            company.name,
            settings.company_address if settings else "",
            company.country,
            settings.company_tax_id if settings else "",
        )
        + "</Company>"
        + _el("DefaultCurrencyCode", export.base_currency)
        + "<SelectionCriteria>"
        + _el("SelectionStartDate", year.start_date.isoformat())
        + _el("SelectionEndDate", year.end_date.isoformat())
        + "</SelectionCriteria>"
        + _el("HeaderComment", f"General ledger of {year} ({year.start_date} to {year.end_date})")
        + _el("TaxAccountingBasis", "A")
        + (_el("UserID", export.user) if export.user else "")
        + "</Header>"
    )


def _accounts(year: FiscalYear) -> Iterator[str]:
    opening = account_balances(year.start_date - timedelta(days=1))
    closing = account_balances(year.end_date)
    yield "<GeneralLedgerAccounts>"
    for pk, code, name, kind, created in Account.objects.order_by("code").values_list(
        "id", "code", "name", "type", "created_at"
    ):
        yield (
            "<Account>"
            + _el("AccountID", code, ID_LENGTH)
            + _el("AccountDescription", name)
            + _el("AccountType", ACCOUNT_TYPES.get(kind, kind), 35)
            + _el("AccountCreationDate", timezone.localdate(created).isoformat())
            + _balance("Opening", opening.get(pk, Decimal(0)))
            + _balance("Closing", closing.get(pk, Decimal(0)))
            + "</Account>"
        )
    yield "</GeneralLedgerAccounts>"


def _parties(settings: InvoicingSettings | None) -> Iterator[str]:
    contacts = list(Contact.objects.order_by("pk"))
    for element, wanted, account in (
        (
            "Customer",
            [c for c in contacts if c.is_customer],
            settings.receivable_account if settings else None,
        ),
        ("Supplier", [c for c in contacts if c.is_vendor], settings.payable_account if settings else None),
    ):
        if not wanted:
            continue
        yield f"<{element}s>"
        for contact in wanted:
            yield (
                f"<{element}>"
                + _company(contact.name, contact.address, contact.country, contact.tax_id)
                + _el(f"{element}ID", contact.pk, 35)
                + (_el("AccountID", account.code, ID_LENGTH) if account else "")
                + f"</{element}>"
            )
        yield f"</{element}s>"


def _tax_table(country: str) -> Iterator[str]:
    codes = list(TaxCode.objects.order_by("code"))
    if not codes:
        return
    yield "<TaxTable><TaxTableEntry>" + _el("TaxType", "TAX") + _el("Description", "Tax codes of the books")
    for code in codes:
        yield (
            "<TaxCodeDetails>"
            + _el("TaxCode", code.code, ID_LENGTH)
            + (_el("EffectiveDate", code.valid_from.isoformat()) if code.valid_from else "")
            + (_el("ExpirationDate", code.valid_to.isoformat()) if code.valid_to else "")
            + _el("Description", code.name)
            + _el("TaxPercentage", _decimal(code.rate))
            + _el("Country", country)
            + "</TaxCodeDetails>"
        )
    yield "</TaxTableEntry></TaxTable>"


@dataclass(frozen=True)
class _Party:
    element: str  # "CustomerID" or "SupplierID"
    contact: int
    document: str  # the invoice's or bill's number, the payment's reference ("" when none)


def _parties_of_entries(year: FiscalYear) -> dict[int, _Party]:
    """Entry id -> the customer or supplier of the year's documents and payments, and their number."""
    sales = (Document.Kind.INVOICE, Document.Kind.CREDIT_NOTE)
    found: dict[int, _Party] = {}
    documents = Document.objects.filter(entry__fiscal_year=year).values_list(
        "entry_id", "kind", "contact_id", "number"
    )
    for entry, kind, contact, number in documents:
        found[entry] = _Party("CustomerID" if kind in sales else "SupplierID", contact, number or "")
    payments = Payment.objects.filter(entry__fiscal_year=year).values_list(
        "entry_id", "party", "contact_id", "reference"
    )
    for entry, party, contact, reference in payments:
        element = "CustomerID" if party == Payment.Party.CUSTOMER else "SupplierID"
        found[entry] = _Party(element, contact, reference or "")
    return found


LINE_FIELDS = (
    "entry_id", "entry__number", "entry__date", "entry__memo", "entry__reference", "entry__kind",
    "entry__created_at", "entry__posted_at", "entry__posted_by_name", "entry__period__number",
    "entry__period__start_date", "line_no", "account__code", "account__is_control", "description",
    "side", "amount", "currency_id", "exchange_rate", "base_amount",
)  # fmt: skip
LINE_NO = LINE_FIELDS.index("line_no")


def _amount(side: str, amount: Decimal, currency: str, rate: Decimal, base_amount: Decimal, base: str) -> str:
    element = "DebitAmount" if side == JournalLine.Side.DEBIT else "CreditAmount"
    foreign = ""
    if currency != base:
        foreign = (
            _el("CurrencyCode", currency)
            + _el("CurrencyAmount", _money(amount))
            + _el("ExchangeRate", _decimal(rate.quantize(RATE_PLACES)))
        )
    return f"<{element}>{_el('Amount', _money(base_amount))}{foreign}</{element}>"


def _pages(lines: QuerySet[JournalLine, tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The rows of `lines` (ordered by entry number, entry, line), CHUNK at a time after the last
    one read: no long-lived cursor (pgbouncer's transaction pooling has no server-side cursors,
    and a client-side one would hold the year whole), memory flat however large the year."""
    after: Q | None = None
    while True:
        page = list((lines.filter(after) if after is not None else lines)[:CHUNK])
        yield from page
        if len(page) < CHUNK:
            return
        entry, number, line_no = page[-1][0], page[-1][1], page[-1][LINE_NO]
        after = (
            Q(entry__number__gt=number)
            | Q(entry__number=number, entry_id__gt=entry)
            | Q(entry__number=number, entry_id=entry, line_no__gt=line_no)
        )


def _journal(export: SaftExport, source: str, parties: dict[int, _Party]) -> Iterator[str]:
    journal_id, kind, description = JOURNALS.get(source, (source, source.upper(), source.capitalize()))
    yield (
        "<Journal>"
        + _el("JournalID", journal_id, 18)
        + _el("Description", description)
        + _el("Type", kind, 9)
    )
    label = str(export.fiscal_year)
    lines = (
        JournalLine.objects.filter(
            entry__fiscal_year=export.fiscal_year, entry__status__in=EXPORTED, entry__source=source
        )
        .order_by("entry__number", "entry_id", "line_no")
        .values_list(*LINE_FIELDS)
    )
    current: int | None = None
    party: _Party | None = None
    for row in _pages(lines):
        (entry, number, day, memo, reference, entry_kind, created, posted, poster, period, period_start,
         line_no, account, is_control, text, side, amount, currency, rate, base_amount) = row  # fmt: skip
        if entry != current:
            if current is not None:
                yield "</Transaction>"
            current, party = entry, parties.get(entry)
            described = " ".join(part for part in (reference, memo) if part) or f"{label}-{number}"
            yield (
                "<Transaction>"
                + _el("TransactionID", f"{label}-{number}", ID_LENGTH)
                + _el("Period", period)
                + _el("PeriodYear", period_start.year)
                + _el("TransactionDate", day.isoformat())
                + (_el("SourceID", poster, SOURCE_LENGTH) if poster else "")
                + (_el("TransactionType", entry_kind, 18) if entry_kind != JournalEntry.Kind.REGULAR else "")
                + _el("Description", described)
                + _el("SystemEntryDate", timezone.localdate(created).isoformat())
                + _el("GLPostingDate", (timezone.localdate(posted) if posted else day).isoformat())
                + (_el(party.element, party.contact, 35) if party else "")
                + _el("SystemID", entry, 18)
            )
        yield (
            "<Line>"
            + _el("RecordID", line_no, 18)
            + _el("AccountID", account, ID_LENGTH)
            + (_el("SourceDocumentID", party.document, 35) if party and party.document else "")
            + (_el(party.element, party.contact, 35) if party and is_control else "")
            + _el("Description", text or memo or reference or f"{label}-{number}")
            + _amount(side, amount, currency, rate, base_amount, export.base_currency)
            + "</Line>"
        )
    if current is not None:
        yield "</Transaction>"
    yield "</Journal>"


def saft_chunks(export: SaftExport) -> Iterator[str]:
    """The file as text in pieces of about BUFFER characters (each one a write to the client)."""
    pending: list[str] = []
    size = 0
    for piece in _pieces(export):
        pending.append(piece)
        size += len(piece)
        if size >= BUFFER:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)


def _pieces(export: SaftExport) -> Iterator[str]:
    """The file as text, a piece at a time (one account, party or transaction line each)."""
    settings = InvoicingSettings.objects.select_related("receivable_account", "payable_account").first()
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<AuditFile xmlns={quoteattr(NAMESPACE)}>'
    yield _header(export, settings)
    yield "<MasterFiles>"
    yield from _accounts(export.fiscal_year)
    yield from _parties(settings)
    yield from _tax_table(export.company.country)
    yield "</MasterFiles>"
    yield (
        "<GeneralLedgerEntries>"
        + _el("NumberOfEntries", export.entries)
        + _el("TotalDebit", _money(export.total_debit))
        + _el("TotalCredit", _money(export.total_credit))
    )
    parties = _parties_of_entries(export.fiscal_year)
    sources = (
        JournalEntry.objects.filter(fiscal_year=export.fiscal_year, status__in=EXPORTED)
        .values_list("source", flat=True)
        .distinct()
    )
    for source in sorted(set(sources), key=lambda s: (s != "", s)):
        yield from _journal(export, source, parties)
    yield "</GeneralLedgerEntries></AuditFile>\n"
