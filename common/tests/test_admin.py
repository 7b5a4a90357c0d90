"""The registry's admin: every page renders for staff, and lifecycle actions report, never crash."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from common.models import Company, Currency, DatabaseServer, Domain, Membership, TaxRate, TenantMove
from tenants.testing import tenant_db

from .factories import DatabaseServerFactory

REGISTERED = [Company, Domain, Membership, Currency, TaxRate, DatabaseServer]


@pytest.fixture
def registry(acme: Company, admin_user: User) -> dict[type[Model], Model]:
    """One saved row of every registered model."""
    server = DatabaseServer.objects.create(
        name="eu-1", host="10.0.0.5", user="pyledger", password_env="PG_EU_1_PASSWORD"
    )
    return {
        Company: acme,
        Domain: Domain.objects.create(hostname="books.acme.example", company=acme),
        Membership: Membership.objects.create(user=admin_user, company=acme, role="owner"),
        Currency: Currency.objects.get(code="JPY"),
        TaxRate: TaxRate.objects.create(
            code="STD",
            name="Standard",
            rate=Decimal("20"),
            country="GB",
            valid_from=datetime.date(2026, 1, 1),
        ),
        DatabaseServer: server,
    }


def admin_url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def run_action(client: Client, action: str, *companies: Company) -> Any:
    return client.post(
        admin_url(Company, "changelist"),
        {"action": action, "_selected_action": [c.pk for c in companies]},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m.__name__)
def test_the_changelist_renders_for_staff(admin_client, registry, model):
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert registry[model] in response.context["cl"].result_list


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m.__name__)
def test_the_change_page_renders_for_staff(admin_client, registry, model):
    response = admin_client.get(admin_url(model, "change", registry[model].pk))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m.__name__)
def test_the_add_page_renders_for_staff(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.django_db
def test_the_company_changelist_searches_and_filters(admin_client, registry):
    url = admin_url(Company, "changelist")
    assert "acme" in admin_client.get(url, {"q": "books.acme"}).content.decode()
    response = admin_client.get(url, {"status__exact": "suspended"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


@pytest.mark.django_db
def test_a_database_server_page_never_shows_the_password(admin_client, registry, monkeypatch):
    monkeypatch.setenv("PG_EU_1_PASSWORD", "hunter2-do-not-show")
    server = registry[DatabaseServer]
    for url in (admin_url(DatabaseServer, "changelist"), admin_url(DatabaseServer, "change", server.pk)):
        page = admin_client.get(url).content.decode()
        assert "hunter2-do-not-show" not in page
        assert "environment $PG_EU_1_PASSWORD" in page


@pytest.mark.django_db
def test_adding_a_company_registers_it_for_bootstrap(admin_client):
    response = admin_client.post(
        admin_url(Company, "add"),
        {
            "slug": "globex",
            "name": "Globex",
            "base_currency": "GBP",
            "country": "gb",
            "domains-TOTAL_FORMS": "0",
            "domains-INITIAL_FORMS": "0",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    company = Company.objects.get(slug="globex")
    assert company.status == Company.Status.PROVISIONING
    assert company.db_name == f"{settings.PYLEDGER_TENANT_DB_PREFIX}globex"
    assert company.country == "GB"


@pytest.mark.django_db
def test_adding_a_company_on_a_chosen_server_registers_it_there(admin_client):
    DatabaseServer.objects.create(name="eu-1", host="10.0.0.5", user="pyledger")
    chosen = DatabaseServer.objects.create(name="eu-2", host="10.0.0.6", user="pyledger")
    response = admin_client.post(
        admin_url(Company, "add"),
        {
            "slug": "globex",
            "name": "Globex",
            "base_currency": "USD",
            "server": chosen.pk,
            "domains-TOTAL_FORMS": "0",
            "domains-INITIAL_FORMS": "0",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Company.objects.get(slug="globex").server == chosen


@pytest.mark.django_db
def test_adding_a_company_with_a_reserved_slug_shows_a_form_error(admin_client):
    response = admin_client.post(
        admin_url(Company, "add"),
        {"slug": "admin", "name": "Nope", "base_currency": "USD", "domains-TOTAL_FORMS": "0"},
    )
    assert response.status_code == 200
    assert "reserved" in str(response.context["adminform"].form.errors["slug"])
    assert not Company.objects.filter(slug="admin").exists()


@pytest.mark.django_db
def test_a_company_cannot_be_deleted_from_the_admin(admin_client, acme):
    assert admin_client.get(admin_url(Company, "delete", acme.pk)).status_code == 403
    assert "delete_selected" not in admin_client.get(admin_url(Company, "changelist")).content.decode()


@pytest.mark.django_db
def test_staff_without_permissions_cannot_open_the_registry(client, django_user_model, acme):
    user = django_user_model.objects.create_user(username="intern", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(admin_url(Company, "changelist")).status_code == 403


@tenant_db
def test_the_suspend_action_suspends_an_active_company(admin_client, acme):
    response = run_action(admin_client, "suspend", acme)
    assert response.status_code == 302
    acme.refresh_from_db()
    assert acme.status == Company.Status.SUSPENDED
    assert messages_of(response) == ["acme: suspended"]


@tenant_db
def test_the_reactivate_action_reactivates_a_suspended_company(admin_client, acme):
    acme.status = Company.Status.SUSPENDED
    acme.save()
    response = run_action(admin_client, "reactivate", acme)
    acme.refresh_from_db()
    assert acme.status == Company.Status.ACTIVE
    assert messages_of(response) == ["acme: active"]


@tenant_db
def test_the_archive_action_archives_and_suspend_then_refuses_it(admin_client, acme, foo):
    first = run_action(admin_client, "archive", acme)
    assert messages_of(first) == ["acme: archived"]
    admin_client.get(first.url)  # shows (and so consumes) the messages
    response = run_action(admin_client, "suspend", acme, foo)
    acme.refresh_from_db()
    foo.refresh_from_db()
    assert (acme.status, foo.status) == (Company.Status.ARCHIVED, Company.Status.SUSPENDED)
    assert messages_of(response) == ["acme: cannot become suspended while archived.", "foo: suspended"]


@tenant_db
def test_reactivating_a_company_still_provisioning_is_refused_with_a_message(admin_client, acme):
    acme.status = Company.Status.PROVISIONING
    acme.save()
    response = run_action(admin_client, "reactivate", acme)
    acme.refresh_from_db()
    assert acme.status == Company.Status.PROVISIONING
    assert messages_of(response) == ["acme: cannot become active while provisioning: bootstrap it instead."]


@tenant_db
def test_a_domain_error_of_bootstrap_becomes_a_message_not_a_500(admin_client, acme):
    acme.status = Company.Status.SUSPENDED
    acme.save()
    response = run_action(admin_client, "bootstrap", acme)
    assert response.status_code == 302
    (message,) = messages_of(response)
    assert message.startswith("acme: Company 'acme' is suspended")


@tenant_db
def test_the_migrate_action_reports_an_up_to_date_company(admin_client, acme):
    response = run_action(admin_client, "migrate", acme)
    assert response.status_code == 302
    assert messages_of(response) == ["acme: up-to-date"]


@pytest.mark.django_db
def test_the_bootstrap_action_calls_the_lifecycle_service_with_the_registered_fields(
    admin_client, acme, monkeypatch
):
    # The service itself is tested with the commands; here: the admin's wiring and its report.
    from tenants.lifecycle import services

    calls = []

    def fake_bootstrap(**kwargs):
        calls.append(kwargs)
        return services.BootstrapResult(acme, done=["create_database", "migrate", "seed", "activate"])

    monkeypatch.setattr(services, "tenant_bootstrap", fake_bootstrap)
    acme.country = "US"
    acme.save()
    response = run_action(admin_client, "bootstrap", acme)
    assert calls == [{"slug": "acme", "name": "Acme", "base_currency": "USD", "country": "US"}]
    assert messages_of(response) == [
        f"acme: active on database {acme.db_name} (create_database, migrate, seed, activate)"
    ]


@pytest.mark.django_db
def test_an_unreachable_database_server_becomes_a_message_not_a_500(admin_client):
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    server = DatabaseServerFactory.create(name="down")
    ghost = Company.objects.create(
        slug="ghost", name="Ghost", base_currency_id="USD", server=server, db_name="g"
    )
    response = run_action(admin_client, "bootstrap", ghost)
    assert response.status_code == 302
    (message,) = messages_of(response)
    assert message.startswith("ghost: Database server 'down' is unreachable: ")
    ghost.refresh_from_db()
    assert ghost.status == Company.Status.PROVISIONING


@pytest.mark.django_db
def test_a_database_error_shows_its_first_line_only(admin_client, acme, monkeypatch):
    from django.db import OperationalError

    from tenants.lifecycle import services

    def refused(company, snapshot):
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed\nIs the server running?')

    monkeypatch.setattr(services, "migrate_company", refused)
    response = run_action(admin_client, "migrate", acme)
    assert messages_of(response) == [
        'acme: database unreachable: connection to server at "10.0.0.5", port 5432 failed'
    ]


@pytest.mark.django_db
def test_tenant_moves_are_listed_read_only(admin_client, acme):
    move = TenantMove.objects.create(
        company=acme, kind="move", source_db="a", target_server="pg2", target_db="a", previous_status="active"
    )

    listing = admin_client.get(admin_url(TenantMove, "changelist"))
    page = admin_client.get(admin_url(TenantMove, "change", move.pk))

    assert listing.status_code == 200 and move in listing.context["cl"].result_list
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert admin_client.get(admin_url(TenantMove, "add")).status_code == 403


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/admin/common/domain/add/", {"hostname": "x.example", "company": "abc"}),
        ("/admin/common/membership/add/", {"user": "1e1000000", "company": "' OR 1=1", "role": "viewer"}),
    ],
    ids=["domain", "membership"],
)
def test_an_autocomplete_field_given_no_id_is_a_form_error_not_a_500(admin_client, path, body):
    admin_client.raise_request_exception = False

    response = admin_client.post(path, body)

    assert response.status_code == 200  # the form again, with its errors
    assert response.context["adminform"].form.errors
