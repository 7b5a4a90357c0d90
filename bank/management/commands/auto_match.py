"""auto_match <slug>: match statement lines to the books, then book the rest by rules."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from bank.models import BankAccount
from bank.services.automatch import auto_match
from ledger.actor import Actor
from tenants.management.base import TenantCommand
from tenants.routing.context import tenant_context

from ._pick import bank_account


class Command(TenantCommand):
    help = (
        "Auto-match a company's unmatched statement lines: clear exact matches to posted entries first, "
        "then rules that book entries. Safe to run again: nothing is matched or booked twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The company.")
        parser.add_argument("--bank-account", metavar="CODE", help="Default: every active bank account.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would happen; write nothing.")
        parser.add_argument("--actor", default="auto-match", help="Name recorded on matches and entries.")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        with tenant_context(slug) as tenant:
            if options["bank_account"]:
                accounts = [bank_account(options["bank_account"])]
            else:
                accounts = list(BankAccount.objects.select_related("account").filter(is_active=True))
            for account in accounts:
                result = auto_match(
                    bank_account=account, actor=Actor.system(options["actor"]), dry_run=options["dry_run"]
                )
                self.stdout.write(f"{tenant.slug} {account.account.code}: {result.summary}")
