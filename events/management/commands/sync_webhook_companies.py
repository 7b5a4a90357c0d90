"""sync_webhook_companies [slug ...]: repair the common database's list of companies with an active
webhook endpoint (the per-minute delivery job is queued only for those)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from common.models import WebhookCompany
from events.webhooks import registry
from tenants.management.base import Outcome, TenantCommand
from tenants.routing.context import tenant_context


class Command(TenantCommand):
    help = (
        "List each company that has an active webhook endpoint for the per-minute delivery job, and "
        "drop the others (default: every active company)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_companies_argument(parser, verb="sync")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        def work(slug: str) -> Outcome:
            with tenant_context(slug):
                was = registry.listed()
                now = registry.sync()
                row = WebhookCompany.objects.filter(company__slug=slug).first()
            change = "" if was == now else (" (added)" if now else " (dropped)")
            counts = ""
            if row is not None:
                counts = (
                    f"; endpoints: {row.active_endpoints} active, {row.failing_endpoints} failing, "
                    f"{row.disabled_endpoints} disabled"
                )
            return Outcome(("listed" if now else "not listed") + change + counts)

        self.for_each_company(slugs, work, failure="failed", none="No active company.")
