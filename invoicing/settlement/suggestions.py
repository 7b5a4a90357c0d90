"""Open documents a statement line could settle, scored like the bank's entry suggestions.

A document is a candidate when it is open, in the line's currency, and on the side the line pays
(money in: invoices and vendor credits; money out: bills and credit notes), and when one of these
points to it:

* **amount**: its open amount is the line's amount, or the open documents of one contact on one
  side add up to it (offered as one suggestion of all of them);
* **reference**: its number, or the vendor's own number of a bill, appears in the line's reference
  or description as a whole token (`INV-2026-0001` never half-matches `INV-2026-0002`);
* **counterparty**: the line's counterparty name is the contact's name (fuzzy, `rapidfuzz`).

Scores are 0..1: reference 45 %, amount 35 %, counterparty 20 %. Candidates are read for a whole
batch of lines in a few queries (auto-match asks for thousands at once).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Upper
from rapidfuzz import fuzz

from bank.models import StatementLine

from ..models import Document

COUNTERPARTY_MIN = 0.8  # rapidfuzz ratio at which a name counts as the contact's
MAX_SUGGESTIONS = 20
MONEY_IN = (Document.Kind.INVOICE, Document.Kind.VENDOR_CREDIT)
MONEY_OUT = (Document.Kind.BILL, Document.Kind.CREDIT_NOTE)
OPEN = (Document.Status.ISSUED, Document.Status.PARTLY_PAID)
_TOKEN = re.compile(r"[0-9A-Z][0-9A-Z\-/._#:]*[0-9A-Z]")


@dataclass(frozen=True)
class OpenDocument:
    id: int
    kind: str
    number: str
    vendor_reference: str
    contact_id: int
    contact_name: str
    currency: str
    open_amount: Decimal
    due_date: date

    @property
    def party(self) -> str:
        return "customer" if self.kind in (Document.Kind.INVOICE, Document.Kind.CREDIT_NOTE) else "vendor"


@dataclass(frozen=True)
class Suggestion:
    """Documents of one contact and one side, and what the line would pay of each."""

    documents: tuple[OpenDocument, ...]
    allocations: tuple[Decimal, ...]  # per document, at most its open amount; they add up to <= line
    score: float
    reasons: tuple[str, ...]

    @property
    def contact_id(self) -> int:
        return self.documents[0].contact_id

    @property
    def exact_single(self) -> bool:
        """One document whose open amount and number both match: what auto-match may settle."""
        return len(self.documents) == 1 and {"amount", "reference"} <= set(self.reasons)


def tokens(*texts: str) -> set[str]:
    """Upper-case tokens of the texts, and their parts between `/` (`INV-1/INV-2`)."""
    found: set[str] = set()
    for text in texts:
        for token in _TOKEN.findall(text.upper()):
            found.add(token)
            found.update(part for part in re.split(r"[/,;]", token) if len(part) >= 3)
    return {t for t in found if len(t) >= 3}


def kinds_for(amount: Decimal) -> tuple[str, str]:
    return MONEY_IN if amount > 0 else MONEY_OUT


def _open(kinds: Iterable[str], currency: str) -> Q:
    return Q(kind__in=list(kinds), status__in=OPEN, currency_id=currency, open_amount__gt=0)


def _candidates(lines: Sequence[StatementLine]) -> dict[tuple[str, bool], list[OpenDocument]]:
    """Open documents any of the lines may point to, per (currency, money in), in few queries."""
    found: dict[tuple[str, bool], dict[int, OpenDocument]] = defaultdict(dict)
    groups: dict[tuple[str, bool], list[StatementLine]] = defaultdict(list)
    for line in lines:
        groups[(line.currency_id, line.amount > 0)].append(line)
    for (currency, money_in), group in groups.items():
        kinds = MONEY_IN if money_in else MONEY_OUT
        base = _open(kinds, currency)
        amounts = {abs(line.amount) for line in group}
        words = set().union(*(tokens(line.reference, line.description) for line in group))
        names = {line.counterparty_name.casefold() for line in group if line.counterparty_name}
        query = Q(open_amount__in=amounts)
        if words:
            query |= Q(upper_number__in=words) | Q(upper_reference__in=words)
        sums = (
            Document.objects.filter(base)
            .values("contact_id", "kind")
            .annotate(total=Sum("open_amount"))
            .filter(total__in=amounts)
            .values_list("contact_id", flat=True)
        )
        contacts = set(sums)
        if names:
            pairs = Document.objects.filter(base).values_list("contact_id", "contact__name").distinct()
            contacts |= {
                contact
                for contact, name in pairs
                if any(_name_score(n, name) >= COUNTERPARTY_MIN for n in names)
            }
        if contacts:
            query |= Q(contact_id__in=contacts)
        annotated = Document.objects.annotate(
            upper_number=Upper("number"), upper_reference=Upper("vendor_reference")
        )
        rows = annotated.filter(base & query).values_list(
            "id", "kind", "number", "vendor_reference", "contact_id", "contact__name", "currency_id",
            "open_amount", "due_date",
        ).order_by("due_date", "id")  # fmt: skip
        for row in rows:
            found[(currency, money_in)][row[0]] = OpenDocument(*row)
    return {key: list(docs.values()) for key, docs in found.items()}


def _name_score(counterparty: str, contact: str) -> float:
    return float(fuzz.token_set_ratio(counterparty.casefold(), contact.casefold())) / 100


def _referenced(doc: OpenDocument, words: set[str]) -> bool:
    return doc.number.upper() in words or (
        len(doc.vendor_reference) >= 3 and doc.vendor_reference.upper() in words
    )


def _pay(docs: Sequence[OpenDocument], amount: Decimal) -> tuple[Decimal, ...]:
    """What `amount` pays of each document, oldest due first."""
    left, out = amount, []
    for doc in docs:
        part = min(doc.open_amount, left)
        out.append(part)
        left -= part
    return tuple(out)


def _scored(line: StatementLine, docs: Sequence[OpenDocument], words: set[str]) -> Suggestion:
    amount = abs(line.amount)
    reasons: list[str] = []
    total = sum((d.open_amount for d in docs), Decimal(0))
    matched_amount = total == amount
    if matched_amount:
        reasons.append("amount")
    found = sum(1 for d in docs if _referenced(d, words))
    if found:
        reasons.append("reference")
    name = _name_score(line.counterparty_name, docs[0].contact_name) if line.counterparty_name else 0.0
    if name >= COUNTERPARTY_MIN:
        reasons.append("counterparty")
    score = 0.45 * found / len(docs) + 0.35 * matched_amount + 0.2 * name
    return Suggestion(tuple(docs), _pay(docs, amount), round(score, 4), tuple(reasons))


def suggest(lines: Sequence[StatementLine]) -> dict[int, list[Suggestion]]:
    """Ranked suggestions per line id (best first), for many lines at once."""
    candidates = _candidates([line for line in lines if line.status == StatementLine.Status.UNMATCHED])
    out: dict[int, list[Suggestion]] = {}
    for line in lines:
        docs = candidates.get((line.currency_id, line.amount > 0), [])
        out[line.pk] = _for_line(line, docs) if line.status == StatementLine.Status.UNMATCHED else []
    return out


def _for_line(line: StatementLine, docs: Sequence[OpenDocument]) -> list[Suggestion]:
    amount = abs(line.amount)
    words = tokens(line.reference, line.description)
    named = {
        d.contact_id
        for d in docs
        if line.counterparty_name and _name_score(line.counterparty_name, d.contact_name) >= COUNTERPARTY_MIN
    }
    singles = [d for d in docs if d.open_amount == amount or _referenced(d, words) or d.contact_id in named]
    made = [_scored(line, [d], words) for d in singles]
    by_contact: dict[tuple[int, str], list[OpenDocument]] = defaultdict(list)
    for doc in docs:
        by_contact[(doc.contact_id, doc.party)].append(doc)
    for group in by_contact.values():
        if len(group) > 1 and sum((d.open_amount for d in group), Decimal(0)) == amount:
            made.append(_scored(line, group, words))
    made.sort(key=lambda s: (-s.score, len(s.documents), s.documents[0].due_date, s.documents[0].id))
    return made[:MAX_SUGGESTIONS]
