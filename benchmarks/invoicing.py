"""Issuing invoices through the service against posting the same entries as plain journal entries.

    python -m benchmarks.invoicing [--documents 300] [--rounds 3] [--profile 0]

One company (USD books, the small-business chart, the UK's VAT codes), 20 customers, and the same
generated invoices for both variants (1-3 lines each, standard-rated, across the benchmark year):

- documents: `invoicing.services.documents.document_create(issue=True)`, one invoice per call
  outside any transaction: validated lines, the tax, the gapless number, the posted entry, the
  document and its lines, the audit rows;
- entries: `ledger.services.entries.journal_entry_create(post=True, source="sales")` with the
  lines that invoice's entry has (receivables against revenue and VAT): the ledger's own cost,
  which issuing cannot go below.

The variants alternate, `--rounds` times each, after a warm-up of each. Reported: documents/s and
entries/s (median of the rounds), CPU per item (this process and its server backend, from /proc:
it hardly moves when other work shares the machine), and the ratio documents/s ÷ entries/s
(issue target: at least 0.5). `--profile N` profiles N more issues and prints the top functions.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from benchmarks import _ledger_setup as setup

SLUG = "bench-invoicing"
WARMUP = 20
CUSTOMERS = 20
VAT = Decimal("0.20")


@dataclass(frozen=True)
class InvoiceSpec:
    customer: int  # index into the customers
    day: date
    lines: tuple[tuple[str, Decimal, Decimal], ...]  # (revenue account, quantity, unit price)


def make_invoices(count: int, *, seed: int) -> list[InvoiceSpec]:
    rng = random.Random(seed)
    first = date(setup.BENCH_YEAR, 1, 1)
    return [
        InvoiceSpec(
            rng.randrange(CUSTOMERS),
            first + timedelta(days=rng.randrange(360)),
            tuple(
                (
                    rng.choice(("4100", "4200")),
                    Decimal(rng.randint(1, 5)),
                    Decimal(rng.randint(1000, 90000)) / 100,
                )
                for _ in range(rng.randint(1, 3))
            ),
        )
        for _ in range(count)
    ]


def _issuer(customers: list[Any]) -> Callable[[InvoiceSpec], object]:
    from invoicing.services.documents import DocumentData, document_create
    from ledger.actor import Actor

    actor = Actor.system()

    def issue(spec: InvoiceSpec) -> object:
        lines: list[Any] = [
            {"description": "Goods", "quantity": q, "unit_price": p, "account": a, "tax_code": "VAT20"}
            for a, q, p in spec.lines
        ]
        data = DocumentData(
            kind="invoice", contact=customers[spec.customer], issue_date=spec.day, lines=lines
        )
        return document_create(data=data, actor=actor, issue=True)

    return issue


def _poster() -> Callable[[InvoiceSpec], object]:
    """The invoice's entry as a plain journal entry: receivables, revenue per line, VAT."""
    from ledger.actor import Actor
    from ledger.services.entries import LineInput, journal_entry_create

    actor = Actor.system()
    cent = Decimal("0.01")

    def post(spec: InvoiceSpec) -> object:
        nets = [(a, (q * p).quantize(cent, ROUND_HALF_UP)) for a, q, p in spec.lines]
        tax = sum(((n * VAT).quantize(cent, ROUND_HALF_UP) for _, n in nets), Decimal(0))
        gross = sum((n for _, n in nets), Decimal(0)) + tax
        lines = [LineInput(account="1200", debit=gross)]
        lines += [LineInput(account=a, credit=n, tax_code="VAT20") for a, n in nets]
        lines.append(LineInput(account="2300", credit=tax, tax_code="VAT20"))
        return journal_entry_create(date=spec.day, lines=lines, actor=actor, post=True, source="sales")

    return post


def _run(fn: Callable[[InvoiceSpec], object], specs: list[InvoiceSpec]) -> tuple[float, float, float | None]:
    """(items/s, client CPU ms per item, server CPU ms per item)."""
    from django.db import connections

    from tenants.routing.context import current_alias

    connection = connections[current_alias()]
    connection.ensure_connection()
    meter = setup.CpuMeter(connection.connection.info.backend_pid)
    meter.start()
    t0 = time.perf_counter()
    for spec in specs:
        fn(spec)
    wall = time.perf_counter() - t0
    meter.stop()
    server = meter.server * 1000 / len(specs) if meter.server is not None else None
    return len(specs) / wall, meter.client * 1000 / len(specs), server


def _company() -> Any:
    from tenants.lifecycle.services import tenant_bootstrap

    if setup.drop_tenant(SLUG):
        print(f"(dropped the leftover tenant {SLUG!r} of an earlier run)")
    return tenant_bootstrap(slug=SLUG, base_currency=setup.CURRENCY, country="GB").company


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=300, help="invoices per round and variant")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, help="profile this many more issues")
    args = parser.parse_args()
    setup.configure()
    from invoicing.models import Contact
    from invoicing.services.setup import invoicing_settings
    from tenants.routing.context import tenant_context

    print(setup.server_facts())
    print(f"load average {os.getloadavg()[0]:.2f}; {args.documents} invoices per round, {args.rounds} rounds")
    company = _company()
    try:
        with tenant_context(company):
            setup.books()
            invoicing_settings()
            customers = [
                Contact.objects.create(name=f"Customer {i}", is_customer=True) for i in range(CUSTOMERS)
            ]
            variants = {"documents": _issuer(customers), "entries": _poster()}
            for name, fn in variants.items():
                _run(fn, make_invoices(WARMUP, seed=hash(name) % 1000))
            results: dict[str, list[tuple[float, float, float | None]]] = {name: [] for name in variants}
            for round_no in range(args.rounds):
                specs = make_invoices(args.documents, seed=round_no)
                for name, fn in variants.items():
                    results[name].append(_run(fn, specs))
            for name, runs in results.items():
                rate = statistics.median(r[0] for r in runs)
                client = statistics.median(r[1] for r in runs)
                servers = [r[2] for r in runs if r[2] is not None]
                server = f"{statistics.median(servers):.2f} ms" if servers else "n/a"
                unit = "documents/s" if name == "documents" else "entries/s"
                print(f"{name:>10}: {rate:7.1f} {unit} (rounds: {', '.join(f'{r[0]:.1f}' for r in runs)});"
                      f" CPU per item: client {client:.2f} ms, server {server}")  # fmt: skip
            ratio = statistics.median(
                d[0] / e[0] for d, e in zip(results["documents"], results["entries"], strict=True)
            )
            print(f"ratio documents/s ÷ entries/s: {ratio:.2f} (target ≥ 0.5)")
            if args.profile:
                profiler = cProfile.Profile()
                specs = make_invoices(args.profile, seed=99)
                issue = variants["documents"]
                profiler.enable()
                for spec in specs:
                    issue(spec)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    finally:
        setup.drop_tenant(SLUG)


if __name__ == "__main__":
    main()
