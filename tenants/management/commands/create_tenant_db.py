from typing import Any

from django.core.management.base import CommandParser

from tenants.lifecycle.services import tenant_create_database
from tenants.management.base import TenantCommand
from tenants.routing.context import get_company


class Command(TenantCommand):
    help = "Create a registered company's database as a copy of the migrated template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        company = get_company(slug)
        created = tenant_create_database(company)
        verb = "created" if created else "already exists"
        self.stdout.write(f"{company.db_name}: {verb}")
