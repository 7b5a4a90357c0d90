"""deliver_webhooks [slug ...]: send the due webhook deliveries of each company, once or in a loop."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandParser

from events.webhooks.delivery import deliver
from tenants.management.base import Outcome, TenantCommand
from tenants.routing.context import tenant_context


class Command(TenantCommand):
    help = (
        "Give cursors to new events, fan them out to webhook endpoints and send the deliveries that are "
        "due, for the companies named (default: every active one). --loop keeps doing so."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_companies_argument(parser, verb="deliver for")
        parser.add_argument("--loop", action="store_true", help="Run until stopped (a worker process).")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between idle passes.")
        parser.add_argument("--limit", type=int, default=100, help="Deliveries per company per pass.")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        while True:
            sent = 0

            def work(slug: str) -> Outcome:
                nonlocal sent
                with tenant_context(slug):
                    result = deliver(limit=options["limit"])
                sent += result.sent
                return Outcome(result.summary)

            if not options["loop"]:
                self.for_each_company(slugs, work, failure="failed", none="No active company.")
                return
            for slug in self.slugs_or_active(slugs):
                try:
                    work(slug)
                except Exception as exc:  # one company's failure must not stop the others'
                    self.stderr.write(f"{slug}: {type(exc).__name__}: {exc}")
            if not sent:
                time.sleep(options["interval"])
