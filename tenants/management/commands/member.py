from typing import Any

from django.core.management.base import CommandParser

from common.models import Membership
from tenants.lifecycle.memberships import find_user, member_remove, member_set
from tenants.management.base import TenantCommand
from tenants.routing.context import get_company


class Command(TenantCommand):
    help = (
        "Manage who may enter a company: `member list acme`, `member set acme alice --role owner` "
        "(adds alice, or changes her role), `member remove acme alice`. The last owner stays; every "
        "change is in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="The company's members and their roles.")
        listing.add_argument("slug")
        setting = actions.add_parser("set", help="Add a user, or change the role of a member.")
        setting.add_argument("slug")
        setting.add_argument("username")
        setting.add_argument("--role", required=True, choices=Membership.Role.values)
        removing = actions.add_parser("remove", help="Take a member out of the company.")
        removing.add_argument("slug")
        removing.add_argument("username")

    def handle(self, *args: Any, action: str, slug: str, **options: Any) -> None:
        company = get_company(slug)
        if action == "list":
            members = Membership.objects.filter(company=company).select_related("user")
            for membership in members.order_by("user__username"):
                self.stdout.write(f"{membership.user.get_username()}\t{membership.role}")
            return
        user = find_user(options["username"])
        if action == "set":
            membership, added = member_set(company=company, user=user, role=options["role"])
            self.stdout.write(
                f"{slug}: {user.get_username()} {'added as' if added else 'is now'} {membership.role}"
            )
        else:
            member_remove(company=company, user=user)
            self.stdout.write(f"{slug}: {user.get_username()} removed")
