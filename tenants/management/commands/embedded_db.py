from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from pyledger_project.embedded import dev_pgdata, stop


class Command(BaseCommand):
    help = "Stop the embedded development PostgreSQL in var/postgres (it starts on demand)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["stop"])

    def handle(self, *args: Any, **options: Any) -> None:
        pgdata = dev_pgdata(settings.VAR_DIR)
        self.stdout.write("stopped" if stop(pgdata) else "not running")
