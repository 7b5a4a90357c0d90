"""Bank statements: import speed, auto-match speed and how it grows, the demo's automatic share.

    python -m benchmarks.bank [--lines 10000] [--entries 100000] [--demo-months 12]

1. Import of a `--lines`-line CAMT.053 file (parse + dedup + store, one transaction) against
   parsing the same file alone (the floor: the file has to be read), and the re-import of the same
   lines in a new file (every line found as a duplicate).
2. Auto-match against `--entries` posted entries on the bank account: first 1/10 of the lines,
   then all of them, with the time per line of each (linear when the two agree).
3. The demo books of `--demo-months` months with their bank statements: the share of the lines of
   the settled months matched or booked automatically, and the wrong matches (the generator knows
   the truth).

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from benchmarks import _ledger_setup as setup


def _statement(lines: list[tuple[date, Decimal, str]], number: str, serial: str) -> bytes:
    import bank.formats as formats

    parsed = tuple(
        formats.ParsedLine(
            booking_date=day, value_date=day, amount=amount, currency=setup.CURRENCY,
            counterparty_name=f"CUSTOMER {i % 997}", counterparty_account="", reference=ref,
            description=f"Payment {ref}", transaction_id=f"{serial}-{i:07d}", bank_code="PMNT",
        )
        for i, (day, amount, ref) in enumerate(lines)
    )  # fmt: skip
    total = sum((amount for _, amount, _ in lines), Decimal(0))
    statement = formats.ParsedStatement(
        format="camt053", account=number, currency=setup.CURRENCY, statement_id=serial,
        period_start=min(d for d, _, _ in lines), period_end=max(d for d, _, _ in lines),
        opening_balance=Decimal(0), closing_balance=total, lines=parsed,
    )  # fmt: skip
    return formats.write_camt053(statement)


def import_figures(count: int) -> None:
    import bank.formats as formats
    from bank.services.accounts import bank_account_create
    from bank.services.imports import import_statement
    from ledger.actor import Actor

    rng = random.Random(7)
    first = date(setup.BENCH_YEAR, 1, 1)
    rows = [
        (
            first + timedelta(days=rng.randrange(365)),
            Decimal(rng.randint(-500_000, 500_000) or 1).scaleb(-2),
            f"R{i}",
        )
        for i in range(count)
    ]
    account = bank_account_create(
        account="1130", name="Bench import", account_number="111", actor=Actor.system()
    )
    data = _statement(rows, "111", "IMPORT")
    parse = min(setup.timed(lambda: formats.parse_statements(data)) for _ in range(3))
    started = time.perf_counter()
    result = import_statement(bank_account=account, data=data, actor=Actor.system())
    full = time.perf_counter() - started
    again = _statement(rows, "111", "IMPORT")  # same lines, a new file (e.g. another export)
    again = again.replace(b"<Id>IMPORT</Id>", b"<Id>IMPORT-2</Id>")
    started = time.perf_counter()
    repeat = import_statement(bank_account=account, data=again, actor=Actor.system())
    dup = time.perf_counter() - started
    print(f"Import of a {count:,}-line CAMT.053 file ({len(data) / 1e6:.1f} MB)")
    print(f"  parse alone (best of 3)        {parse:7.2f} s")
    print(
        f"  import (parse + dedup + store) {full:7.2f} s   {full / parse:4.1f}x parse   "
        f"{result.added:,} added"
    )
    print(
        f"  re-import, all duplicates      {dup:7.2f} s   {dup / parse:4.1f}x parse   {repeat.added:,} added"
    )


def automatch_figures(entries: int, lines: int) -> None:
    from bank.models import Match, StatementLine
    from bank.services.accounts import bank_account_create
    from bank.services.automatch import auto_match
    from bank.services.imports import import_statement
    from ledger.actor import Actor
    from ledger.services.imports import journal_entries_import

    rng = random.Random(11)
    first = date(setup.BENCH_YEAR, 1, 1)
    specs: list[dict[str, Any]] = []
    for i in range(entries):
        day = first + timedelta(days=rng.randrange(360))
        amount = Decimal(rng.randint(100, 9_999_999)).scaleb(-2)
        money_in = rng.random() < 0.5
        bank_side, other = ("debit", "4100") if money_in else ("credit", "6200")
        other_side = "credit" if money_in else "debit"
        specs.append(
            {
                "date": day, "reference": f"INV-{i:06d}",
                "lines": [
                    {"account": "1120", bank_side: str(amount)},
                    {"account": other, other_side: str(amount)},
                ],
                "_signed": amount if money_in else -amount,
            }
        )  # fmt: skip
    started = time.perf_counter()
    journal_entries_import(
        entries=[{k: v for k, v in s.items() if k != "_signed"} for s in specs], actor=Actor.system(),
        batch_size=5000,
    )  # fmt: skip
    posting = time.perf_counter() - started
    chosen = rng.sample(specs, lines)
    rows = [
        (s["date"] + timedelta(days=rng.choice([0, 0, 1, 2])), s["_signed"], s["reference"]) for s in chosen
    ]
    account = bank_account_create(
        account="1120", name="Bench match", account_number="222", actor=Actor.system()
    )
    small = lines // 10
    print(f"\nAuto-match against {entries:,} posted entries on the bank account (posted in {posting:.0f} s)")
    import_statement(bank_account=account, data=_statement(rows[:small], "222", "A"), actor=Actor.system())
    t_small = setup.timed(lambda: auto_match(bank_account=account, actor=Actor.system()))
    matched_small = StatementLine.objects.filter(bank_account=account, status="matched").count()
    # Undo, then all lines at once.
    StatementLine.objects.filter(bank_account=account).update(status="unmatched", match=None)
    Match.objects.all().delete()
    import_statement(bank_account=account, data=_statement(rows[small:], "222", "B"), actor=Actor.system())
    t_all = setup.timed(lambda: auto_match(bank_account=account, actor=Actor.system()))
    matched_all = StatementLine.objects.filter(bank_account=account, status="matched").count()
    per_small, per_all = t_small / small * 1000, t_all / lines * 1000
    print(f"  {small:>6,} lines {t_small:7.2f} s  {per_small:.2f} ms/line  matched {matched_small:,}")
    print(f"  {lines:>6,} lines {t_all:7.2f} s  {per_all:.2f} ms/line  matched {matched_all:,}")
    print(
        f"  growth: {lines // small}x the lines took {t_all / t_small:.1f}x the time "
        f"(linear: {lines // small}x)"
    )


def demo_figures(months: int) -> None:
    from bank.demo import bank_demo_generate, wrong_matches
    from bank.models import StatementLine
    from common.models import Company
    from ledger.demo import demo_generate
    from tenants.routing.context import current_tenant

    tenant = current_tenant()
    assert tenant is not None
    company = Company.objects.get(pk=tenant.company_id)
    demo_generate(company=company, months=months)
    generated = bank_demo_generate(company=company)
    assert generated is not None
    settled, wrong, total = wrong_matches(generated)
    last = generated.bank_account.statements.order_by("-period_start").first()
    open_lines = StatementLine.objects.filter(statement=last).count()
    earlier = total - open_lines
    print(
        f"\nDemo: {months} months of books, {total:,} statement lines ({open_lines} in the open last month)"
    )
    print(
        f"  settled automatically {settled:,} of {earlier:,} lines of the earlier months: "
        f"{settled / earlier:.1%}"
    )
    print(f"  wrong matches {wrong}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--demo-months", type=int, default=12)
    args = parser.parse_args()
    setup.configure()
    from tenants.routing.context import tenant_context

    print(setup.server_facts())
    with setup.bench_tenant("bench-bank") as company, tenant_context(company):
        import_figures(args.lines)
        automatch_figures(args.entries, args.lines)
    with setup.bench_tenant("bench-bank-demo") as company, tenant_context(company):
        demo_figures(args.demo_months)


if __name__ == "__main__":
    main()
