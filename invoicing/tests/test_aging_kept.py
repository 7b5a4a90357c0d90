"""The aging report read from its kept figures equals a straightforward computation from the items,
on random books (partial payments, credit notes, refunds, unallocated money, two currencies, both
sides), as of today and as of past days, before and after more changes land on a kept day."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connections
from django.utils import timezone

from invoicing import tasks
from invoicing.integrity import aging_problems
from invoicing.models import AgingDay, AgingKept, Allocation, Contact, Document, Payment
from invoicing.reports import BUCKETS, SIDES, aging, aging_forget, bucket_of
from invoicing.services.documents import document_credit
from invoicing.services.payments import payment_allocate
from jobs.models import Job
from jobs.testing import run_pending
from tenants.routing.context import current_alias
from tenants.testing import tenant_db

from .conftest import ALICE
from .test_aging import issue, pay

pytestmark = tenant_db
ZERO = Decimal(0)
FIRST = date(2026, 1, 5)
CENT = Decimal("0.01")


def reference(side: str, day: date) -> dict[tuple[int | None, str], dict[str, Decimal]]:
    """Each contact's and currency's figures, item by item: an item counts from its date with its
    total less what was allocated by `day` (an allocation counts from its `happened_on`); its base
    value is today's booked open value plus its share of what was allocated after `day`."""
    spec = SIDES[side]
    allocations = list(Allocation.objects.all())
    rows: dict[tuple[int | None, str], dict[str, Decimal]] = {}

    def add(
        item: Document | Payment,
        owed: bool,
        total: Decimal,
        base_whole: Decimal,
        dated: date,
        due: date,
        pick: Callable[..., bool],
    ) -> None:
        settled = sum((a.amount for a in allocations if pick(a) and a.happened_on <= day), ZERO)
        later = sum((a.amount for a in allocations if pick(a) and a.happened_on > day), ZERO)
        still = total - settled
        if dated > day or still <= 0:
            return
        base = (item.base_open if item.open_amount > 0 else ZERO) + (later * base_whole / total).quantize(
            CENT, ROUND_HALF_UP
        )
        row = rows.setdefault((item.contact_id, item.currency_id), defaultdict(Decimal))
        row["credits" if not owed else bucket_of((day - due).days)] += still if owed else -still
        row["base_total"] += base if owed else -base

    for doc in Document.objects.filter(kind__in=spec.kinds).exclude(status="draft"):
        add(doc, doc.kind == spec.owed_kind, doc.total, doc.base_total, doc.issue_date, doc.due_date,
            lambda a, pk=doc.pk: pk in (a.debit_document_id, a.credit_document_id))  # fmt: skip
    for money in Payment.objects.filter(party=spec.party):
        add(money, money.direction == spec.owed_direction, money.amount, money.base_amount, money.date,
            money.date, lambda a, pk=money.pk: pk in (a.debit_payment_id, a.credit_payment_id))  # fmt: skip
    return {key: {k: v for k, v in row.items() if v} for key, row in rows.items()}


def reported(side: str, day: date) -> dict[tuple[int | None, str], dict[str, Decimal]]:
    report = aging(side, day)
    found = {}
    for row in report.rows:
        figures = {name: getattr(row, name) for name in (*BUCKETS, "credits", "base_total")}
        assert row.total == sum((figures[n] for n in (*BUCKETS, "credits")), ZERO)
        found[(row.contact, row.currency)] = {k: v for k, v in figures.items() if v}
    for total in report.currencies:  # each currency's total is its rows' sum
        assert total.total == sum((r.total for r in report.rows if r.currency == total.currency), ZERO)
    return found


def random_books(rng: random.Random, contacts: list[Contact], documents: int) -> None:
    """Invoices and bills in USD and EUR, credit notes, payments in part, in full, ahead of the
    documents they settle and unallocated, refunds, and allocations made later."""
    open_docs: list[Document] = []
    for _ in range(documents):
        contact = rng.choice(contacts)
        kind = "bill" if contact.is_vendor and rng.random() < 0.4 else "invoice"
        issued = FIRST + timedelta(days=rng.randrange(170))
        amount = f"{rng.randrange(1000, 90000) / 100:.2f}"
        currency = "EUR" if rng.random() < 0.3 else "USD"
        doc = issue(contact, amount, issued, issued + timedelta(days=rng.choice((0, 14, 30, 60))),
                    kind=kind, currency=currency)  # fmt: skip
        open_docs.append(doc)
        roll = rng.random()
        sales = kind == "invoice"
        account = "1140" if currency == "EUR" else "1120"
        side: dict[str, Any] = {
            "currency": currency,
            "direction": "received" if sales else "paid",
            "party": "customer" if sales else "vendor",
        }
        if roll < 0.25:  # paid in part, maybe weeks later
            part = (doc.total * Decimal(rng.choice(("0.25", "0.5", "1")))).quantize(CENT)
            day = issued + timedelta(days=rng.randrange(60))
            pay(contact, str(part), day, [{"document": doc.pk, "amount": str(part)}], account=account, **side)
        elif roll < 0.35 and sales:  # credited in part
            document_credit(document=doc, actor=ALICE, issue_date=issued + timedelta(days=rng.randrange(30)),
                            lines=[{"description": "Discount", "unit_price": "5.00"}])  # fmt: skip
        elif roll < 0.45:  # money ahead of the document, allocated on a later day
            ahead = issued - timedelta(days=rng.randrange(1, 20))
            money = pay(contact, str(doc.total), ahead, account=account, **side)
            payment_allocate(payment=money, allocations=[{"document": doc.pk, "amount": str(doc.total)}],
                             actor=ALICE, date=issued + timedelta(days=rng.randrange(40)))  # fmt: skip
        elif roll < 0.5:  # unallocated money (a credit), or a refund owed to the customer
            direction = side["direction"] if rng.random() < 0.7 else ("paid" if sales else "received")
            pay(
                contact,
                "12.34",
                issued,
                account=account,
                currency=currency,
                direction=direction,
                party=side["party"],
            )


def days_to_check(rng: random.Random) -> list[date]:
    return [
        date(2026, 6, 30),
        date(2026, 1, 4),
        *(FIRST + timedelta(days=rng.randrange(200)) for _ in range(4)),
    ]


def test_kept_figures_equal_the_items_on_random_books_before_and_after_changes(books):
    rng = random.Random(1207)  # noqa: S311 (reproducible test data)
    contacts = [
        Contact.objects.create(name=name, is_customer=True, is_vendor=vendor, payment_terms_days=30)
        for name, vendor in (("Umbrella", False), ("Globex", True), ("acme sub", False), ("Initech", True))
    ]
    random_books(rng, contacts, 24)
    days = days_to_check(rng)
    for side in SIDES:
        for day in days:
            assert reported(side, day) == reference(side, day), (side, day)
    assert AgingDay.objects.count() == 2 * len(days) and aging_problems() == []

    # More on the kept days: new documents and payments, a later allocation, a new contact.
    contacts.append(Contact.objects.create(name="Hooli", is_customer=True, payment_terms_days=30))
    random_books(rng, contacts, 10)
    money = pay(contacts[0], "50.00", date(2026, 2, 1))
    target = Document.objects.filter(
        contact=contacts[0], kind="invoice", currency="USD", open_amount__gte=50
    ).first()
    assert target is not None
    payment_allocate(payment=money, allocations=[{"document": target.pk, "amount": "50.00"}], actor=ALICE,
                     date=date(2026, 6, 1))  # fmt: skip
    for side in SIDES:
        for day in days:
            assert reported(side, day) == reference(side, day), (side, day)


def test_a_change_made_with_the_triggers_off_needs_aging_forget(books, customer):
    issue(customer, "100.00", date(2026, 6, 1), date(2026, 6, 15))
    assert aging("receivables", date(2026, 6, 30)).rows[0].total == Decimal("100.00")
    with connections[current_alias()].cursor() as cursor:  # what a bulk load does
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("UPDATE invoicing_document SET open_amount = 40, base_open = 40")
        cursor.execute("SET session_replication_role = origin")
    assert aging("receivables", date(2026, 6, 30)).rows[0].total == Decimal("100.00")  # kept, stale

    (problem,) = aging_problems()
    assert problem == (
        f"aging receivables 2026-06-30 contact {customer.pk} USD: kept 0 100.0000 0 0 0 0 100.0000,"
        " the items say 0 40.0000 0 0 0 0 40.0000"
    )

    aging_forget()

    assert AgingKept.objects.count() == 0 and aging_problems() == []
    assert aging("receivables", date(2026, 6, 30)).rows[0].total == Decimal("40.00")


def test_only_the_changed_contact_is_computed_again(books, customer):
    other = Contact.objects.create(name="Acme Corp", is_customer=True, payment_terms_days=30)
    issue(customer, "100.00", date(2026, 6, 1), date(2026, 6, 15))
    issue(other, "70.00", date(2026, 6, 1), date(2026, 6, 15))
    june_30 = date(2026, 6, 30)
    aging("receivables", june_30)
    kept = {k.contact_id: k.version for k in AgingKept.objects.filter(day=june_30)}

    issue(customer, "5.00", date(2026, 6, 20), date(2026, 7, 20))
    report = aging("receivables", june_30)

    assert [(r.name, r.total) for r in report.rows] == [("Acme Corp", Decimal("70.00")),
                                                        ("Globex Ltd", Decimal("105.00"))]  # fmt: skip
    now = {k.contact_id: k.version for k in AgingKept.objects.filter(day=june_30)}
    assert now[other.pk] == kept[other.pk] and now[customer.pk] != kept[customer.pk]


def test_the_nightly_job_keeps_the_new_day_so_its_first_report_only_reads(books, customer):
    issue(customer, "100.00", FIRST, FIRST + timedelta(days=30))
    today = timezone.localdate()

    tasks.tick(0)
    job = Job.objects.get(task=tasks.KEEP_AGING, company__slug="acme")
    Job.objects.exclude(pk=job.pk).delete()  # the other test companies' jobs are not this test's
    run_pending()

    job.refresh_from_db()
    assert (job.status, job.result) == (
        "succeeded",
        {"day": today.isoformat(), "receivables": 1, "payables": 0},
    )
    assert set(AgingDay.objects.filter(day=today).values_list("side", flat=True)) == set(SIDES)
    kept = AgingKept.objects.get(side="receivables", day=today, contact_id=customer.pk)
    report = aging("receivables", today)
    assert [(r.contact, r.over_90) for r in report.rows] == [(customer.pk, Decimal("100.00"))]
    assert AgingKept.objects.get(pk=kept.pk).rows == kept.rows  # read, not computed again
