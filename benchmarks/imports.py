"""Importing other ledgers' books against the existing bulk import of the same entries.

    python -m benchmarks.imports [--transactions 100000] [--batch 1000]

One generated set of transactions (2-3 postings in USD over a year, 40 accounts with colon
names), written three ways, each imported into its own fresh company in its own process:

- jsonl: the existing bulk import, as `manage.py import_entries` runs it (read_jsonl, then
  ledger.services.imports.journal_entries_import), the accounts created beforehand (untimed);
- beancount: `import_book(read_book("beancount", ...))` from the file: Beancount's loader (parse,
  booking, validation), the Book, the accounts, two passes, the entries through the same bulk
  import, then the balance comparison;
- ledger: the same from an hledger journal (streamed: the file is read twice, never held whole).

Every variant gives each entry an idempotency key. Printed per variant: seconds, entries/s, the
ratio to jsonl (the issue's target: beancount >= 0.5), and the process's peak memory
(resource.getrusage ru_maxrss) at the full size and at a tenth of it, to show what grows with
the file. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks import _ledger_setup as setup

ROOT = setup.PROJECT_DIR / "var" / "bench-imports"
EXPENSES = [f"Expenses:Cat{i:02}:Item" for i in range(30)]
INCOME = [f"Income:Source{i}" for i in range(4)]
ASSETS = ["Assets:US:Bank:Checking", "Assets:US:Bank:Savings", "Assets:Cash"]
LIABILITIES = ["Liabilities:Card:Visa", "Liabilities:Card:Amex"]
OPENING = "Equity:Opening-Balances"
ACCOUNTS = [*ASSETS, *LIABILITIES, OPENING, *INCOME, *EXPENSES]


def transactions(count: int, seed: int = 2025) -> list[tuple[date, str, list[tuple[str, Decimal]]]]:
    rng = random.Random(seed)
    start = date(setup.BENCH_YEAR, 1, 1)
    out = []
    for n in range(count):
        day = start + timedelta(days=n * 365 // count)
        first = Decimal(rng.randint(100, 500_000)) / 100
        if rng.random() < 0.1:
            postings = [(rng.choice(ASSETS), first), (rng.choice(INCOME), -first)]
        elif rng.random() < 0.5:
            second = Decimal(rng.randint(100, 50_000)) / 100
            paid = rng.choice(ASSETS + LIABILITIES)
            postings = [
                (rng.choice(EXPENSES), first),
                (rng.choice(EXPENSES), second),
                (paid, -(first + second)),
            ]
        else:
            postings = [(rng.choice(EXPENSES), first), (rng.choice(ASSETS + LIABILITIES), -first)]
        out.append((day, f"Purchase {n}", postings))
    return out


def write_files(count: int) -> dict[str, Path]:
    folder = ROOT / str(count)
    folder.mkdir(parents=True, exist_ok=True)
    txns = transactions(count)
    paths = {v: folder / f"books.{v}" for v in ("beancount", "ledger", "jsonl")}
    with paths["beancount"].open("w") as bc, paths["ledger"].open("w") as lj, paths["jsonl"].open("w") as js:
        bc.write('option "operating_currency" "USD"\n\n')
        for account in ACCOUNTS:
            bc.write(f"{setup.BENCH_YEAR}-01-01 open {account} USD\n")
            lj.write(f"account {account}\n")
        for n, (day, text, postings) in enumerate(txns):
            bc.write(f'\n{day} * "{text}"\n')
            lj.write(f"\n{day} * {text}\n")
            lines = []
            for account, amount in postings:
                bc.write(f"  {account}  {amount} USD\n")
                lj.write(f"    {account}  {amount} USD\n")
                lines.append({"account": account, "debit" if amount > 0 else "credit": str(abs(amount))})
            entry = {"date": day.isoformat(), "memo": text, "idempotency_key": f"bench-{n}", "lines": lines}
            js.write(json.dumps(entry) + "\n")
    return paths


def run_variant(variant: str, path: Path, batch: int) -> dict[str, Any]:
    """In this process: a fresh company, one import of `path`, its figures."""
    setup.configure()
    from interchange.importing import import_book, read_book
    from ledger.actor import Actor
    from ledger.management.commands.import_entries import read_jsonl
    from ledger.services.accounts import account_create
    from ledger.services.imports import journal_entries_import
    from tenants.routing.context import tenant_context

    actor = Actor.system("bench")
    with setup.bench_tenant(f"bench-imp-{variant}") as company, tenant_context(company):
        setup.books()  # the year's periods, as every variant finds them
        if variant == "jsonl":
            for account in ACCOUNTS:
                kind = {"Assets": "asset", "Liabilities": "liability", "Equity": "equity"}
                account_create(
                    code=account,
                    name=account,
                    type=kind.get(
                        account.split(":")[0], "income" if account.startswith("Income") else "expense"
                    ),
                    actor=actor,
                    create_parents=True,
                )
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        if variant == "jsonl":
            parsed = read_jsonl(path)
            created = journal_entries_import(entries=parsed.entries, actor=actor, batch_size=batch).created
            balanced = True
        else:
            report = import_book(book=read_book(variant, path, trusted=True), actor=actor, batch_size=batch)
            created, balanced = report.created, report.ok
        seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"created": created, "seconds": seconds, "peak_kb": peak, "start_kb": before, "balanced": balanced}


def child(variant: str, path: Path, batch: int) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "benchmarks.imports",
        "--child",
        variant,
        "--file",
        str(path),
        "--batch",
        str(batch),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=setup.PROJECT_DIR)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_variant(args.child, args.file, args.batch)))
        return
    setup.configure()
    print(setup.server_facts())
    results: dict[tuple[int, str], dict[str, Any]] = {}
    sizes = [max(args.transactions // 10, 1), args.transactions]
    for size in sizes:
        paths = write_files(size)
        megabytes = paths["beancount"].stat().st_size / 1e6
        print(f"\n{size} transactions (beancount file {megabytes:.1f} MB), batches of {args.batch}:")
        for variant in ("jsonl", "beancount", "ledger"):
            figures = child(variant, paths[variant], args.batch)
            results[(size, variant)] = figures
            rate = figures["created"] / figures["seconds"]
            ratio = rate / (results[(size, "jsonl")]["created"] / results[(size, "jsonl")]["seconds"])
            print(
                f"  {variant:10} {figures['seconds']:7.1f} s {rate:7.0f} entries/s"
                f"  ratio to jsonl {ratio:4.2f}"
                f"  peak memory {figures['peak_kb'] / 1024:6.0f} MB"
                f" (at start {figures['start_kb'] / 1024:4.0f} MB)"
                f"  balances equal: {figures['balanced']}"
            )
    small, full = sizes
    print("\nPeak memory growth from the tenth to the full size (MB):")
    for variant in ("jsonl", "beancount", "ledger"):
        grew = (results[(full, variant)]["peak_kb"] - results[(small, variant)]["peak_kb"]) / 1024
        print(f"  {variant:10} {grew:+7.0f}")


if __name__ == "__main__":
    main()
