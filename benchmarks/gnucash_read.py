"""Reading GnuCash books: transactions per second and peak memory, SQLite and compressed XML, for a
book and one ten times larger (no database; the import service's own figures are in its benchmark).

.venv/bin/python -m benchmarks.gnucash_read [--transactions 10000] [--factor 10]

Each read runs in a fresh child process, which reports its peak resident memory; a child that only
imports the reader is the baseline measured in the same run, so "memory" is what reading adds. A
streamed reader's memory stays about the same when the book grows tenfold (ratio near 1); one that
held the book whole would grow about tenfold.
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing
import os
import resource
import sqlite3
import tempfile
import time
from multiprocessing.queues import Queue
from pathlib import Path

GUID = "{:032x}"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyledger_project.settings.test")
    import django

    django.setup()


def write_xml(path: Path, count: int) -> None:
    ns = " ".join(
        f'xmlns:{p}="http://www.gnucash.org/XML/{p}"'
        for p in ("gnc", "act", "book", "cmdty", "split", "trn", "ts")
    )

    def account(n: int, name: str, kind: str, parent: int | None) -> str:
        up = f'<act:parent type="guid">{GUID.format(parent)}</act:parent>' if parent else ""
        return (
            f'<gnc:account version="2.0.0"><act:name>{name}</act:name><act:id type="guid">{GUID.format(n)}'
            f"</act:id><act:type>{kind}</act:type><act:commodity><cmdty:space>CURRENCY</cmdty:space>"
            f"<cmdty:id>EUR</cmdty:id></act:commodity>{up}</gnc:account>"
        )

    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="utf-8" ?>\n<gnc-v2 {ns}><gnc:book version="2.0.0">')
        out.write(f'<book:id type="guid">{GUID.format(1)}</book:id>')
        out.write(account(2, "Root Account", "ROOT", None) + account(3, "Bank", "BANK", 2))
        out.write(account(4, "Groceries", "EXPENSE", 2))
        for n in range(count):
            day = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}"
            cents = 100 + n % 9000
            out.write(
                f'<gnc:transaction version="2.0.0"><trn:id type="guid">{GUID.format(10**6 + n)}</trn:id>'
                "<trn:currency><cmdty:space>CURRENCY</cmdty:space><cmdty:id>EUR</cmdty:id></trn:currency>"
                f"<trn:date-posted><ts:date>{day} 10:59:00 +0000</ts:date></trn:date-posted>"
                f"<trn:description>Shop {n % 97} receipt {n}</trn:description><trn:splits>"
                f"<trn:split><split:value>{cents}/100</split:value><split:quantity>{cents}/100</split:quantity>"
                f'<split:account type="guid">{GUID.format(4)}</split:account></trn:split>'
                f"<trn:split><split:value>-{cents}/100</split:value><split:quantity>-{cents}/100"
                f'</split:quantity><split:account type="guid">{GUID.format(3)}</split:account></trn:split>'
                "</trn:splits></gnc:transaction>"
            )
        out.write("</gnc:book></gnc-v2>")


def write_sqlite(path: Path, count: int) -> None:
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE books (guid text, root_account_guid text, root_template_guid text);"
        "CREATE TABLE commodities (guid text, namespace text, mnemonic text);"
        "CREATE TABLE accounts (guid text, name text, account_type text, commodity_guid text,"
        " parent_guid text, description text);"
        "CREATE TABLE transactions (guid text, currency_guid text, num text, post_date text,"
        " description text);"
        "CREATE TABLE splits (guid text, tx_guid text, account_guid text, memo text, value_num integer,"
        " value_denom integer, quantity_num integer, quantity_denom integer);"
        "CREATE TABLE prices (guid text, commodity_guid text, currency_guid text, date text,"
        " value_num integer, value_denom integer);"
    )  # the columns the reader uses, as GnuCash names them (the tests use books piecash wrote)
    g = GUID.format
    db.execute("INSERT INTO books VALUES (?, ?, ?)", [g(1), g(2), g(9)])
    db.execute("INSERT INTO commodities VALUES (?, 'CURRENCY', 'EUR')", [g(5)])
    db.executemany(
        "INSERT INTO accounts VALUES (?, ?, ?, ?, ?, '')",
        [(g(2), "Root Account", "ROOT", g(5), None), (g(3), "Bank", "BANK", g(5), g(2)),
         (g(4), "Groceries", "EXPENSE", g(5), g(2))],
    )  # fmt: skip
    db.executemany(
        "INSERT INTO transactions VALUES (?, ?, '', ?, ?)",
        (
            (g(10**6 + n), g(5), f"2026-{1 + n % 12:02d}-{1 + n % 28:02d} 10:59:00", f"Shop {n}")
            for n in range(count)
        ),
    )
    db.executemany(
        "INSERT INTO splits VALUES (?, ?, ?, '', ?, 100, ?, 100)",
        (
            row
            for n in range(count)
            for row in (
                (g(3 * 10**6 + 2 * n), g(10**6 + n), g(4), 100 + n % 9000, 100 + n % 9000),
                (g(3 * 10**6 + 2 * n + 1), g(10**6 + n), g(3), -(100 + n % 9000), -(100 + n % 9000)),
            )
        ),
    )
    db.commit()
    db.close()


def _child(path: str | None, queue: Queue[tuple[int, float, int]]) -> None:
    _setup()
    from interchange.importing.gnucash import read_gnucash

    started = time.perf_counter()
    count = 0
    if path is not None:
        book = read_gnucash(Path(path))
        count = sum(len(t.postings) > 0 for t in book)
    elapsed = time.perf_counter() - started
    queue.put((count, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def measure(path: Path | None) -> tuple[int, float, int]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(str(path) if path else None, queue))
    process.start()
    count, elapsed, peak = queue.get()
    process.join()
    return int(count), float(elapsed), int(peak)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--transactions", type=int, default=10_000)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args()
    print(f"cpus {os.cpu_count()}, load {os.getloadavg()[0]:.2f}")
    _, _, baseline = measure(None)
    print(f"baseline (a child importing the reader): peak {baseline / 1024:.1f} MiB")
    with tempfile.TemporaryDirectory(prefix="gnucash-bench-") as folder:
        for kind, write in (("xml.gz", write_xml), ("sqlite", write_sqlite)):
            peaks = []
            for count in (args.transactions, args.transactions * args.factor):
                path = Path(folder) / f"book-{count}.{kind}"
                write(path, count)
                read, elapsed, peak = measure(path)
                assert read == count, (read, count)
                added = (peak - baseline) / 1024
                peaks.append(max(added, 0.1))
                print(
                    f"{kind:7} {count:>8} transactions ({path.stat().st_size / 2**20:6.1f} MiB): "
                    f"{count / elapsed:9,.0f} transactions/s, memory +{added:6.1f} MiB over the baseline"
                )
            print(f"{kind:7} memory ratio for {args.factor}x the transactions: {peaks[1] / peaks[0]:.2f}")


if __name__ == "__main__":
    main()
