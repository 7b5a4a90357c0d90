from typing import Any

from django.core.management.base import CommandError, CommandParser

from ledger.checkpoints import take_checkpoints
from tenants.management.base import TenantCommand


class Command(TenantCommand):
    help = (
        "Record each fiscal year's hash-chain head in the common database, where a superuser of a "
        "company's database cannot rewrite it; verify_ledger checks the books against it. Run it "
        "on a schedule. Exits 1 if a company's chain contradicts an earlier checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="Companies to checkpoint (default: all active).")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        targets = self.slugs_or_active(slugs)
        failed = 0
        for slug in targets:
            result = take_checkpoints(slug)
            heads = ", ".join(f"{c.fiscal_year} no. {c.last_number}" for c in result.recorded)
            self.stdout.write(f"{slug}: {heads or 'no new entries'}")
            for problem in result.problems:
                self.stdout.write(f"  {problem}")
            failed += bool(result.problems)
        if failed:
            raise CommandError(
                f"{failed} of {len(targets)} companies contradict an earlier checkpoint; run verify_ledger."
            )
