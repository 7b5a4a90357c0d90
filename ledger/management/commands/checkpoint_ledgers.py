from typing import Any

from django.core.management.base import CommandParser

from ledger.checkpoints import take_checkpoints
from tenants.management.base import Outcome, TenantCommand


class Command(TenantCommand):
    help = (
        "Record each fiscal year's hash-chain head in the common database, where a superuser of a "
        "company's database cannot rewrite it; verify_ledger checks the books against it. Run it "
        "on a schedule. Exits 1 if a company's chain contradicts an earlier checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_companies_argument(parser, verb="checkpoint")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        self.for_each_company(
            slugs, checkpoint, failure="contradict an earlier checkpoint; run verify_ledger."
        )


def checkpoint(slug: str) -> Outcome:
    result = take_checkpoints(slug)
    heads = ", ".join(f"{c.fiscal_year} no. {c.last_number}" for c in result.recorded)
    return Outcome(heads or "no new entries", result.problems, failed=bool(result.problems))
