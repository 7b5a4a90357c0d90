from typing import Any

from django.core.management.base import CommandError, CommandParser

from tenants.management.base import TenantCommand
from tenants.migrating.migrate import code_loader, code_order
from tenants.migrating.migration_lint import lint
from tenants.migrating.reversibility import Step, check_reversibility


class Command(TenantCommand):
    help = (
        "CI check of the tenant-app migrations: lint them for backward-incompatible operations, "
        "then migrate a scratch tenant down to zero and back, one migration at a time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--strict", action="store_true", help="Lint warnings fail the check too.")
        parser.add_argument("--lint-only", action="store_true", help="Lint only; no scratch database.")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        keys = code_order()
        findings = lint(code_loader(), keys)
        warnings = [f for f in findings if not f.ignored]
        for finding in findings:
            if not finding.ignored or verbosity > 1:
                self.stdout.write(f"{'allowed' if finding.ignored else 'warning'}: {finding}")
        if verbosity:
            allowed = len(findings) - len(warnings)
            self.stdout.write(
                f"lint: {len(keys)} tenant migrations, {len(warnings)} warnings"
                + (f", {allowed} allowed by lint_ignore" if allowed else "")
            )
        if not options["lint_only"]:

            def show(step: Step) -> None:
                if verbosity > 1:
                    self.stdout.write(
                        f"  {step.app}: {step.direction} to {step.target} ({step.seconds:.2f} s)"
                    )

            steps = check_reversibility(on_step=show)
            if verbosity:
                self.stdout.write(
                    f"reversibility: {len(steps)} steps down to zero and back, schema identical afterwards"
                )
        if warnings and options["strict"]:
            raise CommandError(f"{len(warnings)} migration lint warnings (--strict); see above.")
