from typing import Any

from django.core.management.base import CommandError, CommandParser

from tenants.errors import TenantStateError
from tenants.lifecycle.services import tenant_reactivate
from tenants.management.base import TenantCommand


class Command(TenantCommand):
    help = "Reactivate a suspended or archived company (an archived one only while its database exists)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        try:
            changed = tenant_reactivate(company=slug)
        except TenantStateError as exc:  # the service's message does not repeat the slug
            raise CommandError(f"{slug}: {exc.message}") from None
        self.stdout.write(f"{slug}: {'' if changed else 'already '}active")
