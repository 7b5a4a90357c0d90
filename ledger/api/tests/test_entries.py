"""Journal entries over the API: create, list, filter, page, post, reverse, edit drafts, replay."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.serializers import ModelSerializer
from rest_framework.test import APIClient

from ledger.api.serializers import (
    EntryInSerializer,
    EntryOutSerializer,
    EntryUpdateSerializer,
    LeanInputSerializer,
    datetime_out,
)
from ledger.models import JournalEntry
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .support import api, assert_error, entry_body

pytestmark = tenant_db

ENTRIES = api("journal-entries/")
ENTRY_KEYS = {
    "id", "number", "label", "date", "fiscal_year", "period", "memo", "reference", "status", "created_at",
    "created_by", "posted_at", "posted_by", "reversal_of", "reversed_by", "hash", "lines",
}  # fmt: skip
LINE_KEYS = {
    "line_no", "account", "debit", "credit", "currency", "exchange_rate", "base_amount", "tax_code",
    "description",
}  # fmt: skip


def create(client: APIClient, body: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
    response = client.post(ENTRIES, body or entry_body(), format="json", headers=headers)
    assert response.status_code in (200, 201), response.content
    created: dict[str, Any] = response.json()
    return created


def entry_count() -> int:
    with tenant_context("acme"):
        return JournalEntry.objects.count()


# --- create -----------------------------------------------------------------------------------


def test_an_entry_is_created_as_a_draft_by_default(accountant):
    body = entry_body("100", memo="Invoice 7", reference="INV-7")
    del body["status"]

    response = accountant.post(ENTRIES, body, format="json")

    assert response.status_code == 201, response.content
    entry = response.json()
    assert set(entry) == ENTRY_KEYS
    assert (entry["status"], entry["number"], entry["hash"], entry["posted_at"]) == ("draft", None, "", None)
    assert (entry["date"], entry["memo"], entry["reference"]) == ("2026-03-02", "Invoice 7", "INV-7")
    assert (entry["fiscal_year"], entry["period"], entry["created_by"]) == ("FY2026", "2026-03", "alan")
    assert [set(line) for line in entry["lines"]] == [LINE_KEYS, LINE_KEYS]
    assert entry["lines"][0] | {"description": ""} == {
        "line_no": 1,
        "account": "1120",
        "debit": "100.00",
        "credit": None,
        "currency": "USD",
        "exchange_rate": "1",
        "base_amount": "100.00",
        "tax_code": None,
        "description": "",
    }
    assert (entry["lines"][1]["debit"], entry["lines"][1]["credit"]) == (None, "100.00")


def test_an_entry_is_created_posted_in_one_call(accountant):
    entry = create(accountant, entry_body(status="posted"))

    assert entry["status"] == "posted"
    assert entry["number"] == 1
    assert len(entry["hash"]) == 64
    assert entry["posted_by"] == "alan"
    assert entry["posted_at"]


def test_posted_entries_are_numbered_without_gaps(accountant):
    numbers = [create(accountant, entry_body(str(n))).get("number") for n in (1, 2, 3)]

    assert numbers == [1, 2, 3]


def test_integers_are_amounts_and_come_back_at_the_currency_scale(accountant):
    body = entry_body()
    body["lines"] = [{"account": "1120", "debit": 5}, {"account": "4100", "credit": "5"}]

    lines = create(accountant, body)["lines"]

    assert [(line["debit"], line["credit"]) for line in lines] == [("5.00", None), (None, "5.00")]


def test_amounts_in_yen_have_no_decimals_and_convert_to_the_base_currency(accountant):
    # Each currency balances by itself; the currency-trading account (3900) bridges them.
    body = entry_body()
    body["lines"] = [
        {"account": "1140", "debit": "500", "currency": "JPY", "exchange_rate": "0.0067"},
        {"account": "3900", "credit": "500", "currency": "JPY", "exchange_rate": "0.0067"},
    ]

    lines = create(accountant, body)["lines"]

    assert [(line["debit"], line["credit"], line["currency"]) for line in lines] == [
        ("500", None, "JPY"),
        (None, "500", "JPY"),
    ]
    assert [line["base_amount"] for line in lines] == ["3.35", "3.35"]
    assert lines[0]["exchange_rate"] == "0.0067"


def test_a_rate_of_the_day_is_used_when_the_line_gives_none(accountant):
    accountant.post(
        api("exchange-rates/"), {"currency": "EUR", "date": "2026-03-01", "rate": "1.1"}, format="json"
    )
    body = entry_body()
    body["lines"] = [
        {"account": "1140", "debit": "10.00", "currency": "EUR"},
        {"account": "3900", "credit": "10.00", "currency": "EUR"},
    ]

    lines = create(accountant, body)["lines"]

    assert [(line["exchange_rate"], line["base_amount"]) for line in lines] == [("1.1", "11.00")] * 2


def test_a_tax_code_is_kept_on_its_line(accountant):
    body = entry_body()
    body["lines"][1]["tax_code"] = "EXEMPT"

    assert create(accountant, body)["lines"][1]["tax_code"] == "EXEMPT"


@pytest.mark.parametrize("status", ["posted", "draft"])
def test_the_created_entry_answered_is_the_entry_as_stored(accountant, status):
    # The answer is built from what was written, not read back: it must say what a GET says.
    body = entry_body("10.00", status=status, memo="Mixed", reference="R-1")
    body["lines"] = [
        {
            "account": "1140",
            "debit": "500",
            "currency": "JPY",
            "exchange_rate": "0.0067",
            "description": "yen",
        },
        {"account": "3900", "credit": "500", "currency": "JPY", "exchange_rate": "0.0067"},
        {"account": "1120", "debit": "10.00", "tax_code": "EXEMPT", "description": "taxed"},
        {"account": "4100", "credit": "10.00"},
    ]

    created = create(accountant, body)

    assert created == accountant.get(api(f"journal-entries/{created['id']}/")).json()
    assert created["status"] == status and (created["number"] is not None) == (status == "posted")


def test_posting_over_the_api_reads_no_entry_back_and_checks_the_token_once(accountant):
    create(accountant)  # the year and its periods
    with (
        CaptureQueriesContext(connections["tenant_acme"]) as books,
        CaptureQueriesContext(connections["default"]) as registry,
    ):
        create(accountant, entry_body("5.00"), **{"Idempotency-Key": "k-q"})

    writes = re.compile(r"ledger_journal|ledger_entry_write")
    touching = [q["sql"] for q in books.captured_queries if writes.search(q["sql"])]
    # One call writes the entry and its lines (and, in a transaction, settles its number): no
    # look-up of the key before it, no read of the entry after it.
    assert len(touching) == 1, touching
    assert "ledger_entry_write(" in touching[0]
    tokens = [q["sql"] for q in registry.captured_queries if "knox_authtoken" in q["sql"]]
    assert len(tokens) == 1, tokens  # not every token of the user as well


def test_a_replay_after_the_period_closed_returns_the_first_entry(owner):
    first = create(owner, entry_body(day="2026-03-10"), **{"Idempotency-Key": "k-closed"})
    period = next(p for p in owner.get(api("periods/")).json() if p["start_date"] == "2026-03-01")
    owner.post(api(f"periods/{period['id']}/close/"))

    again = owner.post(
        ENTRIES, entry_body(day="2026-03-10"), format="json", headers={"Idempotency-Key": "k-closed"}
    )

    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first


@pytest.mark.parametrize(
    ("lines", "status", "code"),
    [
        (
            [{"account": "1120", "debit": "100.00"}, {"account": "4100", "credit": "99.99"}],
            400,
            "unbalanced_entry",
        ),
        (
            [{"account": "1120", "debit": "1.005"}, {"account": "4100", "credit": "1.005"}],
            400,
            "amount_precision",
        ),
        (
            [
                {"account": "1140", "debit": "1.5", "currency": "JPY", "exchange_rate": "0.01"},
                {"account": "3900", "credit": "1.5", "currency": "JPY", "exchange_rate": "0.01"},
            ],
            400,
            "amount_precision",
        ),
        ([{"account": "1120", "debit": 1.5}, {"account": "4100", "credit": 1.5}], 400, "float_amount"),
        ([{"account": "1120", "debit": "100"}], 400, "too_few_lines"),
        ([], 400, "too_few_lines"),
        ([{"account": "8888", "debit": "1"}, {"account": "4100", "credit": "1"}], 400, "unknown_account"),
        (
            [{"account": "1120", "debit": "1", "credit": "1"}, {"account": "4100", "credit": "1"}],
            400,
            "invalid_amount",
        ),
        ([{"account": "1120"}, {"account": "4100", "credit": "1"}], 400, "invalid_amount"),
        ([{"account": "1120", "debit": "0"}, {"account": "4100", "credit": "0"}], 400, "invalid_amount"),
        (
            [
                {"account": "1140", "debit": "1", "currency": "EUR"},
                {"account": "3900", "credit": "1", "currency": "EUR"},
            ],
            400,
            "missing_exchange_rate",
        ),
        (
            [{"account": "1120", "debit": "1", "tax_code": "NOPE"}, {"account": "4100", "credit": "1"}],
            400,
            "unknown_tax_code",
        ),
    ],
    ids=[
        "unbalanced",
        "three-decimals-in-usd",
        "decimals-in-yen",
        "floats",
        "one-line",
        "no-lines",
        "unknown-account",
        "debit-and-credit",
        "neither-debit-nor-credit",
        "zero",
        "no-rate-for-eur",
        "unknown-tax-code",
    ],
)
def test_a_wrong_entry_is_refused_with_its_code_and_nothing_is_written(accountant, lines, status, code):
    response = accountant.post(
        ENTRIES, {"date": "2026-03-02", "status": "posted", "lines": lines}, format="json"
    )

    assert_error(response, status, code)
    assert entry_count() == 0


def test_an_unknown_account_names_its_line_in_the_fields(accountant):
    body = entry_body(credit="8888")

    body = assert_error(accountant.post(ENTRIES, body, format="json"), 400, "unknown_account")

    assert body["fields"] == {"lines": {"1": {"account": ["Unknown account."]}}}


def test_an_entry_is_not_posted_into_a_closed_period(owner):
    create(owner, entry_body(day="2026-03-10"))  # creates FY2026 and its periods
    period = next(p for p in owner.get(api("periods/")).json() if p["start_date"] == "2026-03-01")
    owner.post(api(f"periods/{period['id']}/close/"))

    refused = owner.post(ENTRIES, entry_body(day="2026-03-11"), format="json")
    draft = owner.post(ENTRIES, entry_body(day="2026-03-11", status="draft"), format="json")

    assert_error(refused, 409, "period_closed")
    assert draft.status_code == 201
    assert_error(owner.post(api(f"journal-entries/{draft.json()['id']}/post/")), 409, "period_closed")


# --- idempotency ------------------------------------------------------------------------------


def test_the_same_idempotency_key_and_body_return_the_first_entry(accountant):
    first = accountant.post(ENTRIES, entry_body(), format="json", headers={"Idempotency-Key": "k-1"})
    again = accountant.post(ENTRIES, entry_body(), format="json", headers={"Idempotency-Key": "k-1"})

    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert entry_count() == 1


def test_the_same_idempotency_key_with_another_body_is_a_conflict(accountant):
    accountant.post(ENTRIES, entry_body("100.00"), format="json", headers={"Idempotency-Key": "k-2"})

    response = accountant.post(
        ENTRIES, entry_body("200.00"), format="json", headers={"Idempotency-Key": "k-2"}
    )

    assert_error(response, 409, "idempotency_conflict")
    assert entry_count() == 1


def test_another_idempotency_key_or_none_creates_another_entry(accountant):
    create(accountant, entry_body(), **{"Idempotency-Key": "k-3"})
    create(accountant, entry_body(), **{"Idempotency-Key": "k-4"})
    create(accountant, entry_body())
    create(accountant, entry_body())

    assert entry_count() == 4


def test_a_refused_request_does_not_use_up_its_idempotency_key(accountant):
    unbalanced = entry_body()
    unbalanced["lines"][1]["credit"] = "1.00"

    refused = accountant.post(ENTRIES, unbalanced, format="json", headers={"Idempotency-Key": "k-5"})
    accepted = accountant.post(ENTRIES, entry_body(), format="json", headers={"Idempotency-Key": "k-5"})

    assert_error(refused, 400, "unbalanced_entry")
    assert accepted.status_code == 201


def test_an_idempotency_key_as_long_as_its_column_is_accepted(accountant):
    key = "k" * 200

    first = accountant.post(ENTRIES, entry_body(), format="json", headers={"Idempotency-Key": key})
    again = accountant.post(ENTRIES, entry_body(), format="json", headers={"Idempotency-Key": key})

    assert (first.status_code, again.status_code) == (201, 200)


def test_a_longer_idempotency_key_is_refused_not_cut(accountant):
    # Cut at 200 characters, two keys differing after that would replay each other's entry.
    first = accountant.post(ENTRIES, entry_body(), format="json", headers={"Idempotency-Key": "k" * 200})
    longer = accountant.post(
        ENTRIES, entry_body(), format="json", headers={"Idempotency-Key": "k" * 200 + "2"}
    )

    assert first.status_code == 201
    assert_error(longer, 400, "invalid_input")
    assert accountant.get(ENTRIES).json()["results"][0]["id"] == first.json()["id"]


# --- list, filters, pages ---------------------------------------------------------------------


@pytest.fixture
def journal(accountant):
    """Five entries: four posted in March..June, one draft; newest first by id."""
    made = [
        create(accountant, entry_body("10.00", day="2026-03-05", reference="INV-1", memo="Coffee beans")),
        create(accountant, entry_body("20.00", day="2026-04-05", reference="INV-2", memo="Rent")),
        create(accountant, entry_body("30.00", day="2026-05-05", reference="inv-3", debit="1110")),
        create(accountant, entry_body("40.00", day="2026-06-05", reference="INV-4", status="draft")),
        create(accountant, entry_body("50.00", day="2026-06-06", reference="INV-5")),
    ]
    return [entry["id"] for entry in made]


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [entry["id"] for entry in response.json()["results"]]


def test_the_list_is_newest_first_with_lines(accountant, journal):
    response = accountant.get(ENTRIES)

    assert ids(response) == journal[::-1]
    assert set(response.json()) == {"next", "previous", "results"}
    assert len(response.json()["results"][0]["lines"]) == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date_from=2026-04-01", [1, 2, 3, 4]),
        ("date_to=2026-04-30", [0, 1]),
        ("date_from=2026-04-01&date_to=2026-05-31", [1, 2]),
        ("account=1110", [2]),
        ("account=4100", [0, 1, 2, 3, 4]),
        ("account=8888", []),
        ("status=draft", [3]),
        ("status=posted", [0, 1, 2, 4]),
        ("reference=inv-2", [1]),
        ("reference=INV", []),
        ("q=coffee", [0]),
        ("q=inv-", [0, 1, 2, 3, 4]),
        ("q=rent&status=posted", [1]),
    ],
)
def test_the_list_filters(accountant, journal, query, expected):
    assert sorted(ids(accountant.get(f"{ENTRIES}?{query}"))) == [journal[i] for i in expected]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("date_from=yesterday", "validation_error"),
        ("date_to=2026-02-30", "validation_error"),
        ("status=bogus", "invalid_choice"),
    ],
)
def test_a_bad_filter_is_a_400(accountant, query, code):
    assert_error(accountant.get(f"{ENTRIES}?{query}"), 400, code)


def test_cursor_pages_walk_forward_and_back_without_overlap(accountant, journal):
    first = accountant.get(f"{ENTRIES}?page_size=2").json()
    second = accountant.get(first["next"]).json()
    third = accountant.get(second["next"]).json()
    back = accountant.get(third["previous"]).json()

    pages = [[entry["id"] for entry in page["results"]] for page in (first, second, third)]
    assert pages == [journal[4:2:-1], journal[2:0:-1], journal[0:1]]
    assert first["previous"] is None
    assert third["next"] is None
    assert [entry["id"] for entry in back["results"]] == pages[1]
    assert urlsplit(first["next"]).path == ENTRIES


def test_a_new_entry_does_not_shift_the_next_page(accountant, journal):
    first = accountant.get(f"{ENTRIES}?page_size=2").json()
    create(accountant, entry_body("60.00"))

    second = accountant.get(first["next"]).json()

    assert [entry["id"] for entry in second["results"]] == journal[2:0:-1]


@pytest.mark.parametrize("cursor", ["garbage", "x" * 2000, "%FF%FE"])
def test_a_cursor_that_does_not_decode_is_a_404(accountant, cursor):
    assert_error(accountant.get(f"{ENTRIES}?cursor={cursor}"), 404, "not_found")


@pytest.mark.parametrize("cursor", ["cD0yMDI2", "cD1hYmM=", "%00"])
def test_a_cursor_that_decodes_to_nonsense_is_an_empty_page_or_a_4xx(accountant, journal, cursor):
    response = accountant.get(f"{ENTRIES}?cursor={cursor}")

    if response.status_code == 400:  # NUL is refused before anything reads the query
        assert_error(response, 400, "invalid_characters")
    elif response.status_code == 404:
        assert_error(response, 404, "not_found")
    else:
        assert response.status_code == 200, response.content


@pytest.mark.parametrize("size", ["0", "-1", "abc", "100000"])
def test_a_strange_page_size_falls_back_to_a_sane_one(accountant, journal, size):
    assert len(ids(accountant.get(f"{ENTRIES}?page_size={size}"))) == 5


def test_one_entry_with_its_lines(accountant, journal):
    response = accountant.get(api(f"journal-entries/{journal[0]}/"))

    assert response.status_code == 200
    entry = response.json()
    assert entry["id"] == journal[0]
    assert [line["account"] for line in entry["lines"]] == ["1120", "4100"]


def test_the_list_and_one_entry_answer_what_the_serializer_s_fields_say(accountant, journal, books):
    # EntryOutSerializer writes its representation out by hand and its list reads a page's entries
    # as rows and their lines as tuples: both must give what DRF's walk of its fields gives.
    reversal = accountant.post(api(f"journal-entries/{journal[0]}/reverse/"), {"memo": "Undo"}, format="json")
    assert reversal.status_code == 201, reversal.content
    page = accountant.get(ENTRIES).json()["results"]
    with tenant_context(books):
        entries = JournalEntry.objects.select_related("fiscal_year", "period", "reversed_by")
        walker = EntryOutSerializer(context={"base_currency": "USD"})
        expected = [dict(ModelSerializer.to_representation(walker, e)) for e in entries.order_by("-id")]

    assert page == expected
    assert {e["status"] for e in page} == {"draft", "posted", "reversed"}
    for entry in page:
        assert accountant.get(api(f"journal-entries/{entry['id']}/")).json() == entry


@pytest.mark.parametrize("pk", ["999999", "abc", "-1", "99999999999999999999999", "%20", "1e3"])
def test_an_unknown_or_malformed_entry_id_is_a_404(accountant, pk):
    assert_error(accountant.get(api(f"journal-entries/{pk}/")), 404, "not_found")
    assert_error(accountant.post(api(f"journal-entries/{pk}/post/")), 404, "not_found")
    assert_error(accountant.post(api(f"journal-entries/{pk}/reverse/")), 404, "not_found")
    assert_error(accountant.put(api(f"journal-entries/{pk}/"), entry_body(), format="json"), 404, "not_found")
    assert_error(accountant.delete(api(f"journal-entries/{pk}/")), 404, "not_found")


# --- post, reverse ----------------------------------------------------------------------------


def test_a_draft_is_posted(accountant):
    draft = create(accountant, entry_body(status="draft"))

    response = accountant.post(api(f"journal-entries/{draft['id']}/post/"))

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["number"]) == ("posted", 1)


def test_a_posted_entry_is_not_posted_again(accountant):
    entry = create(accountant)

    assert_error(accountant.post(api(f"journal-entries/{entry['id']}/post/")), 409, "entry_not_draft")


def test_a_posted_entry_is_reversed_by_its_mirror_image(accountant):
    entry = create(accountant)

    response = accountant.post(
        api(f"journal-entries/{entry['id']}/reverse/"), {"memo": "Oops"}, format="json"
    )

    assert response.status_code == 201, response.content
    reversal = response.json()
    assert (reversal["status"], reversal["reversal_of"], reversal["memo"]) == ("posted", entry["id"], "Oops")
    assert reversal["date"] == entry["date"]
    assert [(line["account"], line["debit"], line["credit"]) for line in reversal["lines"]] == [
        ("1120", None, "100.00"),
        ("4100", "100.00", None),
    ]
    original = accountant.get(api(f"journal-entries/{entry['id']}/")).json()
    assert (original["status"], original["reversed_by"]) == ("reversed", reversal["id"])
    balances = {r["code"]: r["balance"] for r in accountant.get(api("accounts/")).json()["results"]}
    assert balances["1120"] == balances["4100"] == "0.00"


def test_a_reversal_may_be_dated_later(accountant):
    entry = create(accountant)

    response = accountant.post(
        api(f"journal-entries/{entry['id']}/reverse/"), {"date": "2026-04-01"}, format="json"
    )

    assert response.json()["date"] == "2026-04-01"
    assert response.json()["memo"] == f"Reversal of {entry['label']}"
    assert (entry["label"], response.json()["label"]) == ("FY2026-1", "FY2026-2")


@pytest.mark.parametrize(("day", "reversed_on"), [("2026-03-02", "2026-04-01"), ("2026-12-31", "2027-01-01")])
def test_an_accrual_is_reversed_on_the_first_day_of_the_next_period(accountant, day, reversed_on):
    entry = create(accountant, entry_body(day=day))

    response = accountant.post(
        api(f"journal-entries/{entry['id']}/reverse/"), {"on": "next_period"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["date"] == reversed_on  # the next year's first period is made on demand


def test_a_reversal_takes_a_date_or_on_but_not_both(accountant):
    entry = create(accountant)

    response = accountant.post(
        api(f"journal-entries/{entry['id']}/reverse/"),
        {"date": "2026-04-02", "on": "next_period"},
        format="json",
    )

    assert_error(response, 400, "validation_error")
    assert "on" in response.json()["fields"]
    assert accountant.get(api(f"journal-entries/{entry['id']}/")).json()["status"] == "posted"


def test_an_entry_is_reversed_once_and_a_draft_never(accountant):
    entry, draft = create(accountant), create(accountant, entry_body(status="draft"))
    accountant.post(api(f"journal-entries/{entry['id']}/reverse/"))

    assert_error(accountant.post(api(f"journal-entries/{entry['id']}/reverse/")), 409, "entry_not_posted")
    assert_error(accountant.post(api(f"journal-entries/{draft['id']}/reverse/")), 409, "entry_not_posted")


@pytest.mark.parametrize(
    "body", [{"date": "someday"}, {"date": 20260401}, {"memo": ["x"]}, [1], {"on": "tomorrow"}]
)
def test_a_malformed_reversal_is_a_400(accountant, body):
    entry = create(accountant)

    response = accountant.post(api(f"journal-entries/{entry['id']}/reverse/"), body, format="json")

    assert_error(response, 400)


# --- drafts: edit, delete ---------------------------------------------------------------------


def test_a_draft_is_replaced_by_put(accountant):
    draft = create(accountant, entry_body(status="draft"))
    body = entry_body("7.50", debit="1110", day="2026-04-02", memo="Corrected")
    del body["status"]

    response = accountant.put(api(f"journal-entries/{draft['id']}/"), body, format="json")

    assert response.status_code == 200, response.content
    entry = response.json()
    assert (entry["id"], entry["status"], entry["date"], entry["memo"]) == (
        draft["id"],
        "draft",
        "2026-04-02",
        "Corrected",
    )
    assert entry["period"] == "2026-04"
    assert [(line["account"], line["debit"], line["credit"]) for line in entry["lines"]] == [
        ("1110", "7.50", None),
        ("4100", None, "7.50"),
    ]


def test_a_put_is_validated_like_a_create(accountant):
    draft = create(accountant, entry_body(status="draft"))
    body = entry_body()
    body["lines"][1]["credit"] = "1.00"

    assert_error(
        accountant.put(api(f"journal-entries/{draft['id']}/"), body, format="json"), 400, "unbalanced_entry"
    )
    assert_error(
        accountant.put(api(f"journal-entries/{draft['id']}/"), {}, format="json"), 400, "validation_error"
    )


def test_a_posted_entry_is_not_edited(accountant):
    entry = create(accountant)

    response = accountant.put(api(f"journal-entries/{entry['id']}/"), entry_body("5.00"), format="json")

    assert_error(response, 409, "entry_not_draft")
    assert accountant.get(api(f"journal-entries/{entry['id']}/")).json()["lines"][0]["debit"] == "100.00"


def test_a_draft_is_deleted(accountant):
    draft = create(accountant, entry_body(status="draft"))

    assert accountant.delete(api(f"journal-entries/{draft['id']}/")).status_code == 204
    assert_error(accountant.get(api(f"journal-entries/{draft['id']}/")), 404, "not_found")


def test_a_posted_entry_is_not_deleted(accountant):
    entry = create(accountant)

    assert_error(accountant.delete(api(f"journal-entries/{entry['id']}/")), 409, "entry_immutable")
    assert accountant.get(api(f"journal-entries/{entry['id']}/")).status_code == 200


def test_patch_is_not_how_entries_change(accountant):
    entry = create(accountant, entry_body(status="draft"))

    response = accountant.patch(api(f"journal-entries/{entry['id']}/"), {"memo": "x"}, format="json")

    assert_error(response, 405, "method_not_allowed")


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=UTC),
        datetime(2026, 3, 1, 12, 30, tzinfo=UTC),
        datetime(2026, 7, 1, 23, 59, 59, 1, tzinfo=timezone(timedelta(hours=2))),
        datetime(2025, 12, 31, 1, 0, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
    ],
)
def test_timestamps_are_written_as_drf_writes_them(value: datetime) -> None:
    assert datetime_out(value) == serializers.DateTimeField().to_representation(value)


def test_input_fields_copied_shallowly_keep_each_request_apart() -> None:
    bad = EntryInSerializer(data={"date": "2026-13-01", "lines": [{"account": "", "debit": "1"}]})
    good = EntryInSerializer(data={"date": "2026-03-02", "lines": [{"account": "1000", "debit": "1"}]})

    assert not bad.is_valid()
    assert good.is_valid(), good.errors
    assert set(bad.errors) == {"date", "lines"}
    assert good.validated_data["date"].isoformat() == "2026-03-02"
    assert good.validated_data["lines"][0]["account"] == "1000"
    # Each instance has fields of its own, bound to it; the declared ones stay unbound.
    assert bad.fields["date"] is not good.fields["date"]
    assert good.fields["date"].parent is good
    good_lines, bad_lines = good.fields["lines"], bad.fields["lines"]
    assert isinstance(good_lines, serializers.ListSerializer)
    assert isinstance(bad_lines, serializers.ListSerializer)
    assert good_lines.child is not bad_lines.child
    assert EntryInSerializer._declared_fields["date"].parent is None


@pytest.mark.parametrize(
    "body",
    [
        {"date": "2026-03-02", "status": "posted", "lines": [{"account": "1000", "debit": "1"}]},
        {
            "date": "2026-03-02",
            "memo": " x ",
            "lines": [{"account": "1000", "credit": "2.5", "tax_code": None}],
        },
        {"date": "2026-13-01", "lines": [{"account": "", "debit": "1"}]},
        {"date": "2026-03-02", "lines": "1000"},
        {"date": "2026-03-02", "status": "void", "lines": [{"account": "1000"}, "x"]},
        {},
        None,
        [],
        "text",
    ],
    ids=[
        "posted",
        "defaults",
        "bad fields",
        "lines not a list",
        "bad choice and line",
        "empty",
        "null",
        "a list",
        "a string",
    ],
)
def test_input_checked_by_the_threads_instance_answers_as_a_new_serializer(body):
    fresh = EntryInSerializer(data=body)
    if fresh.is_valid():
        assert EntryInSerializer.validated(body) == fresh.validated_data
        return
    with pytest.raises(serializers.ValidationError) as raised:
        EntryInSerializer.validated(body)
    assert raised.value.detail == fresh.errors
    assert EntryInSerializer(data={"date": "2026-03-02", "lines": []}).is_valid()  # nothing left behind


def test_input_is_checked_without_building_fields_per_request(monkeypatch):
    body = {"date": "2026-03-02", "lines": [{"account": "1000", "debit": "1"}]}
    EntryInSerializer.validated(body)  # this thread's instance, fields and all
    built: list[str] = []
    real = LeanInputSerializer.get_fields

    def counted(self: LeanInputSerializer) -> dict[str, Any]:
        built.append(type(self).__name__)
        return real(self)

    monkeypatch.setattr(LeanInputSerializer, "get_fields", counted)

    validated = EntryInSerializer.validated(body)

    # Building them (with the lines' nested serializer) cost twice as much as the check itself.
    assert built == []
    assert validated["lines"][0]["account"] == "1000"
    # Each class checks with an instance of its own (the update's input has no status).
    monkeypatch.undo()
    assert validated["status"] == "draft"
    assert "status" not in EntryUpdateSerializer.validated(body)
    assert EntryInSerializer.validated(body)["status"] == "draft"
