from typing import Any

from django.core.management.base import CommandError, CommandParser

from ledger.checkpoints import checkpoint_problems
from ledger.integrity import chain_problems, totals_problems
from tenants.context import tenant_context
from tenants.management.base import TenantCommand


class Command(TenantCommand):
    help = (
        "Verify a company's books: kept totals equal a full recomputation, entry numbers are "
        "gapless, the hash chain is intact, ends at each year's head and matches the checkpoints "
        "kept in the common database. Exits 1 if anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="Companies to check (default: all active).")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        targets = self.slugs_or_active(slugs)
        failed = 0
        for slug in targets:
            with tenant_context(slug):
                problems = totals_problems() + chain_problems() + checkpoint_problems()
            if problems:
                failed += 1
                self.stdout.write(f"{slug}: {len(problems)} problem(s)")
                for problem in problems:
                    self.stdout.write(f"  {problem}")
            else:
                self.stdout.write(f"{slug}: ok")
        if failed:
            raise CommandError(f"{failed} of {len(targets)} companies failed verification.")
