import asyncio
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from procrastinate.contrib.django import app
from procrastinate.contrib.django.django_connector import DjangoConnector

from jobs.worker import run_worker


class Command(BaseCommand):
    help = "Run a job worker: company jobs and periodic tasks from the queue in the common database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--concurrency",
            type=int,
            default=settings.PYLEDGER_JOBS_CONCURRENCY,
            help="Jobs run at once by this process, each in a thread (default: PYLEDGER_JOBS_CONCURRENCY).",
        )
        parser.add_argument("--queue", action="append", dest="queues", help="Only this queue (repeatable).")
        parser.add_argument("--once", action="store_true", help="Stop when the queue is empty.")
        parser.add_argument("--exit-with", type=int, metavar="PID", help="Stop when process PID ends.")

    def handle(self, *args: Any, **options: Any) -> None:
        # The worker listens with LISTEN/NOTIFY on a pool of its own: a direct connection.
        connector = app.connector
        assert isinstance(connector, DjangoConnector)  # the app of procrastinate.contrib.django
        with app.replace_connector(connector.get_worker_connector()):
            asyncio.run(self._run(options))

    async def _run(self, options: dict[str, Any]) -> None:
        async with app.open_async():
            await run_worker(
                queues=options["queues"],
                concurrency=options["concurrency"],
                wait=not options["once"],
                exit_with=options["exit_with"],
            )
