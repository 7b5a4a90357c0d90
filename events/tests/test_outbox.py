"""The outbox: each change writes its event in its own transaction; cursors never skip a late commit."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from common.models import Company
from events import outbox
from events.models import Event
from ledger.models import Account
from ledger.services.accounts import account_create, account_update
from ledger.services.entries import journal_entry_create, journal_entry_post, journal_entry_reverse
from ledger.services.periods import period_close, period_for, period_reopen
from tenants.lifecycle.memberships import member_remove, member_set
from tenants.routing.context import tenant_context
from tenants.routing.db import tenant_atomic

from .conftest import ALICE, Post

JAN = date(2026, 1, 15)
LINES = [{"account": "1000", "debit": "5.00"}, {"account": "4000", "credit": "5.00"}]


def feed(after: int = 0) -> list[Event]:
    return outbox.events_after(after, limit=1000)


@pytest.mark.django_db(databases="__all__")
def test_posting_an_entry_writes_its_event(post: Post) -> None:
    entry = post(JAN, "1000", "4000", "12.00", reference="INV-7")
    [event] = feed()
    assert event.type == "entry.posted" and event.cursor == 1
    assert event.payload == {
        "id": entry.pk, "date": "2026-01-15", "reference": "INV-7", "kind": "regular", "source": "",
        "reversal_of": None, "posted_by": ALICE.id,
    }  # fmt: skip


@pytest.mark.django_db(databases="__all__")
def test_a_draft_writes_nothing_until_posted_and_a_reversal_writes_both(books: Company) -> None:
    draft = journal_entry_create(date=JAN, lines=LINES, actor=ALICE, post=False)
    assert feed() == []
    journal_entry_post(entry=draft, actor=ALICE)
    reversal = journal_entry_reverse(entry=draft, actor=ALICE)
    types = [(e.type, e.payload["id"]) for e in feed()]
    assert types == [("entry.posted", draft.pk), ("entry.posted", reversal.pk), ("entry.reversed", draft.pk)]
    assert feed()[-1].payload["reversed_by"] == reversal.pk


@pytest.mark.django_db(databases="__all__")
def test_a_change_rolled_back_leaves_no_event(books: Company) -> None:
    with pytest.raises(RuntimeError), tenant_atomic():
        journal_entry_create(date=JAN, lines=LINES, actor=ALICE, post=True)
        account_create(code="1999", name="Petty", type="asset", actor=ALICE)
        raise RuntimeError("the request failed later")
    assert feed() == []


@pytest.mark.django_db(databases="__all__")
def test_periods_and_accounts_write_their_events(books: Company) -> None:
    period = period_for(JAN, actor=ALICE)
    period_close(period=period, actor=ALICE)
    period_reopen(period=period, actor=ALICE, reason="late invoice")
    account = account_create(code="1999", name="Petty", type="asset", actor=ALICE)
    account_update(account=account, actor=ALICE, name="Petty cash")
    got = [(e.type, e.payload.get("id")) for e in feed()]
    assert got == [
        ("period.closed", period.pk), ("period.reopened", period.pk),
        ("account.created", account.pk), ("account.updated", account.pk),
    ]  # fmt: skip
    assert feed()[1].payload["reason"] == "late invoice"
    assert feed()[3].payload["changed"] == ["name"]
    assert Account.objects.get(pk=account.pk).name == "Petty cash"


@pytest.mark.django_db(databases="__all__")
def test_membership_changes_reach_the_companys_outbox_once(books: Company, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user("bob")
    member_set(company=books, user=user, role="viewer")
    member_set(company=books, user=user, role="accountant")
    member_remove(company=books, user=user)
    first = [(e.type, e.payload["username"], e.payload["role"]) for e in feed()]
    assert first == [
        ("member.added", "bob", "viewer"), ("member.role_changed", "bob", "accountant"),
        ("member.removed", "bob", None),
    ]  # fmt: skip
    assert outbox.sequence() == 0 and len(feed()) == 3


@pytest.mark.django_db(databases="__all__")
def test_another_companys_changes_stay_in_its_own_outbox(post: Post, foo: Company) -> None:
    post(JAN, "1000", "4000", "1.00")
    with tenant_context(foo):
        assert feed() == []
    assert len(feed()) == 1


@pytest.mark.django_db(databases="__all__")
def test_the_feed_resumes_after_a_cursor_and_pruning_keeps_the_retention(post: Post) -> None:
    for n in range(3):
        post(JAN, "1000", "4000", f"{n + 1}.00")
    assert [e.cursor for e in feed(after=1)] == [2, 3]
    Event.objects.filter(cursor=1).update(
        occurred_at=timezone.now() - outbox.retention() - timedelta(hours=1)
    )
    assert outbox.prune() == 1
    assert [e.cursor for e in feed()] == [2, 3]
    post(JAN, "1000", "4000", "9.00")
    assert [e.cursor for e in feed(after=3)] == [4]


def test_a_transaction_that_commits_late_gets_a_later_cursor(race: Company) -> None:
    """Ids are taken at insert; a reader that had gone past a late committer's id would skip it.
    Cursors are given after the commit, so the late event comes after the cursor already read."""
    inserted, release, done = threading.Event(), threading.Event(), threading.Event()

    def slow() -> None:
        with tenant_context(race), tenant_atomic():
            outbox.emit("account.created", {"id": "early id, late commit"})
            inserted.set()
            release.wait(10)
        done.set()

    thread = threading.Thread(target=slow)
    thread.start()
    try:
        assert inserted.wait(10)
        with tenant_context(race):
            outbox.emit("account.created", {"id": "late id, early commit"})
            first = feed()
            assert [e.payload["id"] for e in first] == ["late id, early commit"]
            release.set()
            assert done.wait(10)
            later = feed(after=first[-1].cursor or 0)
            assert [e.payload["id"] for e in later] == ["early id, late commit"]
    finally:
        release.set()
        thread.join()
