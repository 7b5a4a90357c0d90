from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from tenants.context import tenant_context
from tenants.management.base import TenantCommand


class Command(TenantCommand):
    help = "Run any manage.py command with a company active: tenant_command acme shell"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("command_name")
        parser.add_argument("args", nargs="*", help="Arguments for the command (put them after --).")

    def handle(self, *args: Any, slug: str, command_name: str, **options: Any) -> None:
        with tenant_context(slug):
            call_command(command_name, *args, stdout=self.stdout, stderr=self.stderr)
