from typing import Any

from django.core.management.base import CommandParser

from ledger.checkpoints import checkpoint_problems
from ledger.integrity import chain_problems, extra_problems, totals_problems
from tenants.management.base import Outcome, TenantCommand
from tenants.routing.context import tenant_context


class Command(TenantCommand):
    help = (
        "Verify a company's books: kept totals equal a full recomputation, entry numbers are "
        "gapless, the hash chain is intact, ends at each year's head and matches the checkpoints "
        "kept in the common database, and what other parts of the books add (receivables and payables "
        "equal their open documents and payments). Exits 1 if anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_companies_argument(parser, verb="check")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        self.for_each_company(slugs, verify, failure="failed verification.")


def verify(slug: str) -> Outcome:
    with tenant_context(slug):
        problems = totals_problems() + chain_problems() + checkpoint_problems() + extra_problems()
    if problems:
        return Outcome(f"{len(problems)} problem(s)", problems, failed=True)
    return Outcome("ok")
