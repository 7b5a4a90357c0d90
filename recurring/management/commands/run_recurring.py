from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from ledger.actor import Actor
from recurring.services import recurring_run_due
from tenants.management.base import Outcome, TenantCommand
from tenants.routing.context import tenant_context


class Command(TenantCommand):
    help = (
        "Book the recurring entries due through today (or --date) in the companies named, or in "
        "every active company with --all: every date missed since the last run, each once, so it "
        "is safe to run again or late. The job workers run it hourly (recurring.tick). Exits 1 when a date "
        "failed (a closed period, an inactive account): it is recorded and tried again next run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="Companies to run.")
        parser.add_argument("--all", action="store_true", help="Every active company.")
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD).")

    def handle(self, *args: Any, slugs: list[str], all: bool, date: str | None, **options: Any) -> None:
        if bool(slugs) == all:
            raise CommandError("Name the companies to run, or --all (not both).")
        today = _day(date) if date else timezone.localdate()
        self.for_each_company(
            slugs, lambda slug: run(slug, today), failure="had recurring entries that failed."
        )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date {text!r} is not a day: use YYYY-MM-DD.") from None


def run(slug: str, today: date) -> Outcome:
    with tenant_context(slug):
        results = recurring_run_due(actor=Actor.system("recurring"), today=today)
    booked = sum(len(r.booked) for r in results)
    details = [f"{r.template.name} {o.date}: {o.error}" for r in results for o in r.failed]
    summary = f"{booked} booked" + (f", {len(details)} failed" if details else "")
    return Outcome(summary, details, failed=bool(details))
