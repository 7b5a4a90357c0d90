"""A smoke test of one company's books on its real database, rolled back at the end.

After a deploy, a migration or a move, an operator wants to know that each company's books still
take writes, not only that its tables exist. This runs the write path end to end: an account
created, renamed and deleted, a draft entry created, edited and deleted, a balanced entry posted
and reversed, the trial balance read. All of it happens in one transaction on the company's
database. The commit-time checks (balance, gapless number, hash chain) are fired before the end
with `settle_deferred_checks`, then the transaction is rolled back: the books keep nothing (only
id sequences move on, which PostgreSQL never rolls back).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from common.errors import DomainError, first_line
from tenants.routing.context import current_alias

from .actor import Actor
from .models import Account, JournalEntry
from .reports import trial_balance
from .services.accounts import account_create, account_delete, account_update
from .services.entries import (
    journal_entry_create,
    journal_entry_delete_draft,
    journal_entry_post,
    journal_entry_reverse,
    journal_entry_update_draft,
)
from .services.reference import invalidate
from .services.writing import settle_deferred_checks

ACTOR = Actor.system("smoke_books")
ASSET, INCOME = "SMOKE-ASSET", "SMOKE-INCOME"


class SmokeFailed(DomainError):
    code = "smoke_failed"
    status_code = 500


class _RollBack(Exception):
    """Raised to leave the transaction with a rollback once every step passed."""


def books_smoke_test(*, day: date | None = None, on_step: Callable[[str], None] | None = None) -> list[str]:
    """Run the steps in the active company and roll them back; return the steps done.

    SmokeFailed (one line, naming the step) at the first step that fails or reads back wrong.
    """
    alias = current_alias()
    day = day or timezone.localdate()
    done: list[str] = []

    def step(name: str) -> None:
        done.append(name)
        if on_step:
            on_step(name)

    try:
        with transaction.atomic(using=alias):
            _steps(day, step)
            settle_deferred_checks(alias)
            step("commit-time checks (balance, number, hash chain)")
            raise _RollBack
    except _RollBack:
        pass
    except Exception as exc:
        current = f" after {done[-1]!r}" if done else ""
        raise SmokeFailed(f"{type(exc).__name__}{current}: {first_line(exc)}") from exc
    finally:
        invalidate(alias)  # cached reference data may have seen the smoke accounts
    return done


def _steps(day: date, step: Callable[[str], None]) -> None:
    asset = account_create(code=ASSET, name="Smoke test asset", type=Account.Type.ASSET, actor=ACTOR)
    account_create(code=INCOME, name="Smoke test income", type=Account.Type.INCOME, actor=ACTOR)
    spare = account_create(
        code="SMOKE-SPARE", name="Smoke test spare", type=Account.Type.EXPENSE, actor=ACTOR
    )
    step("create accounts")
    account_update(account=spare, name="Smoke test spare, renamed", actor=ACTOR)
    _expect(
        Account.objects.get(pk=spare.pk).name == "Smoke test spare, renamed", "the renamed account reads back"
    )
    account_delete(account=spare, actor=ACTOR)
    _expect(not Account.objects.filter(pk=spare.pk).exists(), "the deleted account is gone")
    step("update and delete an account")

    lines = _lines("12.34")
    draft = journal_entry_create(date=day, lines=lines, actor=ACTOR, memo="smoke draft")
    draft = journal_entry_update_draft(
        entry=draft, date=day, lines=_lines("56.78"), actor=ACTOR, memo="edited"
    )
    _expect(JournalEntry.objects.get(pk=draft.pk).memo == "edited", "the edited draft reads back")
    journal_entry_delete_draft(entry=draft, actor=ACTOR)
    _expect(not JournalEntry.objects.filter(pk=draft.pk).exists(), "the deleted draft is gone")
    step("create, update and delete a draft entry")

    before = _balance(asset, day)
    posted = journal_entry_create(date=day, lines=lines, actor=ACTOR, memo="smoke posting")
    posted = journal_entry_post(entry=posted, actor=ACTOR)
    _expect(posted.status == JournalEntry.Status.POSTED, "the entry is posted")
    _expect(_balance(asset, day) == before + Decimal("12.34"), "the posting shows in the trial balance")
    step("post an entry")
    journal_entry_reverse(entry=posted, actor=ACTOR, date=day)
    _expect(_balance(asset, day) == before, "the reversal cancels the posting")
    report = trial_balance(day)
    _expect(report.totals["net"] == 0, "the trial balance balances")
    step("reverse it and read the trial balance")


def _lines(amount: str) -> list[dict[str, str]]:
    return [{"account": ASSET, "debit": amount}, {"account": INCOME, "credit": amount}]


def _balance(account: Account, day: date) -> Decimal:
    row = next((r for r in trial_balance(day).rows if r.code == account.code), None)
    return row.net if row is not None else Decimal(0)


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailed(f"Expected {what}, but it did not.")
