"""Invoices, credit notes, bills and vendor credits: drafts, issuing (a posted entry), crediting.

Issuing takes the next gapless number of the kind's series, computes the tax with the company's
rounding, and posts one entry: the control account (receivables or payables) against revenue or
expense and tax, in the document's currency at its rate. The entry's `source` is "sales" or
"purchases": the only entries a control account accepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone

from common.errors import DomainError
from ledger.actor import Actor
from ledger.charts import TAX_CONTROL
from ledger.errors import InvalidInput, MissingExchangeRate, UnknownAccount, UnknownCurrency, UnknownTaxCode
from ledger.models import Account, Currency, TaxCode
from ledger.money import to_decimal, to_rate
from ledger.services.audit import audit_record, audit_records
from ledger.services.entries import translated
from ledger.services.periods import ledger_settings
from ledger.services.reference import invalidate, kept, rate_on, reference_data
from ledger.services.writing import NUMBER_MARK
from tenants.routing.db import tenant_atomic

from ..calc import document_totals, line_net, tax_matches
from ..errors import (
    ContactArchived,
    CreditExceedsOriginal,
    DocumentNotDraft,
    DocumentNotIssued,
    EmptyDocument,
    TaxAmountMismatch,
    WrongContactRole,
)
from ..models import Contact, Document, DocumentLine, InvoicingSettings
from .idempotency import digest_of, replayed
from .issuing import issue_draft, issue_new
from .payments import item_allocate
from .setup import invoicing_settings

SALES = (Document.Kind.INVOICE, Document.Kind.CREDIT_NOTE)
CREDIT_OF: dict[str, str] = {
    Document.Kind.INVOICE: Document.Kind.CREDIT_NOTE,
    Document.Kind.BILL: Document.Kind.VENDOR_CREDIT,
}


@dataclass
class LineData:
    """One line as a caller gives it; blanks take the contact's defaults."""

    description: str
    unit_price: Any
    quantity: Any = 1
    discount_percent: Any = 0
    account: str | None = None
    tax_code: str | None = None
    tax_amount: Any = None  # a vendor's own figure on a bill, checked against the rate

    @classmethod
    def of(cls, raw: LineData | dict[str, Any]) -> LineData:
        return raw if isinstance(raw, LineData) else cls(**raw)


@dataclass
class DocumentData:
    kind: str
    contact: Contact
    issue_date: date
    lines: list[LineData | dict[str, Any]]
    due_date: date | None = None
    currency: str | None = None
    memo: str = ""
    vendor_reference: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _line_error(i: int, name: str, message: str) -> dict[str, Any]:
    return {"lines": {str(i): {name: [message]}}}


def _account(code: str | None, i: int, fallback: Account | None, known: dict[str, Account]) -> Account:
    if not code:
        if fallback is None:
            raise UnknownAccount("Give each line an account.", fields=_line_error(i, "account", "Required."))
        return fallback
    found = known.get(code)
    if found is None:
        raise UnknownAccount(f"No account {code!r}.", fields=_line_error(i, "account", "Unknown account."))
    if not found.is_active or found.is_control:
        why = "inactive" if not found.is_active else "a control account"
        raise UnknownAccount(
            f"Account {code} is {why}.", fields=_line_error(i, "account", f"The account is {why}.")
        )
    return found


def _tax_code(code: str | None, i: int, day: date, known: dict[str, TaxCode]) -> TaxCode | None:
    if not code:
        return None
    found = known.get(code)
    if (
        found is None
        or (found.valid_from and day < found.valid_from)
        or (found.valid_to and day > found.valid_to)
    ):
        raise UnknownTaxCode(
            f"No tax code {code!r} valid on {day}.", fields=_line_error(i, "tax_code", "Unknown tax code.")
        )
    return found


def _check_contact(kind: str, contact: Contact) -> None:
    if contact.is_archived:
        raise ContactArchived(fields={"contact": [ContactArchived.default_message]})
    if kind in SALES and not contact.is_customer:
        raise WrongContactRole(f"{contact} is not a customer.", fields={"contact": ["Not a customer."]})
    if kind not in SALES and not contact.is_vendor:
        raise WrongContactRole(f"{contact} is not a vendor.", fields={"contact": ["Not a vendor."]})


@dataclass
class Lookups:
    """What building and issuing a document reads: the settings, the base currency, the accounts
    the lines name (and the contact's default) and the active tax codes; `cached`: some of it came
    from the per-process cache, so a refusal is confirmed on fresh data."""

    settings: InvoicingSettings
    base: str
    accounts: dict[str, Account]
    taxes: dict[str, TaxCode]
    cached: bool

    @classmethod
    def load(cls, data: DocumentData, *, issue: bool = False) -> Lookups:
        """Kept with the ledger's reference data (ledger.services.reference): when issuing, no
        query when the cache holds them (and the entry's own validation finds them there), one for
        the contact's default account when a line leaves its account blank. A draft reads its
        accounts and never touches the periods (its date may be in a year not yet opened)."""
        if not issue:  # a draft: read as it is now (nothing retries a refusal on fresh data)
            return cls(invoicing_settings(), ledger_settings().base_currency_id, _accounts(data),
                       _active_tax_codes(), False)  # fmt: skip
        # The settings first: made on first use, they mark the control accounts read below.
        settings, hit_settings = kept("invoicing.settings", lambda: invoicing_settings(logo=False))
        codes, default_id = _account_codes(data)
        ref = reference_data([data.issue_date], codes, (), ())
        accounts = dict(ref.accounts)
        if default_id and all(a.pk != default_id for a in accounts.values()):
            found = Account.objects.filter(pk=default_id).first()
            if found is not None:
                accounts[found.code] = found
        taxes, hit_taxes = kept("invoicing.tax_codes", _active_tax_codes)
        return cls(settings, ref.base, accounts, taxes, ref.cached or hit_settings or hit_taxes)


def _account_codes(data: DocumentData) -> tuple[set[str], int | None]:
    """The account codes the lines name, and the id of the contact's default account when a line
    leaves its account blank (the code 4100 is then read too, the fallback of sales)."""
    raw = [LineData.of(line) for line in data.lines]
    codes = {line.account for line in raw if line.account}
    if all(line.account for line in raw):
        return codes, None
    contact = data.contact
    default_id = contact.revenue_account_id if data.kind in SALES else contact.expense_account_id
    return codes | {"4100"}, default_id


def _accounts(data: DocumentData) -> dict[str, Account]:
    codes, default_id = _account_codes(data)
    return {a.code: a for a in Account.objects.filter(Q(code__in=codes) | Q(pk=default_id or 0))}


def _active_tax_codes() -> dict[str, TaxCode]:
    return {t.code: t for t in TaxCode.objects.select_related("account").filter(is_active=True)}


def _build_lines(data: DocumentData, currency: str, look: Lookups) -> list[DocumentLine]:
    """Validated, priced lines with their tax (not saved)."""
    sales = data.kind in SALES
    if not data.lines:
        raise EmptyDocument(fields={"lines": [EmptyDocument.default_message]})
    contact = data.contact
    settings, accounts, taxes = look.settings, look.accounts, look.taxes
    default_id = contact.revenue_account_id if sales else contact.expense_account_id
    default_account = next((a for a in accounts.values() if a.pk == default_id), None) if default_id else None
    if default_account is None and sales:
        default_account = accounts.get("4100")
    default_tax = next((t.code for t in taxes.values() if t.pk == contact.tax_code_id), None)
    built: list[DocumentLine] = []
    rates: list[tuple[Decimal, str | None, Decimal]] = []
    for i, raw in enumerate(data.lines):
        line = LineData.of(raw)
        if not str(line.description or "").strip():
            raise InvalidInput(
                "Each line needs a description.", fields=_line_error(i, "description", "Required.")
            )
        quantity = to_decimal(line.quantity, field=f"lines[{i}].quantity")
        price = to_decimal(line.unit_price, field=f"lines[{i}].unit_price")
        discount = to_decimal(line.discount_percent, field=f"lines[{i}].discount_percent")
        if quantity <= 0 or price < 0 or not (0 <= discount <= 100):
            name = "quantity" if quantity <= 0 else "unit_price" if price < 0 else "discount_percent"
            message = {"quantity": "Must be positive.", "unit_price": "Must not be negative."}.get(
                name, "Between 0 and 100."
            )
            raise InvalidInput(f"Line {i + 1}: {message}", fields=_line_error(i, name, message))
        tax = _tax_code(
            line.tax_code if line.tax_code is not None else default_tax, i, data.issue_date, taxes
        )
        net = line_net(quantity, price, discount, currency)
        built.append(
            DocumentLine(
                line_no=i + 1,
                description=str(line.description).replace(NUMBER_MARK, "").strip()[:300],
                quantity=quantity,
                unit_price=price,
                discount_percent=discount,
                account=_account(line.account, i, default_account, accounts),
                tax_code=tax,
                net_amount=net,
            )
        )
        rates.append((net, tax.code if tax else None, tax.rate if tax else Decimal(0)))
    totals = document_totals(rates, currency, per_line=settings.tax_rounding == settings.TaxRounding.LINE)
    for i, (made, amounts) in enumerate(zip(built, totals.lines, strict=True)):
        made.tax_amount = amounts.tax
        given = LineData.of(data.lines[i]).tax_amount
        if given is not None and made.tax_code is not None:
            given_amount = to_decimal(given, field=f"lines[{i}].tax_amount")
            if not tax_matches(given_amount, made.net_amount, made.tax_code.rate, currency):
                message = f"{made.tax_code.rate}% of {made.net_amount} is not {given_amount}."
                raise TaxAmountMismatch(message, fields=_line_error(i, "tax_amount", message))
            made.tax_amount = given_amount
    return built


def _normalized(data: DocumentData, issue: bool) -> dict[str, Any]:
    return {
        "kind": data.kind,
        "contact": data.contact.pk,
        "issue_date": str(data.issue_date),
        "due_date": str(data.due_date or ""),
        "currency": data.currency or "",
        "memo": data.memo,
        "vendor_reference": data.vendor_reference,
        "issue": issue,
        "lines": [{k: str(v) for k, v in vars(LineData.of(line)).items()} for line in data.lines],
    }


def document_create(
    *, data: DocumentData, actor: Actor, issue: bool = False, idempotency_key: str | None = None
) -> Document:
    """A draft (or, with `issue`, an issued document) from `data`. A repeated Idempotency-Key
    returns the first document (`replayed` set) and writes nothing."""
    digest = digest_of(idempotency_key, _normalized(data, issue))
    if (found := replayed(Document, idempotency_key, digest)) is not None:
        return found
    _check_contact(data.kind, data.contact)
    if issue:
        return _create_issued(data, actor, idempotency_key, digest)
    look = Lookups.load(data)
    currency = _document_currency(data, look.base)
    lines = _build_lines(data, currency, look)
    with tenant_atomic():
        document = _new(data, currency, lines, actor, idempotency_key, digest)
        document.save(force_insert=True)
        _save_lines(document, lines, totals=False)
        audit_records(actor=actor, obj=document, events=[("create", {"kind": data.kind})])
    return document


def _create_issued(
    data: DocumentData, actor: Actor, key: str | None, digest: str, *, again: bool = False
) -> Document:
    """Build, number and post a new document in one statement (`issuing.issue_new`). A refusal
    based on cached reference data is confirmed on fresh data first, as the ledger does."""
    look = Lookups.load(data, issue=True)
    try:
        currency = _document_currency(data, look.base)
        lines = _build_lines(data, currency, look)
        document = _new(data, currency, lines, actor, key, digest)
        _priced(document, look.base)
        events = [("create", {"kind": data.kind}), ("issue", {})]
        taxes = _tax_accounts(lines)
        return issue_new(document, lines, actor=actor, settings=look.settings, tax_accounts=taxes,
                         base=look.base, events=events)  # fmt: skip
    except DatabaseError as exc:
        if not look.cached or again:
            raise translated(exc) from exc
    except DomainError:
        if not look.cached or again:
            raise
    invalidate()
    return _create_issued(data, actor, key, digest, again=True)


def _document_currency(data: DocumentData, base: str) -> str:
    currency = (data.currency or (data.contact.currency_id or "") or base).upper()
    return base if currency == base else _currency(currency)


def _new(
    data: DocumentData, currency: str, lines: list[DocumentLine], actor: Actor, key: str | None, digest: str
) -> Document:
    document = Document(
        kind=data.kind,
        contact=data.contact,
        issue_date=data.issue_date,
        due_date=_due_date(data),
        currency_id=currency,
        memo=data.memo,
        vendor_reference=data.vendor_reference,
        idempotency_key=key or None,
        request_hash=digest,
        created_by_name=actor.name,
        **data.extra,
    )
    _set_totals(document, lines)
    return document


def _currency(code: str) -> str:
    code = code.upper()
    if not Currency.objects.filter(code=code).exists():
        raise UnknownCurrency(f"No currency {code!r}.", fields={"currency": ["Unknown currency."]})
    return code


def _set_totals(document: Document, lines: list[DocumentLine]) -> None:
    document.net_total = sum((line.net_amount for line in lines), Decimal(0))
    document.tax_total = sum((line.tax_amount for line in lines), Decimal(0))
    document.total = document.net_total + document.tax_total


def _save_lines(document: Document, lines: list[DocumentLine], *, totals: bool = True) -> None:
    """Insert the lines; with `totals`, also store the document's totals (a draft changed)."""
    for line in lines:
        line.document = document
    DocumentLine.objects.bulk_create(lines)
    if totals:
        _set_totals(document, lines)
        document.save(update_fields=["net_total", "tax_total", "total"])


def document_update_draft(*, document: Document, data: DocumentData, actor: Actor) -> Document:
    """Replace a draft's contact, dates, currency and lines."""
    _check_contact(document.kind, data.contact)
    currency = _currency(data.currency or document.currency_id)
    lines = _build_lines(data, currency, Lookups.load(data))
    with tenant_atomic():
        locked = _locked_draft(document)
        locked.contact, locked.issue_date, locked.currency_id = data.contact, data.issue_date, currency
        locked.due_date = _due_date(data)
        locked.memo, locked.vendor_reference = data.memo, data.vendor_reference
        locked.save()
        locked.lines.all().delete()
        _save_lines(locked, lines)
        audit_record(actor=actor, action="update", obj=locked)
    return locked


def _due_date(data: DocumentData) -> date:
    due = data.due_date or data.issue_date + timedelta(days=data.contact.payment_terms_days)
    if due < data.issue_date:
        message = "The due date is before the issue date."
        raise InvalidInput(message, fields={"due_date": [message]})
    return due


def _locked_draft(document: Document) -> Document:
    locked = Document.objects.select_for_update().select_related("contact").get(pk=document.pk)
    if locked.status != Document.Status.DRAFT:
        raise DocumentNotDraft(f"{locked} is {locked.status}; only drafts can be changed.")
    return locked


def document_delete_draft(*, document: Document, actor: Actor) -> None:
    with tenant_atomic():
        locked = _locked_draft(document)
        audit_record(actor=actor, action="delete", obj=locked, data={"kind": locked.kind})
        locked.delete()


def document_issue(*, document: Document, actor: Actor, exchange_rate: object = None) -> Document:
    """Give a draft its number and post its entry; the document is then open for its total.

    One read (the stored lines with the draft) and one statement (`issuing.issue_draft`), as a
    new document is issued. A draft issued or changed between the two is read again: it is then
    refused as no longer a draft, or issued as it now is."""
    return _issue_draft(document.pk, actor, exchange_rate)


def _issue_draft(pk: int, actor: Actor, exchange_rate: object, *, again: bool = False) -> Document:
    settings, hit = kept("invoicing.settings", lambda: invoicing_settings(logo=False))
    lines = list(
        DocumentLine.objects.filter(document_id=pk)
        .select_related("document__contact", "document__original", "account", "tax_code__account")
        .extra(select={"version": "invoicing_document.xmin::text"})
        .order_by("line_no")
    )
    draft = lines[0].document if lines else Document.objects.select_related("contact").get(pk=pk)
    if draft.status != Document.Status.DRAFT:
        raise DocumentNotDraft(f"{draft} is {draft.status}; only drafts can be changed.")
    ref = reference_data([draft.issue_date], {line.account.code for line in lines}, (), ())
    try:
        _priced(draft, ref.base, exchange_rate)
        return issue_draft(draft, lines, version=getattr(lines[0], "version", ""), actor=actor,
                           settings=settings, tax_accounts=_tax_accounts(lines), base=ref.base)  # fmt: skip
    except DatabaseError as exc:
        if again:
            raise translated(exc) from exc
    except DomainError:
        if not (ref.cached or hit) or again:
            raise
    invalidate()
    return _issue_draft(pk, actor, exchange_rate, again=True)


def _priced(document: Document, base: str, exchange_rate: object = None) -> None:
    """Check that `document` can be issued and set its rate."""
    if document.total <= 0:
        raise EmptyDocument("A document with a total of zero cannot be issued.")
    _check_contact(document.kind, document.contact)
    document.exchange_rate = (
        Decimal(1)
        if document.currency_id == base and exchange_rate in (None, "")
        else _rate(document, exchange_rate)
    )


def _rate(document: Document, given: object) -> Decimal:
    if given not in (None, ""):
        return to_rate(given, field="exchange_rate")
    if document.original is not None and document.original.exchange_rate is not None:
        return document.original.exchange_rate  # a credit undoes the original at its own rate
    found = rate_on(document.currency_id, document.issue_date)
    if found is None:
        raise MissingExchangeRate(
            f"No {document.currency_id} rate on or before {document.issue_date}; give exchange_rate or add"
            " a rate.",
            fields={"exchange_rate": ["No rate known."]},
        )
    return found


def _tax_accounts(lines: list[DocumentLine]) -> dict[str, Account]:
    """Each tax code's account: its own, or the VAT control account."""
    accounts: dict[str, Account] = {}
    fallback: Account | None = None
    for line in lines:
        code = line.tax_code
        if code is not None and code.code not in accounts:
            if code.account is None and fallback is None:
                fallback = Account.objects.filter(code=TAX_CONTROL).first()
            account = code.account or fallback
            if account is None:
                raise UnknownTaxCode(f"Tax code {code.code} has no account to post to.")
            accounts[code.code] = account
    return accounts


def document_credit(
    *,
    document: Document,
    actor: Actor,
    issue_date: date | None = None,
    lines: Sequence[LineData | dict[str, Any]] | None = None,
    memo: str = "",
    idempotency_key: str | None = None,
) -> Document:
    """Issue a credit note (sales) or vendor credit (purchases) against `document`, by default for
    all its lines, and settle it against what the original still has open."""
    original = Document.objects.select_related("contact").get(pk=document.pk)
    if original.status == Document.Status.DRAFT:
        raise DocumentNotIssued(f"{original} is a draft: delete or edit it instead of crediting it.")
    kind = CREDIT_OF.get(original.kind)
    if kind is None:
        raise InvalidInput(f"{original} is itself a credit; it cannot be credited.")
    if lines is None:
        lines = [
            LineData(
                description=line.description,
                unit_price=line.unit_price,
                quantity=line.quantity,
                discount_percent=line.discount_percent,
                account=line.account.code,
                tax_code=line.tax_code.code if line.tax_code else "",
                tax_amount=line.tax_amount if line.tax_code else None,
            )
            for line in original.lines.select_related("account", "tax_code")
        ]
    data = DocumentData(
        kind=kind,
        contact=original.contact,
        issue_date=issue_date or timezone.localdate(),
        lines=list(lines),
        currency=original.currency_id,
        memo=memo or f"Credit for {original.number}",
        extra={"original": original},
    )
    data.due_date = data.issue_date
    with tenant_atomic():
        credited = Document.objects.select_for_update().get(pk=original.pk)
        credit = document_create(data=data, actor=actor, issue=True, idempotency_key=idempotency_key)
        if getattr(credit, "replayed", False):
            return credit
        earlier = sum((c.total for c in credited.credits.exclude(pk=credit.pk)), Decimal(0))
        if earlier + credit.total > credited.total:
            raise CreditExceedsOriginal(
                f"{credited} is {credited.total}; {earlier} is credited already, {credit.total} more is"
                " too much."
            )
        amount = min(credit.total, credited.open_amount)
        if amount:
            _allocate_credit(credit, credited, amount, actor=actor)
    return credit


def _allocate_credit(credit: Document, original: Document, amount: Decimal, *, actor: Actor) -> None:
    target = {"document": original.pk, "amount": amount}
    item_allocate(item=credit, allocations=[target], actor=actor, date=credit.issue_date)
