"""Read and write times of the bank statement formats for one large statement (no database).

.venv/bin/python -m benchmarks.bank_formats [--lines 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from bank.formats import (
    CsvProfile,
    ParsedLine,
    ParsedStatement,
    check_balances,
    parse_statement,
    write_camt053,
    write_csv,
    write_mt940,
    write_ofx,
)

PROFILE = CsvProfile(
    delimiter=";",
    encoding="cp1252",
    date_format="%d.%m.%Y",
    decimal_separator=",",
    thousands_separator=".",
    columns={
        "booking_date": "Buchungstag",
        "value_date": "Valuta",
        "counterparty_name": "Name",
        "counterparty_account": "IBAN",
        "reference": "Referenz",
        "description": "Verwendungszweck",
        "amount": "Betrag",
        "transaction_id": "ID",
    },
    default_currency="EUR",
)


def statement(count: int) -> ParsedStatement:
    start = date(2026, 1, 1)
    lines = tuple(
        ParsedLine(
            booking_date=start + timedelta(days=n % 365),
            value_date=start + timedelta(days=n % 365),
            amount=Decimal(((n * 7919) % 200000) - 100000) / 100,
            currency="EUR",
            counterparty_name=f"Kunde {n % 977} GmbH",
            counterparty_account="DE44500105175407324931",
            reference=f"RE-2026-{n:06d}",
            description=f"Rechnung RE-2026-{n:06d} vom 15.12.2025 Kundennummer {n % 977}",
            transaction_id=f"TX{n:010d}",
            bank_code="PMNT-RCDT-ESCT",
        )
        for n in range(count)
    )
    opening = Decimal("1000.00")
    return ParsedStatement(
        format="camt053",
        account="DE89370400440532013000",
        currency="EUR",
        statement_id="BENCH-1",
        period_start=start,
        period_end=start + timedelta(days=364),
        opening_balance=opening,
        closing_balance=opening + sum((line.amount for line in lines), Decimal(0)),
        lines=lines,
    )


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall time and best CPU time of the process (CPU time is steadier on a busy machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return statistics.median(wall), min(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = statement(args.lines)
    writers: dict[str, Callable[[], bytes]] = {
        "camt053 001.08": lambda: write_camt053(source),
        "camt053 001.02": lambda: write_camt053(source, "001.02"),
        "ofx 1.02": lambda: write_ofx(source),
        "mt940": lambda: write_mt940(source),
        "csv": lambda: write_csv(source, PROFILE),
    }
    print(f"{args.lines:,} lines, {args.runs} runs: median wall time, best CPU time")
    print(f"{'format':<16}{'size':>10}{'read wall':>12}{'read CPU':>11}{'write wall':>12}{'write CPU':>11}")
    for name, write in writers.items():
        data = write()
        profile = PROFILE if name == "csv" else None
        parsed = parse_statement(data, "csv" if profile else None, profile)
        assert len(parsed.lines) == args.lines
        if parsed.opening_balance is not None and parsed.closing_balance is not None:
            check_balances(parsed)
        read = timed(partial(parse_statement, data, "csv" if profile else None, profile), args.runs)
        written = timed(write, args.runs)
        size = f"{len(data) / 2**20:.1f} MB"
        print(
            f"{name:<16}{size:>10}{read[0]:>11.3f}s{read[1]:>10.3f}s{written[0]:>11.3f}s{written[1]:>10.3f}s"
        )


if __name__ == "__main__":
    main()
