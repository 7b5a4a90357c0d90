import argparse
from typing import Any

from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.management.base import TenantCommand
from tenants.routing.context import tenant_context


class Command(TenantCommand):
    help = (
        "Run any manage.py command with a company active, on its database: "
        "tenant_command acme dumpdata ledger --indent 2"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("command_name")
        # REMAINDER: the inner command's own options (-c, --indent) pass through untouched.
        parser.add_argument("args", nargs=argparse.REMAINDER, help="The command's arguments and options.")

    def handle(self, *args: Any, slug: str, command_name: str, **options: Any) -> None:
        inner = list(args[1:] if args[:1] == ("--",) else args)
        command = _load(command_name)
        with tenant_context(slug) as tenant:
            extra: dict[str, Any] = {}
            # Commands with --database (dumpdata, loaddata, dbshell, …) default to the common
            # database; with a company active they mean the company's.
            if _takes_database(command, command_name) and not any(a.startswith("--database") for a in inner):
                extra["database"] = tenant.alias
            # The raw streams: a second OutputWrapper would end every write() with a newline.
            out, err = (getattr(s, "_out", s) for s in (self.stdout, self.stderr))
            call_command(command, *inner, stdout=out, stderr=err, **extra)


def _load(name: str) -> BaseCommand:
    app = get_commands().get(name)
    if app is None:
        raise CommandError(f"Unknown command: '{name}'. See manage.py help.")
    if isinstance(app, BaseCommand):
        return app
    return load_command_class(app, name)


def _takes_database(command: BaseCommand, name: str) -> bool:
    parser = command.create_parser("manage.py", name)
    return any(action.dest == "database" for action in parser._actions)
