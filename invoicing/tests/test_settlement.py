"""A bank statement line settles open documents: suggestions, the settle action end to end,
partial and over-payments, refusals, auto-match, isolation and roles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

import pytest

from bank.dedup import dedup_keys
from bank.models import BankAccount, Match, Statement, StatementLine
from bank.services.accounts import bank_account_create
from bank.services.automatch import auto_match
from common.models import Company
from invoicing.integrity import control_account_problems
from invoicing.models import Contact, Document, Payment
from invoicing.services.documents import DocumentData, document_create
from invoicing.settlement.suggestions import suggest
from ledger.api.tests.support import assert_error
from ledger.models import AuditEvent, JournalLine
from tenants.routing.context import tenant_context

from .conftest import ALICE

pytestmark = pytest.mark.django_db(databases="__all__")
BASE = "/t/acme/api/v1"
D = Decimal
_files = count(1)


class _Parsed:
    def __init__(self, day: date, amount: str, name: str, reference: str, description: str) -> None:
        self.booking_date, self.amount, self.counterparty_name = day, D(amount), name
        self.reference, self.description, self.transaction_id = reference, description, ""


def add_line(
    account: BankAccount, amount: str, name: str = "", reference: str = "", description: str = "",
    day: date = date(2026, 2, 20),
) -> StatementLine:  # fmt: skip
    """One statement line stored as an import would store it."""
    parsed = _Parsed(day, amount, name, reference, description)
    statement = Statement.objects.create(
        bank_account=account, format="test", file_hash=f"h{next(_files)}", lines_total=1
    )
    return StatementLine.objects.create(
        statement=statement, bank_account=account, booking_date=day, amount=parsed.amount,
        currency_id=account.currency_id, counterparty_name=name, reference=reference,
        description=description, dedup_key=next(iter(dedup_keys([parsed]))),
    )  # fmt: skip


def issue(
    contact: Contact, amount: str, *, kind: str = "invoice", currency: str = "USD", **extra: Any
) -> Document:
    data = DocumentData(
        kind=kind, contact=contact, issue_date=date(2026, 2, 10), currency=currency,
        lines=[{"description": "Work", "unit_price": amount, "account": "6400" if kind == "bill" else None}],
        **extra,
    )  # fmt: skip
    return document_create(data=data, actor=ALICE, issue=True)


@pytest.fixture
def usd(books: Company) -> BankAccount:
    return bank_account_create(
        account="1120", name="Current", account_number="111", currency="USD", actor=ALICE
    )


@pytest.fixture
def umbrella(books: Company) -> Contact:
    return Contact.objects.create(name="Umbrella Corporation", is_customer=True)


def settle(client: Any, line: StatementLine, documents: list[dict[str, Any]], **extra: Any) -> Any:
    return client.post(
        f"{BASE}/statement-lines/{line.pk}/settle/", {"documents": documents, **extra}, format="json"
    )


# --- suggestions -----------------------------------------------------------------------------


def test_the_document_named_with_its_amount_and_payer_ranks_first(usd, customer, umbrella):
    named = issue(customer, "240.00")
    same_amount = issue(umbrella, "240.00")
    other = issue(customer, "99.00")
    line = add_line(usd, "240.00", "GLOBEX LTD", named.number, "Thanks")
    ranked = suggest([line])[line.pk]
    first = ranked[0]
    assert [d.id for d in first.documents] == [named.pk]
    assert first.reasons == ("amount", "reference", "counterparty") and first.exact_single
    assert first.allocations == (D("240.00"),)
    ids = [[d.id for d in s.documents] for s in ranked]
    assert [same_amount.pk] in ids  # the same amount alone: offered, ranked below
    assert ranked[ids.index([same_amount.pk])].reasons == ("amount",)
    assert [other.pk] in ids  # the payer's other invoice: a partial payment, ranked lower
    assert ranked[ids.index([other.pk])].score < first.score


def test_a_sum_of_one_contacts_open_documents_is_offered_as_one(usd, customer, umbrella):
    first, second = issue(customer, "100.00"), issue(customer, "50.00")
    issue(umbrella, "150.00")
    line = add_line(usd, "150.00", "Globex")
    ranked = suggest([line])[line.pk]
    group = next(s for s in ranked if len(s.documents) == 2)
    assert {d.id for d in group.documents} == {first.pk, second.pk}
    assert set(group.reasons) == {"amount", "counterparty"}
    assert group.score == ranked[0].score


def test_a_number_is_a_whole_token_and_a_vendor_reference_counts(usd, customer, vendor):
    issue(customer, "10.00")  # INV-2026-0001
    bill = issue(vendor, "75.00", kind="bill", vendor_reference="ACME-7781")
    line = add_line(usd, "-75.00", "", "", "Payment acme-7781 INV-2026-00011")
    ranked = suggest([line])[line.pk]
    assert [[d.id for d in s.documents] for s in ranked] == [[bill.pk]]  # money out: no invoices
    assert ranked[0].exact_single


def test_the_api_lists_suggestions_and_none_once_the_line_is_matched(users, client_for, usd, customer):
    inv = issue(customer, "240.00")
    line = add_line(usd, "240.00", "Globex Ltd", inv.number)
    vera = client_for(users["viewer"])
    answer = vera.get(f"{BASE}/statement-lines/{line.pk}/document-suggestions/")
    assert answer.status_code == 200, answer.json()
    top = answer.json()["results"][0]
    assert (top["contact"], top["amount"], top["reasons"]) == (
        customer.pk,
        "240.00",
        ["amount", "reference", "counterparty"],
    )
    assert top["documents"] == [
        {"document": inv.pk, "kind": "invoice", "number": inv.number, "vendor_reference": "",
         "due_date": "2026-02-24", "open_amount": "240.00", "amount": "240.00"}
    ]  # fmt: skip
    assert settle(client_for(users["accountant"]), line, [{"document": inv.pk}]).status_code == 201
    assert vera.get(f"{BASE}/statement-lines/{line.pk}/document-suggestions/").json() == {
        "count": 0,
        "results": [],
    }


# --- settle ----------------------------------------------------------------------------------


def test_a_line_settles_an_invoice_and_is_matched_in_one_call(users, client_for, usd, customer):
    inv = issue(customer, "240.00")
    line = add_line(usd, "240.00", "GLOBEX LTD", inv.number)
    answer = settle(client_for(users["accountant"]), line, [{"document": inv.pk, "amount": "240.00"}])
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    payment = Payment.objects.get()
    assert (
        body["payment"]["id"] == payment.pk
        and body["payment"]["allocations"][0]["settled_with"] == inv.number
    )
    assert (body["line"]["status"], body["line"]["entries"]) == ("matched", [payment.entry_id])
    assert (payment.direction, payment.party, payment.date, payment.amount) == (
        "received", "customer", date(2026, 2, 20), D("240.00")
    )  # fmt: skip
    moved = JournalLine.objects.filter(entry=payment.entry).values_list("account__code", "side", "amount")
    assert sorted(moved) == [("1120", "D", D("240.00")), ("1200", "C", D("240.00"))]
    inv.refresh_from_db()
    assert (inv.status, inv.open_amount) == ("paid", D(0))
    assert control_account_problems() == []
    assert AuditEvent.objects.filter(action="bank_settle", object_id=str(payment.pk)).exists()


def test_a_partial_payment_leaves_the_rest_open(users, client_for, usd, customer):
    inv = issue(customer, "240.00")
    line = add_line(usd, "100.00", "Globex")
    assert settle(client_for(users["accountant"]), line, [{"document": inv.pk}]).status_code == 201
    inv.refresh_from_db()
    assert (inv.status, inv.open_amount) == ("partly_paid", D("140.00"))
    assert control_account_problems() == []


def test_an_over_payment_stays_a_credit_of_the_customer(users, client_for, usd, customer):
    first, second = issue(customer, "100.00"), issue(customer, "50.00")
    line = add_line(usd, "200.00", "Globex")
    answer = settle(client_for(users["accountant"]), line, [{"document": first.pk}, {"document": second.pk}])
    assert answer.status_code == 201, answer.json()
    assert answer.json()["payment"]["open_amount"] == "50.00"
    assert set(Document.objects.values_list("status", flat=True)) == {"paid"}
    assert control_account_problems() == []


def test_a_bill_is_paid_by_money_out_and_a_bare_receipt_is_a_credit(users, client_for, usd, vendor, customer):
    bill = issue(vendor, "75.00", kind="bill", vendor_reference="V-1")
    alan = client_for(users["accountant"])
    paid = settle(alan, add_line(usd, "-75.00", "INITECH"), [{"document": bill.pk}])
    assert paid.status_code == 201, paid.json()
    assert (paid.json()["payment"]["direction"], paid.json()["payment"]["party"]) == ("paid", "vendor")
    credit = settle(alan, add_line(usd, "30.00", "GLOBEX"), [], contact=customer.pk)
    assert credit.status_code == 201, credit.json()
    assert (credit.json()["payment"]["party"], credit.json()["payment"]["open_amount"]) == (
        "customer",
        "30.00",
    )
    assert control_account_problems() == []


def test_a_euro_line_settles_a_euro_invoice_with_the_realised_difference(users, client_for, customer):
    eur = bank_account_create(account="1140", name="EUR", account_number="222", currency="EUR", actor=ALICE)
    inv = issue(customer, "1000.00", currency="EUR")  # at 1.10 in February
    line = add_line(eur, "1000.00", "Globex", inv.number, day=date(2026, 3, 5))  # 1.20 in March
    answer = settle(client_for(users["accountant"]), line, [{"document": inv.pk}])
    assert answer.status_code == 201, answer.json()
    fx = JournalLine.objects.get(entry_id=answer.json()["payment"]["entry"], account__code="4950")
    assert (fx.side, fx.amount) == ("C", D("100.00"))
    assert control_account_problems() == []


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("matched", 409, "line_not_unmatched"),
        ("euro invoice", 400, "allocation_mismatch"),
        ("bill for money in", 400, "allocation_mismatch"),
        ("more than the line", 400, "over_allocation"),
        ("more than open", 400, "over_allocation"),
        ("two contacts", 400, "allocation_mismatch"),
        ("unknown document", 400, "allocation_mismatch"),
        ("no contact", 400, "allocation_mismatch"),
        ("float", 400, "float_amount"),
        ("huge id", 400, "max_value"),
    ],
)
def test_refusals_answer_in_the_error_shape_and_write_nothing(
    users, client_for, usd, customer, umbrella, vendor, case, status, code
):
    inv = issue(customer, "100.00")
    line = add_line(usd, "100.00", "Globex")
    cases: dict[str, list[dict[str, Any]]] = {
        "matched": [{"document": inv.pk}],
        "euro invoice": [{"document": issue(customer, "100.00", currency="EUR").pk}],
        "bill for money in": [{"document": issue(vendor, "100.00", kind="bill").pk}],
        "more than the line": [
            {"document": inv.pk, "amount": "60.00"},
            {"document": issue(customer, "90.00").pk, "amount": "50.00"},
        ],
        "more than open": [{"document": issue(customer, "20.00").pk, "amount": "30.00"}],
        "two contacts": [{"document": inv.pk, "amount": "50.00"}, {"document": issue(umbrella, "50.00").pk}],
        "unknown document": [{"document": 999999}],
        "no contact": [],
        "float": [{"document": inv.pk, "amount": 10.5}],
        "huge id": [{"document": 2**70}],
    }  # fmt: skip
    documents = cases[case]
    alan = client_for(users["accountant"])
    if case == "matched":
        StatementLine.objects.filter(pk=line.pk).update(status="ignored", ignore_reason="x")
    payments, events = Payment.objects.count(), AuditEvent.objects.count()
    assert_error(settle(alan, line, documents), status, code)
    assert (Payment.objects.count(), AuditEvent.objects.count()) == (payments, events)
    line.refresh_from_db()
    assert line.status == ("ignored" if case == "matched" else "unmatched")
    assert control_account_problems() == []


def test_a_line_already_settled_is_refused_the_second_time(users, client_for, usd, customer):
    inv = issue(customer, "100.00")
    line = add_line(usd, "100.00", "Globex")
    alan = client_for(users["accountant"])
    assert settle(alan, line, [{"document": inv.pk, "amount": "50.00"}]).status_code == 201
    assert_error(settle(alan, line, [{"document": inv.pk, "amount": "50.00"}]), 409, "line_not_unmatched")
    assert Payment.objects.count() == 1


# --- auto-match ------------------------------------------------------------------------------


def test_auto_match_settles_only_the_clear_single_document(usd, customer, umbrella):
    clear = issue(customer, "240.00")
    twin_a, twin_b = issue(umbrella, "75.00"), issue(umbrella, "75.00")
    partial = issue(customer, "500.00")
    lines = {
        "clear": add_line(usd, "240.00", "GLOBEX", clear.number),
        "twins": add_line(usd, "75.00", "UMBRELLA CORPORATION"),  # which of the two? a person knows
        "partial": add_line(usd, "200.00", "GLOBEX", partial.number),  # amount differs
        "both": add_line(usd, "150.00", "X", f"{twin_a.number} {twin_b.number}"),  # two documents
    }
    dry = auto_match(bank_account=usd, actor=ALICE, dry_run=True)
    assert (dry.settled, [a.document_id for a in dry.actions]) == (1, [clear.pk])
    assert not Payment.objects.exists()
    result = auto_match(bank_account=usd, actor=ALICE)
    assert (result.settled, result.matched, result.left) == (1, 0, 3)
    assert "settled 1 against documents" in result.summary
    line = StatementLine.objects.get(pk=lines["clear"].pk)
    assert line.status == "matched" and line.match is not None and line.match.kind == Match.Kind.AUTO
    assert [m.entry_id for m in line.match.entries.all()] == [Payment.objects.get().entry_id]
    clear.refresh_from_db()
    assert clear.status == "paid"
    assert StatementLine.objects.filter(status="unmatched").count() == 3
    assert control_account_problems() == []


def test_auto_match_leaves_a_line_whose_payment_is_already_booked(usd, customer):
    from invoicing.services.payments import payment_create

    inv = issue(customer, "240.00")
    other = issue(customer, "240.00")
    payment_create(
        direction="received", party="customer", contact=customer, date=date(2026, 2, 20), account="1120",
        amount="240.00", allocations=[{"document": other.pk, "amount": "240.00"}], actor=ALICE,
    )  # fmt: skip
    add_line(usd, "240.00", "GLOBEX", inv.number)  # an entry of the amount exists: not sure enough
    result = auto_match(bank_account=usd, actor=ALICE)
    assert result.settled == 0 and Payment.objects.count() == 1


# --- isolation and roles ---------------------------------------------------------------------


@pytest.mark.parametrize(("role", "may_settle"), [("viewer", False), ("accountant", True), ("owner", True)])
def test_every_role_reads_suggestions_and_accountants_settle(
    users, client_for, usd, customer, role, may_settle
):
    inv = issue(customer, "100.00")
    line = add_line(usd, "100.00", "Globex")
    client = client_for(users[role])
    assert client.get(f"{BASE}/statement-lines/{line.pk}/document-suggestions/").status_code == 200
    answer = settle(client, line, [{"document": inv.pk}])
    if may_settle:
        assert answer.status_code == 201, answer.json()
    else:
        assert_error(answer, 403)
        assert not Payment.objects.exists()


def test_a_member_of_another_company_gets_nothing(users, client_for, usd, customer, foo):
    inv = issue(customer, "100.00")
    line = add_line(usd, "100.00", "Globex")
    mallory = client_for(users["non-member"])  # foo's owner
    assert_error(mallory.get(f"{BASE}/statement-lines/{line.pk}/document-suggestions/"), 404)
    assert_error(settle(mallory, line, [{"document": inv.pk}]), 404)
    with tenant_context(foo):
        from ledger.seed import seed_tenant

        seed_tenant(company=foo)
    own = f"/t/foo/api/v1/statement-lines/{line.pk}"
    assert_error(mallory.get(f"{own}/document-suggestions/"), 404)
    assert_error(mallory.post(f"{own}/settle/", {"documents": [{"document": inv.pk}]}, format="json"), 404)
    line.refresh_from_db()
    assert line.status == "unmatched" and not Payment.objects.exists()
