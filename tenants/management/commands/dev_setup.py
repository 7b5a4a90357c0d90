import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandParser

from common.models import Company, Membership
from pyledger_project.secrets import read_secret
from tenants.lifecycle.services import tenant_bootstrap
from tenants.management.base import TenantCommand

DEMO_COMPANIES = [("acme", "Acme Corporation", "USD", "US"), ("foo", "Foo GmbH", "EUR", "DE")]


class Command(TenantCommand):
    help = (
        "Prepare a development site: migrate the common DB, bootstrap the demo companies and "
        "create a staff user. Idempotent and quick on a second run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-demo", action="store_true", help="Do not create demo companies.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_demo"]:
            for slug, name, currency, country in DEMO_COMPANIES:
                done = tenant_bootstrap(
                    slug=slug, name=name, base_currency=currency, country=country, demo=True
                ).done
                self.stdout.write(f"company {slug}: " + ("ready" if done == ["seed"] else ", ".join(done)))
        self.ensure_staff_user()

    def ensure_staff_user(self) -> None:
        username = read_secret("PYLEDGER_ADMIN_USERNAME") or "admin"
        password = read_secret("PYLEDGER_ADMIN_PASSWORD")
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            generated = password is None
            password = password or secrets.token_urlsafe(12)
            user = user_model.objects.create_superuser(username=username, email="", password=password)
            shown = password if generated else "(from PYLEDGER_ADMIN_PASSWORD)"
            self.stdout.write(f"staff user created: {username} / {shown}  <- shown once, keep it")
        else:
            self.stdout.write(f"staff user {username!r} exists (reset: manage.py changepassword {username})")
        for company in Company.objects.filter(slug__in=[c[0] for c in DEMO_COMPANIES]):
            Membership.objects.get_or_create(user=user, company=company, defaults={"role": "owner"})
