from typing import Any

from django.core.management.base import CommandParser
from rich.table import Table

from common.errors import first_line
from common.models import Company
from tenants.management.base import TenantCommand
from tenants.migrating.migrate import migration_state
from tenants.routing.connections import register_company, release


def describe_migrations(company: Company) -> str:
    alias = register_company(company)
    try:
        return migration_state(alias).describe()
    except Exception as exc:  # an unreachable tenant is a row in the report, not a crash
        return f"unreachable: {first_line(exc)}"
    finally:
        release(alias)


class Command(TenantCommand):
    help = "List companies with their status, server, database and migration state."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-migrations", action="store_true", help="Skip connecting to each tenant.")

    def handle(self, *args: Any, **options: Any) -> None:
        table = Table("slug", "name", "status", "server", "database", "migrations", box=None)
        companies = Company.objects.select_related("server").order_by("slug")
        for company in companies:
            state = "-" if options["no_migrations"] else describe_migrations(company)
            server = company.server.name if company.server else "default"
            table.add_row(company.slug, company.name, company.status, server, company.db_name, state)
        if not companies:
            self.stdout.write("No companies yet: create one with `manage.py bootstrap_tenant <slug>`.")
            return
        self.console().print(table)
