"""The sales and purchases endpoints: the flows a user follows, errors, roles and isolation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connections, transaction

from common.models import Company
from invoicing.models import Contact, Document, Payment
from ledger.api.tests.support import assert_error
from tenants.routing.context import current_alias, tenant_context

pytestmark = pytest.mark.django_db(databases="__all__")
BASE = "/t/acme/api/v1"
LINE = {"description": "Consulting", "quantity": "2", "unit_price": "100.00", "tax_code": "VAT20"}


def new_invoice(client: Any, contact: int, **extra: Any) -> Any:
    body = {"contact": contact, "issue_date": "2026-02-10", "lines": [LINE], **extra}
    return client.post(f"{BASE}/invoices/", body, format="json")


def test_an_accountant_invoices_a_new_customer_and_records_the_payment(users, client_for, books):
    alan = client_for(users["accountant"])
    made = alan.post(f"{BASE}/contacts/", {"name": "Globex", "email": "ap@globex.test"}, format="json")
    assert made.status_code == 201, made.json()
    contact = made.json()["id"]
    draft = new_invoice(alan, contact)
    assert draft.status_code == 201, draft.json()
    assert draft.json()["status"] == "draft" and draft.json()["number"] == ""
    issued = alan.post(f"{BASE}/invoices/{draft.json()['id']}/issue/", {}, format="json")
    assert issued.status_code == 200, issued.json()
    body = issued.json()
    assert (body["number"], body["total"], body["tax_total"], body["open_amount"]) == (
        "INV-2026-0001", "240.00", "40.00", "240.00"
    )  # fmt: skip
    payment = {"direction": "received", "party": "customer", "contact": contact, "date": "2026-02-20"}
    allocations = [{"document": body["id"], "amount": "240.00"}]
    paid = alan.post(
        f"{BASE}/payments/",
        {**payment, "account": "1120", "amount": "240.00", "allocations": allocations},
        format="json",
    )
    assert paid.status_code == 201, paid.json()
    assert paid.json()["allocations"][0]["settled_with"] == "INV-2026-0001"
    after = alan.get(f"{BASE}/invoices/{body['id']}/").json()
    assert after["status"] == "paid" and after["open_amount"] == "0.00"
    listed = alan.get(f"{BASE}/invoices/?status=paid").json()["results"]
    assert [row["number"] for row in listed] == ["INV-2026-0001"]


def test_a_repeated_idempotency_key_returns_the_first_invoice(users, client_for, customer):
    alan = client_for(users["accountant"])
    headers = {"HTTP_IDEMPOTENCY_KEY": "inv-1"}
    body = {"contact": customer.pk, "issue_date": "2026-02-10", "lines": [LINE], "status": "issued"}
    first = alan.post(f"{BASE}/invoices/", body, format="json", **headers)
    again = alan.post(f"{BASE}/invoices/", body, format="json", **headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    other = alan.post(f"{BASE}/invoices/", {**body, "issue_date": "2026-02-11"}, format="json", **headers)
    assert_error(other, 409, "idempotency_conflict")
    assert Document.objects.filter(kind="invoice").count() == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"contact": 999, "issue_date": "2026-02-10", "lines": [LINE]}, 400, "invalid_input"),
        ({"issue_date": "2026-02-10", "lines": [LINE]}, 400, None),
        ({"contact": "{c}", "issue_date": "2026-02-10", "lines": []}, 400, None),
        (
            {"contact": "{c}", "issue_date": "2026-02-10", "lines": [{**LINE, "unit_price": 1.5}]},
            400,
            "float_amount",
        ),
        (
            {"contact": "{c}", "issue_date": "2026-02-10", "lines": [{**LINE, "tax_code": "NOPE"}]},
            400,
            "unknown_tax_code",
        ),
        (
            {"contact": "{c}", "issue_date": "2026-02-10", "lines": [{**LINE, "account": "1200"}]},
            400,
            "unknown_account",
        ),
        (
            {"contact": "{c}", "issue_date": "2026-02-10", "lines": [LINE], "currency": "XXQ"},
            400,
            "unknown_currency",
        ),
        (
            {"contact": "{c}", "issue_date": "2026-02-10", "due_date": "2026-01-01", "lines": [LINE]},
            400,
            "invalid_input",
        ),
        ({"contact": "{c}", "issue_date": "2099-02-10", "lines": [LINE], "status": "issued"}, None, None),
    ],
)
def test_bad_invoices_are_refused_in_the_error_shape_and_write_nothing(
    users, client_for, customer, body, status, code
):
    alan = client_for(users["accountant"])
    body = {k: customer.pk if v == "{c}" else v for k, v in body.items()}
    answer = alan.post(f"{BASE}/invoices/", body, format="json")
    if status is None:  # a year without periods yet: made on demand, so it issues
        assert answer.status_code in (201, 409), answer.json()
        return
    assert_error(answer, status, code)
    assert not Document.objects.exists()


def test_issued_documents_cannot_be_edited_or_deleted(users, client_for, customer):
    alan = client_for(users["accountant"])
    made = new_invoice(alan, customer.pk, status="issued").json()
    assert_error(alan.delete(f"{BASE}/invoices/{made['id']}/"), 409, "document_not_draft")
    body = {"contact": customer.pk, "issue_date": "2026-02-10", "lines": [LINE]}
    assert_error(alan.put(f"{BASE}/invoices/{made['id']}/", body, format="json"), 409, "document_not_draft")
    credited = alan.post(f"{BASE}/invoices/{made['id']}/credit/", {"issue_date": "2026-02-12"}, format="json")
    assert credited.status_code == 201, credited.json()
    assert credited.json()["kind"] == "credit_note" and credited.json()["original"] == made["id"]


PAYMENT = {
    "direction": "received",
    "party": "customer",
    "contact": "{c}",
    "date": "2026-02-12",
    "account": "1120",
}
ROLE_CASES: list[tuple[str, str, str, Any]] = [
    # (least role, method, path, body); {c} a contact, {d} a draft invoice, {i} an issued one, {p} a payment
    ("viewer", "get", "contacts/", None),
    ("viewer", "get", "contacts/{c}/", None),
    ("viewer", "get", "invoices/", None),
    ("viewer", "get", "invoices/{i}/", None),
    ("viewer", "get", "bills/", None),
    ("viewer", "get", "payments/", None),
    ("viewer", "get", "payments/{p}/", None),
    ("viewer", "get", "invoicing-settings/", None),
    ("viewer", "get", "document-series/", None),
    ("accountant", "post", "contacts/", {"name": "New"}),
    ("accountant", "patch", "contacts/{c}/", {"email": "x@y.test"}),
    ("accountant", "post", "invoices/", {"contact": "{c}", "issue_date": "2026-02-10", "lines": [LINE]}),
    ("accountant", "post", "invoices/{d}/issue/", {}),
    ("accountant", "post", "invoices/{i}/credit/", {"issue_date": "2026-02-11"}),
    ("accountant", "delete", "invoices/{d}/", None),
    (
        "accountant",
        "post",
        "payments/",
        {
            "direction": "received",
            "party": "customer",
            "contact": "{c}",
            "date": "2026-02-12",
            "account": "1120",
            "amount": "1.00",
        },
    ),
    (
        "accountant",
        "post",
        "payments/{p}/allocate/",
        {"date": "2026-02-12", "allocations": [{"document": "{i}", "amount": "1.00"}]},
    ),
    ("viewer", "get", "revaluations/", None),
    ("viewer", "post", "revaluations/preview/", {"as_of": "2026-02-28"}),
    ("accountant", "post", "revaluations/", {"as_of": "2026-02-28"}),
    ("viewer", "get", "invoicing-settings/logo/", None),
    ("owner", "patch", "invoicing-settings/", {"payment_details": "IBAN GB00"}),
    ("owner", "delete", "invoicing-settings/logo/", None),
    ("owner", "post", "document-series/", {"kind": "invoice", "year": 2027, "prefix": "F"}),
]
RANK = {"viewer": 0, "accountant": 1, "owner": 2}


@pytest.fixture
def world(books: Company, customer: Contact) -> dict[str, int]:
    from datetime import date

    from invoicing.services.documents import DocumentData, document_create
    from invoicing.services.payments import payment_create
    from invoicing.services.setup import logo_set

    from .conftest import ALICE
    from .test_company_details import PNG

    def doc(issue: bool) -> Document:
        data = DocumentData(kind="invoice", contact=customer, issue_date=date(2026, 2, 1), lines=[LINE])
        return document_create(data=data, actor=ALICE, issue=issue)

    issued, draft = doc(True), doc(False)
    logo_set(PNG)
    paid = payment_create(direction="received", party="customer", contact=customer, date=date(2026, 2, 5),
                          account="1120", amount="5.00", actor=ALICE)  # fmt: skip
    return {"c": customer.pk, "d": draft.pk, "i": issued.pk, "p": paid.pk}


def _fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str):
        for name, pk in ids.items():
            if value == "{" + name + "}":
                return pk
        return value.format(**ids) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


@contextmanager
def undone() -> Iterator[None]:
    """Run one call and undo what it wrote in both databases, so the next starts from the world."""
    with transaction.atomic(using="default"), transaction.atomic(using="tenant_acme"):
        yield
        transaction.set_rollback(True, using="tenant_acme")
        transaction.set_rollback(True, using="default")


def call(client: Any, case: tuple[str, str, str, Any], world: dict[str, int], prefix: str = BASE) -> Any:
    _, method, path, body = case
    return getattr(client, method)(f"{prefix}/{_fill(path, world)}", _fill(body, world), format="json")


@pytest.mark.parametrize("role", ["viewer", "accountant", "owner"])
def test_each_role_may_do_what_its_rank_allows(users, client_for, world, role):
    client = client_for(users[role])
    wrong = []
    for case in ROLE_CASES:
        with undone():
            answer = call(client, case, world)
        allowed = RANK[role] >= RANK[case[0]]
        if (answer.status_code < 300) != allowed or (not allowed and answer.status_code != 403):
            wrong.append((case[1], case[2], answer.status_code, answer.content[:200]))
    assert wrong == []


def test_a_member_of_another_company_gets_nothing(users, client_for, world, foo):
    mallory = client_for(users["non-member"])  # foo's owner
    with tenant_context(foo):
        from ledger.seed import seed_tenant

        seed_tenant(company=foo)  # foo's books are set up, empty
        # Ids are each company's own: a contact foo makes below could take the id of acme's
        # (sequences move on with every test). Past acme's ids, acme's ids name nothing in foo.
        with connections[current_alias()].cursor() as cursor:
            for model in (Contact, Document, Payment):
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [model._meta.db_table, max(world.values()) + 1000],
                )
    wrong = []
    for case in ROLE_CASES:
        answer = call(mallory, case, world)
        if answer.status_code != 404:
            wrong.append(("acme", case[1], case[2], answer.status_code))
        # In her own company, acme's ids name nothing.
        own = call(mallory, case, world, prefix="/t/foo/api/v1")
        if "{" in case[2] and own.status_code not in (400, 404):
            wrong.append(("foo", case[1], case[2], own.status_code))
    assert wrong == []
    with tenant_context("acme"):
        assert Payment.objects.count() == 1 and Contact.objects.count() == 1
        assert Document.objects.count() == 2


def test_a_contact_created_twice_with_one_key_is_made_once(users, client_for, books):
    alan = client_for(users["accountant"])
    key = {"HTTP_IDEMPOTENCY_KEY": "contact-1"}
    first = alan.post(f"{BASE}/contacts/", {"name": "Globex"}, format="json", **key)
    again = alan.post(f"{BASE}/contacts/", {"name": "Globex"}, format="json", **key)
    assert (first.status_code, again.status_code) == (201, 200) and again["Idempotent-Replayed"] == "true"
    assert_error(
        alan.post(f"{BASE}/contacts/", {"name": "Initech"}, format="json", **key), 409, "idempotency_conflict"
    )
    assert Contact.objects.count() == 1
