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


def _counterparty(memo: str) -> str:
    """How a bank prints who paid: upper case, cut short, legal forms and all."""
    for lead in ("Payment from ", "Payment to "):
        if memo.startswith(lead):
            return memo[len(lead) :].split(" for ")[0].upper()[:35]
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
    first = JournalEntry.objects.filter(status=JournalEntry.Status.POSTED).order_by("date").first()
    last = JournalEntry.objects.filter(status=JournalEntry.Status.POSTED).order_by("-date").first()
    if first is None or last is None:
        return None
    rng = random.Random(f"pyledger-bank-demo:{company.slug}")  # noqa: S311 - demo data
    from bank.services.accounts import normalize_iban  # noqa: F401  (validated on create)
    from ledger.services.periods import ledger_settings

    currency = str(ledger_settings().base_currency_id)
    details = {"iban": "DE89370400440532013000"} if currency == "EUR" else {"account_number": "4520018831"}
    bank_account = bank_account_create(
        account=BANK,
        name="Current account",
        bank_name="First Demo Bank",
        currency=currency,
        actor=ACTOR,
        **details,
    )
    number = bank_account.iban or bank_account.account_number
    months: list[date] = []
    day = first.date.replace(day=1)
    while day <= last.date:
        months.append(day)
        day = _month_end(day) + timedelta(days=1)
    generated = Generated(bank_account=bank_account, months=len(months), lines=0)
    _rules()
    balance = ZERO
    serial = 0
    files: list[tuple[date, bytes, str]] = []
    for index, month in enumerate(months):
        end = _month_end(month)
        lines: list[tuple[Line, str]] = []
        for entry, amount in _movements(bank_account.account_id, month, end):
            delay = rng.choice([0, 0, 1, 2]) if amount > 0 else 0
            booked = entry.date + timedelta(days=delay)
            if booked > end:
                booked = entry.date
            serial += 1
            messy = rng.random() < 0.05
            name = _counterparty(entry.memo)
            if messy:
                name = f"{name[:12]}*{rng.randint(1000, 9999)} {entry.date:%m%d}"
            reference = entry.reference if entry.reference[:4] in ("INV-", "BILL") else ""
            lines.append(
                (
                    Line(
                        booked,
                        entry.date,
                        amount,
                        currency,
                        name,
                        "",
                        reference,
                        entry.memo[:140],
                        f"DEMO{serial:07d}",
                        "PMNT",
                    ),
                    f"entry:{entry.pk}",
                )
            )
        for pattern, _short, account, (low, high) in CARD_SPEND:
            for _ in range(rng.randint(1, 3)):
                serial += 1
                spent = Decimal(rng.randint(low * 100, high * 100)) / 100
                when = min(month + timedelta(days=rng.randint(0, 27)), end)
                lines.append(
                    (
                        Line(
                            when,
                            when,
                            -spent,
                            currency,
                            pattern,
                            "",
                            "",
                            f"CARD PURCHASE {pattern}",
                            f"DEMO{serial:07d}",
                            "CCRD",
                        ),
                        f"rule:{account}",
                    )
                )
        serial += 1
        lines.append(
            (
                Line(
                    end,
                    end,
                    Decimal("-9.50"),
                    currency,
                    "FIRST DEMO BANK",
                    "",
                    "",
                    "Monthly account fee",
                    f"DEMO{serial:07d}",
                    "CHRG",
                ),
                "rule:6500",
            )
        )
        if index % 3 == 2:
            serial += 1
            lines.append(
                (
                    Line(
                        end,
                        end,
                        Decimal(rng.randint(100, 900)) / 100,
                        currency,
                        "FIRST DEMO BANK",
                        "",
                        "",
                        "Credit interest",
                        f"DEMO{serial:07d}",
                        "INTR",
                    ),
                    "rule:4900",
                )
            )
        if rng.random() < 0.5:
            serial += 1
            when = month + timedelta(days=rng.randint(0, 27))
            lines.append(
                (
                    Line(
                        min(when, end),
                        None,
                        -Decimal(rng.randint(500, 4000)) / 100,
                        currency,
                        rng.choice(MESSY),
                        "",
                        "",
                        "",
                        f"DEMO{serial:07d}",
                        "",
                    ),
                    "manual",
                )
            )
        lines.sort(key=lambda pair: (pair[0].booking_date, pair[0].transaction_id))
        parsed_lines = tuple(
            formats.ParsedLine(
                booking_date=x.booking_date,
                value_date=x.value_date,
                amount=x.amount,
                currency=x.currency,
                counterparty_name=x.counterparty_name,
                counterparty_account=x.counterparty_account,
                reference=x.reference,
                description=x.description,
                transaction_id=x.transaction_id,
                bank_code=x.bank_code,
            )
            for x, _ in lines
        )
        opening = balance
        balance += sum((x.amount for x, _ in lines), ZERO)
        statement = formats.ParsedStatement(
            format="camt053" if index % 2 == 0 else "ofx",
            account=number,
            currency=currency,
            statement_id=f"{month:%Y-%m}",
            period_start=month,
            period_end=end,
            opening_balance=opening,
            closing_balance=balance,
            lines=parsed_lines,
        )
        data = formats.write_camt053(statement) if index % 2 == 0 else formats.write_ofx(statement)
        files.append((month, data, f"{month:%Y-%m}.{'xml' if index % 2 == 0 else 'ofx'}"))
        for key, (_, truth) in zip(dedup_keys(parsed_lines), lines, strict=True):
            generated.truth[key] = truth
        generated.lines += len(lines)
    *settled, newest = files
    for _, data, name in settled:
        import_statement(bank_account=bank_account, data=data, actor=ACTOR, file_name=name)
    auto_match(bank_account=bank_account, actor=ACTOR)
    for saved in bank_account.statements.all():
        try:
            mark_reconciled(statement=saved, actor=ACTOR)
        except StatementNotReconcilable:
            continue  # the odd line a person has to look at
    import_statement(bank_account=bank_account, data=newest[1], actor=ACTOR, file_name=newest[2])
    return generated


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
