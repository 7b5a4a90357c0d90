from typing import Any

from django.core.management.base import CommandError, CommandParser
from rich.table import Table

from common.models import Company
from tenants.management.base import TenantCommand
from tenants.migrate import TenantResult, code_migrations, inconsistent, migrate_companies


class Command(TenantCommand):
    help = (
        "Migrate every active and suspended company (template first). Goes on past failures, "
        "prints a summary and exits non-zero if any tenant failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenants", default="", help="Comma-separated slugs (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        companies = Company.objects.select_related("server").filter(
            status__in=[Company.Status.ACTIVE, Company.Status.SUSPENDED]
        )
        if options["tenants"]:
            wanted = {s.strip() for s in options["tenants"].split(",") if s.strip()}
            unknown = wanted - set(companies.filter(slug__in=wanted).values_list("slug", flat=True))
            if unknown:
                raise CommandError(f"Unknown or inactive companies: {', '.join(sorted(unknown))}")
            companies = companies.filter(slug__in=wanted)

        def report(result: TenantResult) -> None:
            if options["verbosity"] > 1 or result.outcome == "failed":
                self.stdout.write(f"  {result.slug}: {result.outcome} {result.detail}".rstrip())

        results = migrate_companies(companies.order_by("slug"), on_result=report)
        self.summarize(results, options["verbosity"])

    def summarize(self, results: list[TenantResult], verbosity: int) -> None:
        failed = [r for r in results if r.outcome == "failed"]
        tenants = [r for r in results if not r.template]
        counts = {o: sum(r.outcome == o for r in tenants) for o in ("migrated", "up-to-date", "failed")}
        if verbosity:
            self.stdout.write(
                f"{len(tenants)} tenants: {counts['migrated']} migrated, "
                f"{counts['up-to-date']} up to date, {counts['failed']} failed"
            )
        odd = inconsistent(results)
        if odd:
            head = code_migrations()
            table = Table("slug", "applied", "missing", "unknown to the code", box=None)
            table.title = "Migration sets that differ from the majority"
            for r in odd:
                applied = r.applied or frozenset()
                table.add_row(r.slug, str(len(applied)), str(len(head - applied)), str(len(applied - head)))
            self.console().print(table)
        if failed:
            table = Table("slug", "error", title="Failed", box=None)
            for r in failed:
                table.add_row(r.slug, r.detail)
            self.console().print(table)
            raise CommandError(f"{len(failed)} of {len(results)} failed to migrate; see the table above.")
