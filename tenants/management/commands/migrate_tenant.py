from typing import Any

from django.core.management.base import CommandError, CommandParser

from tenants.errors import TenantStateError
from tenants.lifecycle.services import tenant_migrate
from tenants.management.base import TenantCommand, add_target_options


class Command(TenantCommand):
    help = (
        "Apply pending migrations to one company's database (skips quickly when up to date), or "
        "move it back or forward to one migration with --to; a pg_dump snapshot is taken first "
        "when the plan is destructive (unapplying always is)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        add_target_options(parser, whom="the company")
        parser.add_argument(
            "--no-snapshot",
            action="store_true",
            help="No pg_dump before destructive migrations (you took your own).",
        )

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        if options["to"]:
            self.confirm(
                slug,
                f"migrate {slug} to {options['to']}, unapplying any later migration (which drops "
                "what it created; a snapshot is taken first)",
                yes=options["yes"],
            )
        try:
            result = tenant_migrate(slug, snapshot=not options["no_snapshot"], to=options["to"])
        except TenantStateError as exc:  # the service's message does not repeat the slug
            raise CommandError(f"{slug}: {exc.message}") from None
        self.stdout.write(f"{slug}: {result.outcome}" + (f" ({result.detail})" if options["to"] else ""))
        if result.snapshot:
            self.stdout.write(f"  snapshot: {result.snapshot}")
            self.stdout.write(f"  restore with: {result.restore}")
