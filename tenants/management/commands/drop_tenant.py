from typing import Any

from django.core.management.base import CommandParser

from tenants.lifecycle.services import tenant_drop
from tenants.management.base import TenantCommand
from tenants.routing.context import get_company


class Command(TenantCommand):
    help = (
        "Drop a company's database after backing it up, and archive the company (its registry row "
        "stays for audit; --forget deletes it). Asks you to type the slug unless --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument("--no-backup", action="store_true", help="Drop without backing up first.")
        parser.add_argument("--forget", action="store_true", help="Also delete the company's registry row.")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        company = get_company(slug)  # an unknown slug fails before the question
        what = f"drop the database {company.db_name} of {slug!r}"
        if options["no_backup"]:
            what += " WITHOUT a backup"
        self.confirm(slug, what, yes=options["yes"])
        result = tenant_drop(company=company, backup=not options["no_backup"], forget=options["forget"])
        if options["verbosity"]:
            parts = [f"backup {result.backup.path}" if result.backup else "no backup"]
            parts.append(
                f"database {company.db_name} dropped" if result.dropped else "no database left to drop"
            )
            parts.append("forgotten" if result.forgotten else "archived")
            self.stdout.write(f"{slug}: " + ", ".join(parts))
