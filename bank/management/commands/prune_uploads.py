"""prune_uploads [slug ...]: delete uploaded statement files older than PYLEDGER_UPLOAD_RETENTION_DAYS."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from bank.services.uploads import prune_uploads
from tenants.management.base import Outcome, TenantCommand
from tenants.routing.context import tenant_context


class Command(TenantCommand):
    help = (
        "Delete the statement files uploaded for background imports more than "
        "PYLEDGER_UPLOAD_RETENTION_DAYS ago, for each company named (default: every active one)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_companies_argument(parser, verb="prune")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        days = settings.PYLEDGER_UPLOAD_RETENTION_DAYS

        def work(slug: str) -> Outcome:
            with tenant_context(slug):
                return Outcome(f"{prune_uploads()} uploads older than {days} days deleted")

        self.for_each_company(slugs, work, failure="failed", none="No active company.")
