from typing import Any

from django.core.management.base import CommandParser

from tenants.lifecycle.services import tenant_seed
from tenants.management.base import TenantCommand
from tenants.routing.context import get_company


class Command(TenantCommand):
    help = "Install reference data (chart of accounts, currencies, tax codes); --demo adds demo books."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--demo", action="store_true")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        tenant_seed(get_company(slug), demo=options["demo"])
        self.stdout.write(f"{slug}: seeded")
