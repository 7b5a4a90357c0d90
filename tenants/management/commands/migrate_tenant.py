from typing import Any

from django.core.management.base import CommandParser

from tenants.management.base import TenantCommand
from tenants.services import tenant_migrate


class Command(TenantCommand):
    help = "Apply pending migrations to one company's database (skips quickly when up to date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        self.stdout.write(f"{slug}: {tenant_migrate(slug)}")
