"""Demo bank statements for the demo books: what the bank saw of the current account (1120).

Every posted movement on 1120 becomes a statement line (a day or two later for money in, the
counterparty as banks spell it, the reference where the payer gave one), and the bank adds what
the books do not have yet: card payments, a monthly account fee, interest, and a few lines with
names nobody would guess. Months alternate between CAMT.053 and OFX files, imported through the
same service as an upload. Rules and auto-match settle all months but the last, which is left
for the reconciliation screen.

`truth` records, for each line's dedup key, the entry (or rule account) it belongs to, so the
benchmark can count wrong matches.
"""

from __future__ import annotations

import calendar
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

import bank.formats as formats
from bank.dedup import dedup_keys
from bank.errors import StatementNotReconcilable
from bank.models import BankAccount, StatementLine
from bank.services.accounts import bank_account_create
from bank.services.automatch import auto_match
from bank.services.imports import import_statement
from bank.services.rules import rule_create
from bank.services.statements import mark_reconciled
from common.models import Company
from ledger.actor import Actor
from ledger.models import JournalEntry, JournalLine

ACTOR = Actor.system("demo")
BANK = "1120"
ZERO = Decimal(0)

# (pattern on the counterparty, spelled by the bank, counter account, amount range in USD).
CARD_SPEND = [
    ("AMZN MKTP US*2K4LT0", "AMZN MKTP", "6400", (12, 90)),
    ("SHELL OIL 5724 SPRINGFIELD", "SHELL OIL", "6700", (30, 80)),
    ("ZOOM.US 888-799-9666", "ZOOM.US", "6300", (15, 15)),
]
MESSY = ["CHK 000412 DEP RETURN", "POS PURCHASE 0931 MISC", "XFER REF 77A1-FF2"]


@dataclass(frozen=True)
class Line:
    booking_date: date
    value_date: date | None
    amount: Decimal
    currency: str
    counterparty_name: str
    counterparty_account: str
    reference: str
    description: str
    transaction_id: str
    bank_code: str


@dataclass
class Generated:
    bank_account: BankAccount
    months: int
    lines: int
    truth: dict[str, str] = field(
        default_factory=dict
    )  # dedup key -> "entry:<id>" | "rule:<code>" | "manual"


def _counterparty(memo: str, reference: str = "") -> str:
    """How a bank prints who paid: upper case, cut short, legal forms and all."""
    for lead in ("Payment from ", "Payment to "):
        if memo.startswith(lead):
            return memo[len(lead) :].split(" for ")[0].upper()[:35]
    for lead in ("Received from ", "Paid to "):  # a payment of sales and purchases
        if memo.startswith(lead):
            name = memo[len(lead) :]
            return name.removesuffix(reference).strip().upper()[:35] if reference else name.upper()[:35]
    return memo.upper()[:35]


def _movements(account_id: int, start: date, end: date) -> list[tuple[JournalEntry, Decimal]]:
    moved: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = JournalLine.objects.filter(
        account_id=account_id, entry__status=JournalEntry.Status.POSTED, entry__date__range=(start, end)
    ).values_list("entry_id", "side", "amount")
    for entry_id, side, amount in rows:
        moved[entry_id] += amount if side == JournalLine.Side.DEBIT else -amount
    entries = JournalEntry.objects.in_bulk([e for e, a in moved.items() if a])
    return sorted(((entries[e], moved[e]) for e in entries), key=lambda p: (p[0].date, p[0].pk))


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def bank_demo_generate(*, company: Company) -> Generated | None:
    """Statements for the demo books (inside tenant_context); None when there is nothing to do."""
    if BankAccount.objects.exists():
        return None
    posted = JournalEntry.objects.filter(status=JournalEntry.Status.POSTED)
    first, last = posted.order_by("date").first(), posted.order_by("-date").first()
    if first is None or last is None:
        return None
    from ledger.services.periods import ledger_settings

    currency = str(ledger_settings().base_currency_id)
    details = {"iban": "DE89370400440532013000"} if currency == "EUR" else {"account_number": "4520018831"}
    bank_account = bank_account_create(
        account=BANK, name="Current account", bank_name="First Demo Bank", currency=currency, actor=ACTOR,
        **details,
    )  # fmt: skip
    months = _months(first.date, last.date)
    generated = Generated(bank_account=bank_account, months=len(months), lines=0)
    _rules()
    bank = _DemoBank(random.Random(f"pyledger-bank-demo:{company.slug}"), currency)  # noqa: S311 - demo data
    balance = ZERO
    files: list[tuple[bytes, str]] = []
    for index, month in enumerate(months):
        lines = bank.month(bank_account.account_id, month, index)
        parsed = tuple(_parsed(x) for x, _ in lines)
        closing = balance + sum((x.amount for x, _ in lines), ZERO)
        kind = "camt053" if index % 2 == 0 else "ofx"
        statement = formats.ParsedStatement(
            format=kind, account=bank_account.iban or bank_account.account_number, currency=currency,
            statement_id=f"{month:%Y-%m}", period_start=month, period_end=_month_end(month),
            opening_balance=balance, closing_balance=closing, lines=parsed,
        )  # fmt: skip
        data = formats.write_camt053(statement) if kind == "camt053" else formats.write_ofx(statement)
        files.append((data, f"{month:%Y-%m}.{'xml' if kind == 'camt053' else 'ofx'}"))
        generated.truth.update(
            (key, truth) for key, (_, truth) in zip(dedup_keys(parsed), lines, strict=True)
        )
        generated.lines += len(lines)
        balance = closing
    _import_and_settle(bank_account, files)
    return generated


def _months(first: date, last: date) -> list[date]:
    """The first day of every month from `first`'s to `last`'s."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = _month_end(day) + timedelta(days=1)
    return months


def _parsed(line: Line) -> formats.ParsedLine:
    return formats.ParsedLine(**{f: getattr(line, f) for f in Line.__dataclass_fields__})


class _DemoBank:
    """What the bank shows for a month: the books' movements, then what it adds itself. The
    random draws come in a fixed order, so a company's demo is the same every time."""

    def __init__(self, rng: random.Random, currency: str) -> None:
        self.rng, self.currency, self.serial = rng, currency, 0

    def line(self, booked: date, value: date | None, amount: Decimal, name: str, reference: str,
             description: str, code: str) -> Line:  # fmt: skip
        self.serial += 1
        return Line(booked, value, amount, self.currency, name, "", reference, description,
                    f"DEMO{self.serial:07d}", code)  # fmt: skip

    def month(self, account_id: int, month: date, index: int) -> list[tuple[Line, str]]:
        end = _month_end(month)
        lines = self.books(account_id, month, end) + self.cards(month, end) + self.bank_own(end, index)
        lines += self.unknown(month, end)
        return sorted(lines, key=lambda pair: (pair[0].booking_date, pair[0].transaction_id))

    def books(self, account_id: int, month: date, end: date) -> list[tuple[Line, str]]:
        """Each posted movement on the account, money in a day or two late, some names mangled."""
        lines = []
        for entry, amount in _movements(account_id, month, end):
            delay = self.rng.choice([0, 0, 1, 2]) if amount > 0 else 0
            booked = entry.date + timedelta(days=delay)
            booked = entry.date if booked > end else booked
            messy = self.rng.random() < 0.05
            name = _counterparty(entry.memo, entry.reference)
            if messy:
                name = f"{name[:12]}*{self.rng.randint(1000, 9999)} {entry.date:%m%d}"
            reference = entry.reference if entry.reference[:4] in ("INV-", "BILL") else ""
            line = self.line(booked, entry.date, amount, name, reference, entry.memo[:140], "PMNT")
            lines.append((line, f"entry:{entry.pk}"))
        return lines

    def cards(self, month: date, end: date) -> list[tuple[Line, str]]:
        lines = []
        for pattern, _short, account, (low, high) in CARD_SPEND:
            for _ in range(self.rng.randint(1, 3)):
                spent = Decimal(self.rng.randint(low * 100, high * 100)) / 100
                when = min(month + timedelta(days=self.rng.randint(0, 27)), end)
                line = self.line(when, when, -spent, pattern, "", f"CARD PURCHASE {pattern}", "CCRD")
                lines.append((line, f"rule:{account}"))
        return lines

    def bank_own(self, end: date, index: int) -> list[tuple[Line, str]]:
        """The monthly fee, and interest every third month."""
        lines = [(self.line(end, end, Decimal("-9.50"), "FIRST DEMO BANK", "", "Monthly account fee", "CHRG"),
                  "rule:6500")]  # fmt: skip
        if index % 3 == 2:
            interest = Decimal(self.rng.randint(100, 900)) / 100
            lines.append(
                (self.line(end, end, interest, "FIRST DEMO BANK", "", "Credit interest", "INTR"), "rule:4900")
            )
        return lines

    def unknown(self, month: date, end: date) -> list[tuple[Line, str]]:
        """Now and then a line nobody would guess: left for a person."""
        if self.rng.random() >= 0.5:
            return []
        when = month + timedelta(days=self.rng.randint(0, 27))
        amount = -Decimal(self.rng.randint(500, 4000)) / 100
        return [(self.line(min(when, end), None, amount, self.rng.choice(MESSY), "", "", ""), "manual")]


def _import_and_settle(bank_account: BankAccount, files: list[tuple[bytes, str]]) -> None:
    """Import every month; auto-match and reconcile all but the newest, imported last and left open."""
    *settled, (newest, newest_name) = files
    for data, name in settled:
        import_statement(bank_account=bank_account, data=data, actor=ACTOR, file_name=name)
    auto_match(bank_account=bank_account, actor=ACTOR)
    for saved in bank_account.statements.all():
        try:
            mark_reconciled(statement=saved, actor=ACTOR)
        except StatementNotReconcilable:
            continue  # the odd line a person has to look at
    import_statement(bank_account=bank_account, data=newest, actor=ACTOR, file_name=newest_name)


def _rules() -> None:
    for _pattern, short, account, _ in CARD_SPEND:
        rule_create(
            actor=ACTOR,
            name=f"Card: {short}",
            pattern=short,
            field="counterparty",
            counter_account=account,
            direction="out",
        )
    rule_create(
        actor=ACTOR,
        name="Bank account fee",
        pattern="Monthly account fee",
        field="description",
        counter_account="6500",
        direction="out",
    )
    rule_create(
        actor=ACTOR,
        name="Credit interest",
        pattern="Credit interest",
        field="description",
        counter_account="4900",
        direction="in",
    )


def wrong_matches(generated: Generated) -> tuple[int, int, int]:
    """(lines settled automatically, wrong among them, lines in all) against the generator's truth."""
    settled = wrong = 0
    lines = StatementLine.objects.filter(bank_account=generated.bank_account).select_related(
        "match", "match__rule"
    )
    for line in lines.filter(~Q(match=None)).prefetch_related("match__entries"):
        assert line.match is not None
        if line.match.kind not in ("auto", "rule"):
            continue
        settled += 1
        truth = generated.truth.get(line.dedup_key, "")
        if line.match.kind == "auto":
            got = {f"entry:{m.entry_id}" for m in line.match.entries.all()}
            wrong += got != {truth}
        else:
            rule = line.match.rule
            wrong += rule is None or truth != f"rule:{rule.counter_account.code}"
    return settled, wrong, lines.count()
