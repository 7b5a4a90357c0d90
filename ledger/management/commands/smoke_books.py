from typing import Any

from django.core.management.base import CommandParser

from ledger.smoke import books_smoke_test
from tenants.management.base import Outcome, TenantCommand
from tenants.routing.context import tenant_context


class Command(TenantCommand):
    help = (
        "Exercise each company's books on its real database inside a transaction that is rolled "
        "back: accounts and draft entries created, edited and deleted, an entry posted and "
        "reversed, the trial balance read, the commit-time checks fired. Nothing is kept. Exits 1 "
        "if any company fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_companies_argument(parser, verb="test")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        verbose = options["verbosity"] > 1

        def smoke(slug: str) -> Outcome:
            def on_step(step: str) -> None:
                self.stdout.write(f"  {slug}: {step}")

            with tenant_context(slug):
                steps = books_smoke_test(on_step=on_step if verbose else None)
            return Outcome(f"ok ({len(steps)} steps, rolled back)")

        self.for_each_company(
            slugs, smoke, failure="failed the smoke test; see above.", none="No active companies to test."
        )
