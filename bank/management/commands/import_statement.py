"""import_statement <slug> <file>: import a bank statement file (CAMT.053, OFX/QFX, MT940, CSV)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from bank.models import CsvProfile
from bank.services.imports import import_statement
from ledger.actor import Actor
from tenants.management.base import TenantCommand
from tenants.routing.context import tenant_context

from ._pick import bank_account


class Command(TenantCommand):
    help = (
        "Import a bank statement into a company's bank account. Lines imported before are skipped; a "
        "file that is malformed, unbalanced or of another account is refused and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The company.")
        parser.add_argument("file", type=Path, help="The bank's file.")
        parser.add_argument("--bank-account", metavar="CODE", help="Ledger account code of the bank account.")
        parser.add_argument("--format", choices=["camt053", "ofx", "mt940", "csv"], help="Default: detected.")
        parser.add_argument("--profile", help="Name of the CSV profile (CSV files only).")
        parser.add_argument("--actor", default="import", help="Name recorded as importer.")

    def handle(self, *args: Any, slug: str, file: Path, **options: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror or exc}") from None
        with tenant_context(slug) as tenant:
            account = bank_account(options["bank_account"])
            profile = None
            if options["profile"]:
                profile = CsvProfile.objects.filter(name=options["profile"]).first()
                if profile is None:
                    raise CommandError(f"No CSV profile named {options['profile']!r}.")
            result = import_statement(
                bank_account=account,
                data=data,
                actor=Actor.system(options["actor"]),
                file_name=file.name,
                format=options["format"],
                profile=profile,
            )
        self.stdout.write(f"{tenant.slug} {account.account.code}: {result.summary} from {file}")
