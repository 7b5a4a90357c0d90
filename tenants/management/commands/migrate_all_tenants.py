import time
from collections.abc import Callable
from typing import IO, Any, cast

from django.core.management.base import CommandError, CommandParser
from django.db.models import QuerySet
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from common.models import Company, DatabaseServer
from tenants.lifecycle.provisioning import server_label
from tenants.management.base import TenantCommand, add_target_options
from tenants.migrating.fleet import migrate_fleet, run_fleet
from tenants.migrating.migrate import TenantResult, divergences, template_applied
from tenants.migrating.rollback import parse_target


class Command(TenantCommand):
    help = (
        "Migrate every active and suspended company (each server's template first), --jobs at a "
        "time. Goes on past failures, prints a summary and exits non-zero if any tenant failed. "
        "--plan shows what would run, --check exits 1 if anything is pending, --to moves every "
        "tenant to one migration (rolling a release back)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenants", default="", help="Comma-separated slugs (default: all).")
        parser.add_argument(
            "--server", default="", help="Only the companies on this server ('default': the common DB's)."
        )
        parser.add_argument(
            "--jobs", type=int, default=1, help="Worker processes (default 1: in this process)."
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--plan", action="store_true", help="Print the pending migrations per tenant; change nothing."
        )
        mode.add_argument(
            "--check",
            action="store_true",
            help="Exit 1 if any tenant has pending migrations; change nothing.",
        )
        add_target_options(parser, whom="every selected company (templates are left alone)", into=mode)
        errors = parser.add_mutually_exclusive_group()
        parser.set_defaults(fail_fast=False)  # two flags share the dest: the default must be explicit
        errors.add_argument(
            "--continue-on-error",
            action="store_false",
            dest="fail_fast",
            help="Go on past failures (the default).",
        )
        errors.add_argument("--fail-fast", action="store_true", help="Stop at the first failure.")
        parser.add_argument(
            "--no-snapshot",
            action="store_true",
            help="No pg_dump before destructive migrations (you took your own).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["jobs"] < 1:
            raise CommandError("--jobs must be 1 or more.")
        companies = list(self.select(options["tenants"], options["server"]))
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        if options["plan"] or options["check"]:
            with self.progress(len(companies), "inspecting") as on_result:
                results = run_fleet(companies, action="inspect", jobs=options["jobs"], on_result=on_result)
            if options["plan"]:
                self.summarize_plan(results)
            else:
                self.summarize_check(results, companies)
            return
        target = parse_target(options["to"]) if options["to"] else None
        if target is not None:
            self.confirm(
                "all",
                f"migrate {len(companies)} companies to {options['to']}, unapplying any later migration "
                "(which drops what it created; each gets a snapshot first)",
                yes=options["yes"],
                word="all",
            )
        with self.progress(len(companies), "migrating") as on_result:
            results = migrate_fleet(
                companies,
                jobs=options["jobs"],
                fail_fast=options["fail_fast"],
                snapshot=not options["no_snapshot"],
                to=target,
                on_result=on_result,
            )
        self.summarize(results, companies, time.monotonic() - started, report=target is None)

    def select(self, tenants: str, server: str) -> "QuerySet[Company]":
        companies = Company.objects.select_related("server").filter(
            status__in=[Company.Status.ACTIVE, Company.Status.SUSPENDED]
        )
        if server:
            if DatabaseServer.objects.filter(name=server).exists():
                companies = companies.filter(server__name=server)
            elif server == "default":
                companies = companies.filter(server__isnull=True)
            else:
                raise CommandError(f"Unknown server {server!r}.")
        if tenants:
            wanted = {s.strip() for s in tenants.split(",") if s.strip()}
            unknown = wanted - set(companies.filter(slug__in=wanted).values_list("slug", flat=True))
            if unknown:
                raise CommandError(f"Unknown or inactive companies: {', '.join(sorted(unknown))}")
            companies = companies.filter(slug__in=wanted)
        return companies.order_by("slug")

    # --- output ---------------------------------------------------------------------------------

    def progress(self, total: int, label: str) -> "_ProgressReport":
        return _ProgressReport(self, total, label)

    def line(self, result: TenantResult) -> str:
        text = f"  {result.slug}: {result.outcome} {result.detail}".rstrip()
        if result.snapshot:
            text += f"; snapshot {result.snapshot}"
        return text

    def wants_line(self, result: TenantResult, inspecting: bool) -> bool:
        if inspecting:  # --plan and --check print their report at the end
            return False
        if self.verbosity > 1:
            return True
        return self.verbosity > 0 and result.outcome in ("migrated", "failed")

    def summarize(
        self, results: list[TenantResult], companies: list[Company], elapsed: float, *, report: bool = True
    ) -> None:
        failed = [r for r in results if r.outcome == "failed"]
        tenants = [r for r in results if not r.template]
        counts = {
            o: sum(r.outcome == o for r in tenants) for o in ("migrated", "up-to-date", "failed", "skipped")
        }
        if self.verbosity:
            skipped = f", {counts['skipped']} not attempted" if counts["skipped"] else ""
            self.stdout.write(
                f"{len(tenants)} tenants: {counts['migrated']} migrated, "
                f"{counts['up-to-date']} up to date, {counts['failed']} failed{skipped} in {elapsed:.1f} s"
            )
        if report:  # after --to every tenant is meant to differ from the code
            self.report_divergences(results, companies)
        snapshots = [r for r in tenants if r.snapshot]
        if snapshots:
            table = Table("slug", "snapshot", "restore with", box=None)
            table.title = "Snapshots taken before destructive migrations"
            for r in snapshots:
                table.add_row(r.slug, r.snapshot, r.restore)
            self.console().print(table)
        if failed:
            table = Table("slug", "error", title="Failed", box=None)
            for r in failed:
                table.add_row(r.slug, r.detail)
            self.console().print(table)
            raise CommandError(f"{len(failed)} of {len(results)} failed to migrate; see the table above.")

    def summarize_plan(self, results: list[TenantResult]) -> None:
        out = self.stdout
        for r in results:
            if r.outcome == "pending":
                names = ", ".join(f"{app}.{name}" for app, name in r.pending) or "-"
                out.write(f"{r.slug}: {r.detail}: {names}")
                for step in r.destructive:
                    out.write(f"    destructive: {step} (a pg_dump snapshot is taken first)")
            elif r.outcome == "failed":
                out.write(f"{r.slug}: failed {r.detail}")
            elif self.verbosity > 1:
                out.write(f"{r.slug}: up to date")
        pending = [r for r in results if r.outcome == "pending"]
        failed = [r for r in results if r.outcome == "failed"]
        count = sum(len(r.pending) for r in pending)
        out.write(
            f"Plan: {len(pending)} of {len(results)} tenants would be migrated ({count} migrations); "
            "nothing was changed."
        )
        if failed:
            raise CommandError(f"{len(failed)} of {len(results)} tenants could not be read; see above.")

    def summarize_check(self, results: list[TenantResult], companies: list[Company]) -> None:
        behind = [r for r in results if r.outcome != "up-to-date"]
        for r in behind:
            names = ", ".join(f"{app}.{name}" for app, name in r.pending)
            state = r.detail if r.outcome == "pending" else f"{r.outcome} {r.detail}"
            self.stdout.write(f"  {r.slug}: {state}" + (f" ({names})" if names else ""))
        self.report_divergences(results, companies)
        if behind:
            slugs = ", ".join(r.slug for r in behind)
            raise CommandError(f"{len(behind)} of {len(results)} tenants are not up to date: {slugs}")
        if self.verbosity:
            self.stdout.write(f"All {len(results)} tenants are up to date.")

    def report_divergences(self, results: list[TenantResult], companies: list[Company]) -> None:
        servers = {c.server_id: c.server for c in companies}.values()
        templates = {server_label(s): template_applied(s) for s in servers}
        odd = divergences(results, templates)
        if not odd:
            return
        table = Table("slug", "applied", "missing", "unknown to the code", "differs from", box=None)
        table.title = "Migration sets that differ from the majority, the template or the code"
        for d in odd:
            table.add_row(d.slug, str(d.applied), str(len(d.missing)), str(len(d.unknown)), d.differs_from())
        self.console().print(table)


class _ProgressReport:
    """A progress bar over the tenants (on a terminal only) that prints per-tenant results above
    it; used as `with ... as on_result:`."""

    def __init__(self, command: Command, total: int, label: str) -> None:
        self.command = command
        self.inspecting = label == "inspecting"
        out = cast(IO[str], command.stdout)
        tty = out.isatty()
        # On a terminal rich writes control codes that Django's OutputWrapper would end with "\n".
        console = Console(file=getattr(out, "_out", out), highlight=False) if tty else command.console()
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not tty or command.verbosity == 0,
            transient=True,
        )
        self.task = self.bar.add_task(label, total=total)

    def __enter__(self) -> Callable[[TenantResult], None]:
        self.bar.__enter__()
        return self.on_result

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)

    def on_result(self, result: TenantResult) -> None:
        if not result.template:
            self.bar.advance(self.task)
        if self.command.wants_line(result, self.inspecting):
            self.bar.console.print(self.command.line(result), markup=False, highlight=False)
