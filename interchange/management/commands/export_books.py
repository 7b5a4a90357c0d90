"""export_books <slug> --to FORMAT [--year Y] [--output FILE]: a whole-book export to a file or stdout."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from interchange.exports import FORMATS
from interchange.saft import find_fiscal_year
from tenants.management.base import TenantCommand
from tenants.routing.context import get_company, tenant_context


class Command(TenantCommand):
    help = (
        "Export a company's books: saf-t writes the OECD SAF-T 2.00 general ledger of one fiscal "
        "year. The file is written whole or not at all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The company.")
        parser.add_argument("--to", dest="fmt", required=True, choices=sorted(FORMATS), help="The format.")
        parser.add_argument("--year", help="Fiscal year: the year it ends in (2026), its name or its id.")
        parser.add_argument("--output", type=Path, help="File to write (default: standard output).")

    def handle(self, *args: Any, slug: str, fmt: str, **options: Any) -> None:
        export_format = FORMATS[fmt]
        if export_format.needs_fiscal_year and not options["year"]:
            raise CommandError(f"{fmt} exports one fiscal year: give --year.")
        company = get_company(slug)
        output: Path | None = options["output"]
        with tenant_context(company):
            year = find_fiscal_year(options["year"]) if options["year"] else None
            prepared = export_format.prepare(company, year, "export_books")
            if output is None:
                for chunk in prepared.chunks:
                    self.stdout.write(chunk, ending="")
                return
            partial = output.with_name(output.name + ".partial")
            try:
                with partial.open("w", encoding="utf-8") as stream:
                    for chunk in prepared.chunks:
                        stream.write(chunk)
                os.replace(partial, output)
            except OSError as exc:
                raise CommandError(f"{output}: {exc.strerror or exc}") from None
            finally:  # a run that failed half-way leaves no file behind
                partial.unlink(missing_ok=True)
        self.stderr.write(f"{slug}: {fmt} written to {output}")
