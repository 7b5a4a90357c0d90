from typing import Any

from django.core.management.base import CommandParser

from tenants.lifecycle.services import tenant_bootstrap
from tenants.management.base import TenantCommand


class Command(TenantCommand):
    help = (
        "Register a company, create its database, migrate, seed and activate it. "
        "Idempotent: re-run it to finish a run that was interrupted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", default="", help="Display name (default: from the slug).")
        parser.add_argument("--currency", default="USD", help="Base currency, ISO 4217 (default USD).")
        parser.add_argument("--country", default="", help="ISO 3166 two-letter country code.")
        parser.add_argument("--demo", action="store_true", help="Also generate demo books.")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        verbose = options["verbosity"] > 1
        result = tenant_bootstrap(
            slug=slug,
            name=options["name"],
            base_currency=options["currency"],
            country=options["country"],
            demo=options["demo"],
            on_step=(lambda s: self.stdout.write(f"  {slug}: {s}…")) if verbose else None,
        )
        if options["verbosity"]:
            done = ", ".join(result.done) or "nothing to do"
            self.stdout.write(f"{slug}: active on database {result.company.db_name} ({done})")
