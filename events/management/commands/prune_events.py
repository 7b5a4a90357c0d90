"""prune_events [slug ...]: delete events older than PYLEDGER_EVENT_RETENTION_DAYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from events.outbox import prune, retention
from tenants.management.base import Outcome, TenantCommand
from tenants.routing.context import tenant_context


class Command(TenantCommand):
    help = "Delete events (and their webhook deliveries) older than the retention, for each company."

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_companies_argument(parser, verb="prune")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        def work(slug: str) -> Outcome:
            with tenant_context(slug):
                return Outcome(f"{prune()} events older than {retention().days} days deleted")

        self.for_each_company(slugs, work, failure="failed", none="No active company.")
