"""The ledger admin: one company's books at a time, written only through the services."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.test import Client

from common.models import Company
from ledger.actor import Actor
from ledger.models import Account, AuditEvent, FiscalPeriod, JournalEntry, JournalLine
from ledger.seed import seed_tenant
from ledger.services.accounts import account_create
from pyledger_project.admin_site import SESSION_KEY
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .factories import EntryFactory

pytestmark = tenant_db

ROBOT = Actor(None, "robot")
DAY = date(2026, 3, 10)
CHANGELISTS = ["account", "journalentry", "fiscalperiod", "exchangerate", "taxcode", "auditevent"]


def sale(memo: str, *, amount: str = "100.00", post: bool = True) -> JournalEntry:
    return EntryFactory.create(date=DAY, amount=amount, actor=ROBOT, memo=memo, post=post)


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def books(acme: Company, foo: Company) -> None:
    """Both companies seeded, each with an account and a posted entry only it has."""
    for company in (acme, foo):
        with tenant_context(company):
            seed_tenant(company=company)
            account_create(code="9900", name=f"{company.name} only", type="expense", actor=ROBOT)
            sale(f"{company.name} sale")


@pytest.fixture
def in_acme(admin_client: Client, books: None) -> Client:
    """A superuser's admin session showing acme's books."""
    response = admin_client.post("/admin/company/", {"company": "acme"})
    assert response.status_code == 302, response.content
    return admin_client


@pytest.fixture
def acme_books(acme: Company) -> Iterator[None]:
    """Acme's database active in the test body, to arrange and check rows directly."""
    with tenant_context(acme):
        yield


def changelist_action(client: Client, model: str, action: str, ids: list[int]) -> Any:
    return client.post(
        f"/admin/ledger/{model}/", {"action": action, "_selected_action": [str(pk) for pk in ids]}
    )


# --- company switcher and header -------------------------------------------------------------


def test_switcher_lists_the_companies_and_activates_one(admin_client: Client, books: None) -> None:
    page = admin_client.get("/admin/company/")
    assert page.status_code == 200
    assert b'data-slug="acme"' in page.content and b'data-slug="foo"' in page.content

    chosen = admin_client.post("/admin/company/", {"company": "foo", "next": "/admin/ledger/account/"})

    assert chosen.status_code == 302 and chosen["Location"] == "/admin/ledger/account/"
    assert admin_client.session[SESSION_KEY] == {"slug": "foo", "name": "Foo"}
    assert "Now showing the books of Foo (foo)." in messages_of(chosen)


def test_the_header_shows_the_active_company(in_acme: Client) -> None:
    page = in_acme.get("/admin/").content.decode()

    header = page[page.index('id="admin-company"') :].split("</div>")[0]
    assert "<strong>Acme</strong>" in header and "<code>acme</code>" in header


def test_the_header_says_when_no_company_is_chosen(admin_client: Client, books: None) -> None:
    page = admin_client.get("/admin/").content.decode()
    assert "No company chosen" in page


def test_without_a_company_ledger_pages_redirect_to_the_switcher(admin_client: Client, books: None) -> None:
    response = admin_client.get("/admin/ledger/account/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/company/?next=%2Fadmin%2Fledger%2Faccount%2F"
    assert "Choose a company to see its books." in messages_of(response)


def test_a_suspended_company_is_forgotten_and_refused(in_acme: Client, acme: Company) -> None:
    acme.status = Company.Status.SUSPENDED
    acme.save(update_fields=["status"])

    response = in_acme.get("/admin/ledger/journalentry/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/company/")
    assert SESSION_KEY not in in_acme.session
    refused = in_acme.post("/admin/company/", {"company": "acme"})
    assert SESSION_KEY not in in_acme.session
    assert any("suspended" in text for text in messages_of(refused))


def test_the_switcher_is_for_staff_only(client: Client, django_user_model: Any, books: None) -> None:
    user = django_user_model.objects.create_user("ann", password="pw-123456")
    client.force_login(user)

    response = client.get("/admin/company/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# --- changelists -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", CHANGELISTS)
def test_each_ledger_changelist_renders(in_acme: Client, model: str) -> None:
    assert in_acme.get(f"/admin/ledger/{model}/").status_code == 200


def test_the_add_change_and_history_pages_render(in_acme: Client, acme_books: None) -> None:
    account = Account.objects.get(code="1120")
    posted = JournalEntry.objects.get(memo="Acme sale")
    draft = sale("a draft", post=False)
    period = FiscalPeriod.objects.get(start_date__lte=DAY, end_date__gte=DAY)
    urls = [
        "/admin/ledger/account/add/",
        f"/admin/ledger/account/{account.pk}/change/",
        f"/admin/ledger/account/{account.pk}/history/",
        "/admin/ledger/journalentry/add/",
        f"/admin/ledger/journalentry/{draft.pk}/change/",
        f"/admin/ledger/journalentry/{posted.pk}/change/",
        f"/admin/ledger/journalentry/{posted.pk}/history/",
        f"/admin/ledger/fiscalperiod/{period.pk}/change/",
        "/admin/ledger/",
    ]

    assert {url: in_acme.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)


def test_changelists_show_only_the_active_companys_rows(in_acme: Client) -> None:
    accounts = in_acme.get("/admin/ledger/account/?q=only").content.decode()
    entries = in_acme.get("/admin/ledger/journalentry/").content.decode()

    assert "Acme only" in accounts and "Foo only" not in accounts
    assert "Acme sale" in entries and "Foo sale" not in entries


def test_switching_company_switches_the_rows(in_acme: Client) -> None:
    in_acme.post("/admin/company/", {"company": "foo"})

    accounts = in_acme.get("/admin/ledger/account/?q=only").content.decode()

    assert "Foo only" in accounts and "Acme only" not in accounts


# --- accounts through the services -----------------------------------------------------------


def test_an_account_added_in_the_admin_is_audited(in_acme: Client, acme_books: None) -> None:
    response = in_acme.post(
        "/admin/ledger/account/add/",
        {"code": "6950", "name": "Software", "type": "expense", "parent": "", "currency": ""},
    )

    assert response.status_code == 302, response.content
    account = Account.objects.get(code="6950")
    assert AuditEvent.objects.filter(
        action="create", object_type="account", object_id=str(account.pk)
    ).exists()


def test_the_admin_adds_and_lists_a_colon_code_and_refuses_a_bad_one(
    in_acme: Client, acme_books: None
) -> None:
    code = "Aktiva:Umlaufvermögen:Girokonto Sparkasse Köln"
    form = {"name": "Girokonto", "type": "asset", "parent": "", "currency": ""}

    added = in_acme.post("/admin/ledger/account/add/", {**form, "code": code})
    refused = in_acme.post("/admin/ledger/account/add/", {**form, "code": "Aktiva::Bank"})
    listed = in_acme.get("/admin/ledger/account/?q=Sparkasse")

    assert added.status_code == 302, added.content
    assert refused.status_code == 200 and "no empty segment" in refused.content.decode()
    assert code in listed.content.decode()
    assert not Account.objects.filter(code="Aktiva::Bank").exists()


def test_an_account_edited_in_the_admin_records_only_what_changed(in_acme: Client, acme_books: None) -> None:
    account = Account.objects.get(code="9900")

    response = in_acme.post(
        f"/admin/ledger/account/{account.pk}/change/",
        {"name": "Renamed", "parent": "", "currency": "", "is_active": "on"},
    )

    assert response.status_code == 302, response.content
    event = AuditEvent.objects.filter(object_type="account", object_id=str(account.pk)).first()
    assert event is not None and event.action == "update" and event.data == {"name": "Renamed"}


def test_an_unused_account_is_deleted_through_the_service(in_acme: Client, acme_books: None) -> None:
    account = account_create(code="6990", name="Unused", type="expense", actor=ROBOT)

    response = in_acme.post(f"/admin/ledger/account/{account.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Account.objects.filter(code="6990").exists()
    assert AuditEvent.objects.filter(
        action="delete", object_type="account", object_id=str(account.pk)
    ).exists()


def test_an_account_refused_by_the_service_comes_back_with_the_error(
    in_acme: Client, acme_books: None
) -> None:
    account = Account.objects.get(code="1120")  # has USD postings

    response = in_acme.post(
        f"/admin/ledger/account/{account.pk}/change/",
        {"name": account.name, "parent": account.parent_id or "", "currency": "EUR", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "has lines in other currencies" in response.content.decode()
    account.refresh_from_db()
    assert account.currency_id is None


# --- journal entries -------------------------------------------------------------------------


def entry_form(lines: list[tuple[str, str, str]], **fields: str) -> dict[str, str]:
    """The add/change form of an entry: its fields and the lines inline (account, side, amount)."""
    data = {
        "date": "2026-03-12",
        "memo": "",
        "reference": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for i, (account, side, amount) in enumerate(lines):
        data |= {
            f"lines-{i}-account": str(Account.objects.get(code=account).pk),
            f"lines-{i}-side": side,
            f"lines-{i}-amount": amount,
            f"lines-{i}-currency": "",
            f"lines-{i}-exchange_rate": "",
            f"lines-{i}-tax_code": "",
            f"lines-{i}-description": "",
        }
    return data


def test_a_draft_is_created_through_the_service(in_acme: Client, acme_books: None) -> None:
    form = entry_form([("6400", "D", "42.50"), ("1120", "C", "42.50")], memo="paper")

    response = in_acme.post("/admin/ledger/journalentry/add/", form)

    assert response.status_code == 302, response.content
    entry = JournalEntry.objects.get(memo="paper")
    assert entry.status == JournalEntry.Status.DRAFT
    assert [(line.side, line.amount) for line in entry.lines.order_by("line_no")] == [
        ("D", Decimal("42.5")),
        ("C", Decimal("42.5")),
    ]
    assert AuditEvent.objects.filter(
        object_type="journal_entry", object_id=str(entry.pk), action="create"
    ).exists()


def test_an_unbalanced_draft_comes_back_with_the_error_and_the_input(
    in_acme: Client, acme_books: None
) -> None:
    form = entry_form([("6400", "D", "42.50"), ("1120", "C", "40.00")], memo="lopsided")

    response = in_acme.post("/admin/ledger/journalentry/add/", form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Debits and credits differ by 2.50 USD." in page
    assert ">\nlopsided</textarea>" in page and 'value="42.50"' in page
    assert not JournalEntry.objects.filter(memo="lopsided").exists()


def test_a_draft_is_edited_through_the_service(in_acme: Client, acme_books: None) -> None:
    draft = sale("draft to edit", post=False)
    form = entry_form([("6400", "D", "7.00"), ("1120", "C", "7.00")], memo="edited")
    form |= {"lines-INITIAL_FORMS": "0"}

    response = in_acme.post(f"/admin/ledger/journalentry/{draft.pk}/change/", form)

    assert response.status_code == 302, response.content
    draft.refresh_from_db()
    assert draft.memo == "edited" and draft.status == JournalEntry.Status.DRAFT
    assert sorted(draft.lines.values_list("account__code", flat=True)) == ["1120", "6400"]


def test_a_posted_entry_is_shown_read_only(in_acme: Client, acme_books: None) -> None:
    entry = JournalEntry.objects.get(memo="Acme sale")

    page = in_acme.get(f"/admin/ledger/journalentry/{entry.pk}/change/")

    assert page.status_code == 200
    content = page.content.decode()
    assert "Acme sale" in content
    assert 'name="_save"' not in content and "/delete/" not in content
    assert in_acme.post(f"/admin/ledger/journalentry/{entry.pk}/change/", entry_form([])).status_code == 403


def test_amounts_show_their_currencys_places_not_the_columns(in_acme: Client, acme_books: None) -> None:
    posted, draft = sale("Shown", amount="123.45"), sale("Drafted", amount="7.50", post=False)

    listing = in_acme.get("/admin/ledger/journalentry/").content.decode()
    lines = in_acme.get(f"/admin/ledger/journalentry/{posted.pk}/change/").content.decode()
    form = in_acme.get(f"/admin/ledger/journalentry/{draft.pk}/change/").content.decode()

    assert ">123.45<" in listing and "123.4500" not in listing
    assert lines.count(">123.45<") == 4 and "123.4500" not in lines  # amount and base, two lines
    assert 'value="7.50"' in form and "7.5000" not in form


def test_a_posted_entry_cannot_be_deleted(in_acme: Client, acme_books: None) -> None:
    entry = JournalEntry.objects.get(memo="Acme sale")

    assert in_acme.get(f"/admin/ledger/journalentry/{entry.pk}/delete/").status_code == 403
    assert in_acme.post(f"/admin/ledger/journalentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert JournalEntry.objects.filter(pk=entry.pk, status=JournalEntry.Status.POSTED).exists()


def test_a_draft_can_be_deleted(in_acme: Client, acme_books: None) -> None:
    draft = sale("throwaway", post=False)

    response = in_acme.post(f"/admin/ledger/journalentry/{draft.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not JournalEntry.objects.filter(pk=draft.pk).exists()


def test_there_is_no_bulk_delete_of_entries(in_acme: Client) -> None:
    page = in_acme.get("/admin/ledger/journalentry/").content.decode()
    assert 'value="delete_selected"' not in page
    assert 'value="post_drafts"' in page and 'value="reverse_entries"' in page


def unbalanced_draft() -> JournalEntry:
    """A draft the services would refuse, written behind their back (drafts may be unbalanced
    in the database; posting checks them)."""
    period = FiscalPeriod.objects.get(start_date__lte=DAY, end_date__gte=DAY)
    entry = JournalEntry.objects.create(
        fiscal_year_id=period.fiscal_year_id, period=period, date=DAY, memo="lopsided"
    )
    for line_no, (code, side, amount) in enumerate([("1120", "D", "10.00"), ("4100", "C", "9.00")], 1):
        JournalLine.objects.create(
            entry=entry,
            line_no=line_no,
            account=Account.objects.get(code=code),
            side=side,
            amount=amount,
            currency_id="USD",
            base_amount=amount,
        )
    return entry


def test_the_post_action_posts_a_draft_and_refuses_an_unbalanced_one(
    in_acme: Client, acme_books: None
) -> None:
    good, bad = sale("ready", post=False), unbalanced_draft()

    response = changelist_action(in_acme, "journalentry", "post_drafts", [good.pk, bad.pk])

    assert response.status_code == 302
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == JournalEntry.Status.POSTED and good.number is not None
    assert bad.status == JournalEntry.Status.DRAFT
    texts = messages_of(response)
    assert f"Posted: Draft {good.pk} as {good}." in texts
    assert f"Draft {bad.pk}: Debits and credits differ by 1.00 USD." in texts


def test_the_post_action_refuses_a_posted_entry(in_acme: Client, acme_books: None) -> None:
    entry = JournalEntry.objects.get(memo="Acme sale")

    response = changelist_action(in_acme, "journalentry", "post_drafts", [entry.pk])

    assert response.status_code == 302
    assert any("already posted" in text for text in messages_of(response))


def test_the_reverse_action_reverses_a_posted_entry(in_acme: Client, acme_books: None) -> None:
    entry = JournalEntry.objects.get(memo="Acme sale")

    response = changelist_action(in_acme, "journalentry", "reverse_entries", [entry.pk])

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == JournalEntry.Status.REVERSED
    assert JournalEntry.objects.filter(reversal_of=entry, status=JournalEntry.Status.POSTED).exists()


def test_the_reverse_action_reports_a_closed_period(in_acme: Client, acme_books: None) -> None:
    entry = JournalEntry.objects.get(memo="Acme sale")
    FiscalPeriod.objects.filter(pk=entry.period_id).update(status=FiscalPeriod.Status.CLOSED)

    response = changelist_action(in_acme, "journalentry", "reverse_entries", [entry.pk])

    assert response.status_code == 302
    assert any("is closed" in text for text in messages_of(response))
    entry.refresh_from_db()
    assert entry.status == JournalEntry.Status.POSTED


# --- periods and read-only models --------------------------------------------------------------


def test_the_close_and_reopen_actions_go_through_the_services(in_acme: Client, acme_books: None) -> None:
    period = FiscalPeriod.objects.get(start_date__lte=DAY, end_date__gte=DAY)

    closed = changelist_action(in_acme, "fiscalperiod", "close_periods", [period.pk])

    period.refresh_from_db()
    assert closed.status_code == 302 and period.status == FiscalPeriod.Status.CLOSED
    assert AuditEvent.objects.filter(action="close", object_type="fiscalperiod").exists()

    changelist_action(in_acme, "fiscalperiod", "reopen_periods", [period.pk])

    period.refresh_from_db()
    assert period.status == FiscalPeriod.Status.OPEN
    assert AuditEvent.objects.filter(action="reopen", object_type="fiscalperiod").exists()


@pytest.mark.parametrize("model", ["fiscalperiod", "exchangerate", "taxcode", "auditevent"])
def test_read_only_models_cannot_be_added(in_acme: Client, model: str) -> None:
    assert in_acme.get(f"/admin/ledger/{model}/add/").status_code == 403


def test_an_audit_event_is_shown_but_not_editable(in_acme: Client, acme_books: None) -> None:
    event = AuditEvent.objects.first()
    assert event is not None

    page = in_acme.get(f"/admin/ledger/auditevent/{event.pk}/change/")

    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert in_acme.post(f"/admin/ledger/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403


# --- the admin's log ------------------------------------------------------------------------------


def test_each_companys_admin_history_shows_only_its_own_changes(admin_client: Client, books: None) -> None:
    with tenant_context("acme"):
        account = Account.objects.get(code="9900")
    admin_client.post("/admin/company/", {"company": "acme"})
    admin_client.post(
        f"/admin/ledger/account/{account.pk}/change/",
        {"name": "Acme renamed", "parent": "", "currency": "", "is_active": "on"},
    )
    # An entry about foo's account with the same id (ids repeat across companies' databases).
    LogEntry.objects.create(
        user=get_user_model().objects.get(username="admin"),
        content_type=ContentType.objects.get_for_model(Account),
        object_id=str(account.pk),
        object_repr="[foo] 9900 Foo only",
        action_flag=CHANGE,
        change_message="Foo's own change",
    )

    history = admin_client.get(f"/admin/ledger/account/{account.pk}/history/").content.decode()
    index = admin_client.get("/admin/").content.decode()

    assert "1 entry" in history
    assert "Foo&#x27;s own change" not in history
    assert "[acme] 9900 Acme renamed" in index  # recent actions name the company
