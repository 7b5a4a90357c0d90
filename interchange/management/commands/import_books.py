"""import_books <slug> --from beancount|ledger|gnucash FILE: bring another ledger's books into a company."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from interchange.importing import FORMATS, import_book, read_book, render_report
from ledger.actor import Actor
from tenants.management.base import TenantCommand
from tenants.routing.context import tenant_context


class Command(TenantCommand):
    help = (
        "Import a Beancount file, an hledger / ledger-cli journal or a GnuCash book (SQLite or XML) "
        "into a company's books: accounts, "
        "exchange rates and entries, then the source's balance assertions and balances beside "
        "pyledger's (docs/migrating.md). Safe to run again: what is already there is skipped. Exit 1 "
        "when the file cannot be read or imported, and when a balance assertion fails or a balance differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The company.")
        parser.add_argument("file", type=Path, help="The file to import.")
        parser.add_argument("--from", dest="format", default="", help=f"One of {', '.join(FORMATS)}.")
        parser.add_argument("--batch-size", type=int, default=1000, help="Entries per transaction.")
        parser.add_argument("--actor", default="import", help="Name recorded as creator and poster.")
        parser.add_argument(
            "--trading-account", default="3900", help="Account that balances conversions between currencies."
        )

    def handle(
        self, *args: Any, slug: str, file: Path, format: str, batch_size: int, actor: str, **options: Any
    ) -> None:
        if format not in FORMATS:
            raise CommandError(f"--from must be one of {', '.join(FORMATS)}")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        with tenant_context(slug) as tenant:
            book = read_book(format, file, trusted=True)
            report = import_book(
                book=book,
                actor=Actor.system(actor),
                batch_size=batch_size,
                trading_account=options["trading_account"],
            )
        if options["verbosity"] > 0:
            self.stdout.write(f"{tenant.slug}: {render_report(report)}")
        if not report.ok:
            failed, differ = len(report.failed_assertions), len(report.differences)
            raise CommandError(
                f"{file}: imported, but {failed} balance assertion(s) failed and {differ} balance(s) differ"
            )
