"""Generated hostile requests into every operation of the API schema and every header the
product reads, as an owner and anonymously: no 5xx, and no refused write changes the books.

The requests come from pyledger_project.fuzzing (seeded: the same requests every run); the
figures are printed at the end of the pytest run, and `python -m benchmarks.fuzz` runs more
seeds.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.cache import cache
from django.db.models import Sum
from django.test import Client
from knox.models import AuthToken

from bank.formats.tests.expected import ACCOUNT, SAMPLES
from bank.models import CsvProfile
from bank.services.accounts import bank_account_create
from bank.services.imports import import_statement
from bank.services.profiles import profile_save
from bank.services.rules import rule_create
from common.models import Company, Membership
from common.tests.factories import PASSWORD, MembershipFactory, UserFactory
from ledger.api.tests.support import SETUP, build_world, entry_body
from ledger.models import AccountBalance
from pyledger_project import fuzzing
from tenants.routing import registry_cache
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

pytestmark = pytest.mark.slow

SEEDS = [int(s) for s in os.environ.get("PYLEDGER_FUZZ_SEEDS", "0").split(",")]
# Read by the terminal summary (conftest.py) so that every run reports its figures.
TALLIES: list[fuzzing.Tally] = []


def build_targets(company: Company, owner: Any, member: Membership) -> fuzzing.Targets:
    world = build_world(company, member)
    with tenant_context(company):
        bank = bank_account_create(
            account="1140", name="Euro account", iban=ACCOUNT, currency="EUR", actor=SETUP
        )
        result = import_statement(
            bank_account=bank, data=(SAMPLES / "camt053_v02_sample.xml").read_bytes(), actor=SETUP
        )
        statement = result.statements[0]
        line = statement.lines.order_by("id").first()
        rule = rule_create(actor=SETUP, name="Rent", pattern="Miete", counter_account="6500")
        profile = profile_save(
            profile=CsvProfile(),
            actor=SETUP,
            name="Plain",
            columns={"booking_date": "Date", "amount": "Amount"},
        )
    assert line is not None
    ids = {
        "accounts": "1120",
        "journal-entries": str(world.draft),
        "periods": str(world.open_period),
        "fiscal-years": str(world.open_year),
        "members": str(world.member),
        "bank-accounts": str(bank.pk),
        "statements": str(statement.pk),
        "statement-lines": str(line.pk),
        "bank-rules": str(rule.pk),
        "csv-profiles": str(profile.pk),
    }
    draft = {k: v for k, v in entry_body("5.00", status="draft").items() if k != "status"}
    examples = {
        ("POST", "journal-entries/"): entry_body("5.00", status="draft"),
        ("PUT", "journal-entries/{id}/"): draft,
        ("POST", "accounts/"): {"code": "7000", "name": "Other", "type": "expense"},
        ("POST", "exchange-rates/"): {"currency": "EUR", "date": "2026-03-01", "rate": "1.1"},
        ("POST", "members/"): {"username": "newbie", "role": "viewer"},
        ("POST", "csv-profiles/"): {"name": "p", "columns": {"booking_date": "Date", "amount": "Amount"}},
        ("POST", "bank-rules/"): {
            "name": "Fees",
            "operator": "regex",
            "pattern": "fee",
            "counter_account": "6500",
        },
        ("POST", "statement-lines/{id}/create-entry/"): {"lines": [{"account": "6500", "amount": "10.00"}]},
        ("POST", "statement-lines/{id}/match/"): {"entries": [world.posted]},
        ("POST", "statement-lines/{id}/create-rule/"): {"counter_account": "6500"},
        ("POST", "auth/token/"): {"username": owner.username, "password": PASSWORD},
        ("POST", "auth/session/"): {"username": owner.username, "password": PASSWORD},
    }
    return fuzzing.Targets(slug=company.slug, ids=ids, examples=examples)


@tenant_db
def test_hostile_requests_never_get_a_5xx_nor_change_the_books_when_refused(acme, django_user_model):
    owner = UserFactory.create(username="olga", memberships=[(acme, Membership.Role.OWNER)])
    member = MembershipFactory.create(user__username="eve", company=acme, role=Membership.Role.VIEWER)
    targets = build_targets(acme, owner, member)
    _, token = AuthToken.objects.create(owner)

    def books() -> list[tuple[Any, ...]]:
        """The trial balance: each account's base-currency debits and credits (kept totals)."""
        with tenant_context(acme):
            rows = AccountBalance.objects.values_list("account_id").annotate(
                Sum("base_debit"), Sum("base_credit")
            )
            return list(rows.order_by("account_id"))

    admin = django_user_model.objects.create_superuser("root", password=PASSWORD)
    signed_in = Client()
    signed_in.force_login(admin)
    signed_in.post("/admin/company/", {"company": acme.slug})  # the books the admin shows
    session = signed_in.cookies["sessionid"].value

    for seed in SEEDS:
        tally = fuzzing.run(
            list(fuzzing.Generator(targets, seed=seed).requests()),
            {"owner": {"HTTP_AUTHORIZATION": f"Token {token}"}, "anonymous": {}},
            books,
            reset=cache.clear,
        )
        tally.add(
            fuzzing.run(
                list(fuzzing.admin_requests(seed=seed)),
                {"superuser": {"HTTP_COOKIE": f"sessionid={session}"}, "anonymous": {}},
                books,
                reset=cache.clear,
            )
        )
        TALLIES.append(tally)

        assert tally.server_errors == [], "\n".join(tally.server_errors[:40])
        assert tally.changed_books == [], "\n".join(tally.changed_books[:40])
        assert tally.requests > 1000


@pytest.fixture(autouse=True)
def _as_in_production(settings):
    """The registry cache on, as in production (the test settings turn it off); emptied before
    and after, so that no other test sees this one's companies."""
    settings.PYLEDGER_REGISTRY_CACHE_SECONDS = 300.0
    registry_cache.clear()
    cache.clear()
    yield
    registry_cache.clear()
    cache.clear()
