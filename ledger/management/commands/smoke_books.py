from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError, CommandParser

from common.errors import DomainError, first_line
from ledger.smoke import books_smoke_test
from tenants.context import tenant_context
from tenants.management.base import TenantCommand


class Command(TenantCommand):
    help = (
        "Exercise each company's books on its real database inside a transaction that is rolled "
        "back: accounts and draft entries created, edited and deleted, an entry posted and "
        "reversed, the trial balance read, the commit-time checks fired. Nothing is kept. Exits 1 "
        "if any company fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="Companies to test (default: all active).")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        targets = self.slugs_or_active(slugs)
        if not targets:
            raise CommandError("No active companies to test.")
        verbose = options["verbosity"] > 1
        failed = 0
        for slug in targets:
            try:
                with tenant_context(slug):
                    steps = books_smoke_test(on_step=self.step_printer(slug) if verbose else None)
            except DomainError as exc:
                failed += 1
                self.stdout.write(f"{slug}: FAILED {first_line(exc)}")
                continue
            self.stdout.write(f"{slug}: ok ({len(steps)} steps, rolled back)")
        if failed:
            raise CommandError(f"{failed} of {len(targets)} companies failed the smoke test; see above.")

    def step_printer(self, slug: str) -> Callable[[str], None]:
        return lambda step: self.stdout.write(f"  {slug}: {step}")
