"""Base for the lifecycle commands: domain errors and unreachable servers become one readable line."""

from __future__ import annotations

import sys
from argparse import _ActionsContainer
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, OperationalError
from rich.console import Console

from common.errors import DomainError, first_line
from pyledger_project.secrets import SecretFileError
from tenants.lifecycle.freezing import READ_ONLY_SQLSTATE, sqlstate


@dataclass
class Outcome:
    """What a command did for one company: a summary for its line, details below it."""

    summary: str
    details: list[str] = field(default_factory=list)
    failed: bool = False


class TenantCommand(BaseCommand):
    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except DomainError as exc:
            raise CommandError(first_line(exc)) from None
        except OperationalError as exc:
            raise CommandError(f"Database unreachable: {first_line(exc)}") from None
        except DatabaseError as exc:
            if sqlstate(exc) != READ_ONLY_SQLSTATE:
                raise
            raise CommandError(
                "The company's database is read-only: it is suspended, archived or being moved "
                "(reactivate it first)."
            ) from None
        except SecretFileError as exc:  # a server's password file is missing or unreadable
            raise CommandError(first_line(exc)) from None

    def slugs_or_active(self, slugs: list[str]) -> list[str]:
        """The slugs named on the command line, or every active company's when none was."""
        from common.models import Company

        if slugs:
            return slugs
        active = Company.objects.filter(status=Company.Status.ACTIVE).order_by("slug")
        return list(active.values_list("slug", flat=True))

    def add_companies_argument(self, parser: CommandParser, *, verb: str) -> None:
        parser.add_argument("slugs", nargs="*", help=f"Companies to {verb} (default: all active).")

    def for_each_company(
        self, slugs: list[str], work: Callable[[str], Outcome], *, failure: str, none: str | None = None
    ) -> None:
        """Run `work` for each company named (or every active one), one at a time, printing
        `<slug>: <summary>` and its details; a DomainError (an unknown company too) fails that
        company only. CommandError
        at the end when any failed: "<n> of <m> companies <failure>"."""
        targets = self.slugs_or_active(slugs)
        if not targets and none:
            raise CommandError(none)
        failed = 0
        for slug in targets:
            try:
                outcome = work(slug)
            except DomainError as exc:
                outcome = Outcome(f"FAILED {first_line(exc)}", failed=True)
            self.stdout.write(f"{slug}: {outcome.summary}")
            for detail in outcome.details:
                self.stdout.write(f"  {detail}")
            failed += outcome.failed
        if failed:
            raise CommandError(f"{failed} of {len(targets)} companies {failure}")

    def console(self) -> Console:
        # Writing through self.stdout keeps call_command(stdout=...) capture working. A terminal
        # gets its own width; a pipe or file gets whole rows (rich would wrap them at 80 columns).
        out = cast(IO[str], self.stdout)
        width = None if out.isatty() else 1000
        return Console(file=out, highlight=False, soft_wrap=True, width=width)

    def confirm(self, slug: str, action: str, *, yes: bool, word: str = "the company slug") -> None:
        """Go on with a destructive `action` if `yes`, or once a person at a terminal has typed the
        slug; otherwise raise CommandError and change nothing (cron and CI have no terminal)."""
        if yes:
            return
        if not sys.stdin.isatty():
            raise CommandError(f"Refusing to {action} without --yes: no terminal to confirm on.")
        answer = input(f"This will {action}. Type {word} ({slug}) to confirm: ")
        if answer.strip() != slug:
            raise CommandError("Not confirmed: nothing was changed.")


def add_target_options(parser: CommandParser, *, whom: str, into: _ActionsContainer | None = None) -> None:
    """--to and --yes, as migrate_tenant and migrate_all_tenants take them (`into`: a group)."""
    (into or parser).add_argument(
        "--to",
        metavar="APP.MIGRATION",
        help=f"Move {whom} to this migration instead of the newest: ledger.0001_initial, a unique "
        "prefix (ledger.0001) or ledger.zero; later migrations are unapplied after a snapshot.",
    )
    parser.add_argument("--yes", action="store_true", help="With --to: do not ask for confirmation.")
