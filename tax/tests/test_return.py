"""Box totals on a hand-computed quarter, per scheme, and their reconciliation with the books.

The quarter (tests/conftest.py, Q1 2026, GB codes):

| document               | VAT20 net | VAT20 tax | VAT5 net | VAT5 tax | VAT0 net |
|------------------------|-----------|-----------|----------|----------|----------|
| invoice 15 Jan         | 1000      | 200       | 200      | 10       | 50       |
| invoice 10 Feb         | 500       | 100       |          |          |          |
| credit note 20 Feb     | -200      | -40       |          |          |          |
| hand cash sale 20 Mar  | 100       | 20        |          |          |          |
| sales                  | 1400      | 280       | 200      | 10       | 50       |
| bill 1 Feb (rent)      | 500       | 100       |          |          |          |
| bill 5 Mar (paper)     |           |           | 40       | 2        |          |
| hand purchase 25 Mar   | 50        | 10        |          |          |          |
| purchases              | 550       | 110       | 40       | 2        |          |

UK: box 1 = 280 + 10 = 290, box 4 = 110 + 2 = 112, box 5 = 178, box 6 = 1400 + 200 + 50 = 1650,
box 7 = 550 + 40 = 590. The April invoice and the untaxed bank fee are outside.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.models import JournalEntry, JournalLine
from ledger.services.entries import journal_entry_reverse
from tax.returns import box_lines, reconciliation, tax_return
from tenants.testing import tenant_db

from .conftest import ALICE, hand

pytestmark = tenant_db
D = Decimal
Q1 = {"start": date(2026, 1, 1), "end": date(2026, 3, 31)}


def amounts(scheme: str) -> dict[str, Decimal]:
    return {b.key: b.amount for b in tax_return(scheme=scheme, **Q1).boxes}


def test_the_uk_return_of_the_quarter_matches_the_figures_worked_by_hand(quarter):
    assert amounts("uk-vat") == {
        "1": D("290.00"), "2": D(0), "3": D("290.00"), "4": D("112.00"), "5": D("178.00"),
        "6": D("1650.00"), "7": D("590.00"), "8": D(0), "9": D(0),
    }  # fmt: skip


def test_net_and_tax_per_code_shows_each_code_on_its_own(quarter):
    boxes = amounts("per-code")
    assert {k: v for k, v in boxes.items() if k.startswith("VAT20")} == {
        "VAT20 sales net": D("1400.00"), "VAT20 output tax": D("280.00"),
        "VAT20 purchases net": D("550.00"), "VAT20 input tax": D("110.00"),
    }  # fmt: skip
    assert boxes["VAT5 output tax"] == D("10.00") and boxes["VAT5 input tax"] == D("2.00")
    assert boxes["VAT0 sales net"] == D("50.00")
    assert (boxes["output-tax"], boxes["input-tax"], boxes["net-tax"]) == (D("290"), D("112"), D("178"))


def test_net_and_tax_per_rate_groups_codes_by_rate(quarter):
    boxes = amounts("eu-rates")
    assert boxes["20% sales net"] == D("1400.00") and boxes["5% purchases net"] == D("40.00")
    assert boxes["net-tax"] == D("178.00")


def test_the_boxes_reconcile_to_the_movement_on_the_tax_account(quarter):
    ret = tax_return(scheme="uk-vat", **Q1)
    rec = reconciliation(ret)
    # The movement on 2300 read straight from the lines, not from any kept total.
    lines = JournalLine.objects.filter(
        account__code="2300", entry__date__range=(Q1["start"], Q1["end"]), entry__number__isnull=False
    )
    movement = sum((ln.base_amount if ln.side == "C" else -ln.base_amount for ln in lines), D(0))
    assert movement == rec.movement == ret.payable == D("178.00")
    assert rec.difference == 0


def test_a_box_drills_down_to_the_lines_behind_it(quarter):
    ret = tax_return(scheme="uk-vat", **Q1)
    lines = box_lines(ret, "1")
    assert [(ln.date, ln.account, ln.tax_code, ln.signed) for ln in lines] == [
        (date(2026, 1, 15), "2300", "VAT20", D("200.00")),
        (date(2026, 1, 15), "2300", "VAT5", D("10.00")),
        (date(2026, 2, 10), "2300", "VAT20", D("100.00")),
        (date(2026, 2, 20), "2300", "VAT20", D("-40.00")),
        (date(2026, 3, 20), "2300", "VAT20", D("20.00")),
    ]
    assert sum(ln.signed for ln in lines) == ret.box("1").amount
    assert lines[0].entry.startswith("FY2026-") and lines[3].source == "sales"
    assert box_lines(ret, "5") == []  # computed from other boxes


def test_a_reversed_hand_entry_takes_its_tax_back_out_of_the_same_box(books):
    hand(date(2026, 2, 1), {"account": "1110", "debit": "60"},
         {"account": "4100", "credit": "50", "tax_code": "VAT20"},
         {"account": "2300", "credit": "10", "tax_code": "VAT20"})  # fmt: skip
    journal_entry_reverse(entry=JournalEntry.objects.get(), actor=ALICE, date=date(2026, 2, 2))
    boxes = amounts("uk-vat")
    assert (boxes["1"], boxes["4"], boxes["6"]) == (D(0), D(0), D(0))


def test_an_entry_posted_after_a_report_counts_in_the_next(quarter):
    assert amounts("uk-vat")["1"] == D("290.00")
    hand(date(2026, 3, 30), {"account": "1110", "debit": "12"},
         {"account": "4100", "credit": "10", "tax_code": "VAT20"},
         {"account": "2300", "credit": "2", "tax_code": "VAT20"})  # fmt: skip
    assert amounts("uk-vat")["1"] == D("292.00")


@pytest.mark.parametrize("scheme", ["nope", ""])
def test_an_unknown_scheme_is_refused(books, scheme):
    from common.errors import DomainError

    with pytest.raises(DomainError) as info:
        tax_return(scheme=scheme, **Q1)
    assert info.value.code == "unknown_tax_scheme"


@pytest.fixture
def german_books(acme):
    """Acme seeded as a German company (VAT19, VAT7), with a customer and a vendor."""
    from invoicing.models import Contact
    from ledger.seed import seed_tenant
    from tenants.routing.context import tenant_context

    acme.country = "DE"
    acme.save(update_fields=["country"])
    with tenant_context(acme):
        seed_tenant(company=acme)
        yield (
            Contact.objects.create(name="Kunde GmbH", is_customer=True),
            Contact.objects.create(name="Lieferant AG", is_customer=False, is_vendor=True),
        )


def test_the_german_return_of_the_quarter_matches_the_figures_worked_by_hand(german_books):
    """Sales 1000 at 19 % and 200 at 7 %, a credit of 100 at 19 %, a hand sale of 50 at 7 %, a bill
    of 300 at 19 %: Kz 81 = 900 (tax 171), Kz 86 = 250 (tax 17.50), Kz 66 = 57, Kz 83 = 131.50."""
    from invoicing.services.documents import document_credit

    from .conftest import issue

    customer, vendor = german_books
    sale = issue("invoice", customer, date(2026, 1, 10),
                 {"description": "Beratung", "unit_price": "1000", "tax_code": "VAT19"},
                 {"description": "Bücher", "unit_price": "200", "tax_code": "VAT7"})  # fmt: skip
    part = {"description": "Gutschrift", "unit_price": "100", "tax_code": "VAT19", "account": "4100"}
    document_credit(document=sale, actor=ALICE, issue_date=date(2026, 2, 1), lines=[part])
    issue("bill", vendor, date(2026, 2, 15),
          {"description": "Miete", "unit_price": "300", "account": "6200", "tax_code": "VAT19"})  # fmt: skip
    hand(date(2026, 3, 3), {"account": "1110", "debit": "53.50"},
         {"account": "4100", "credit": "50", "tax_code": "VAT7"},
         {"account": "2300", "credit": "3.50", "tax_code": "VAT7"})  # fmt: skip
    assert amounts("de-ustva") == {
        "81": D("900.00"), "81-tax": D("171.00"), "86": D("250.00"), "86-tax": D("17.50"),
        "35": D(0), "36": D(0), "41": D(0), "48": D(0), "66": D("57.00"), "83": D("131.50"),
    }  # fmt: skip
    ret = tax_return(scheme="de-ustva", **Q1)
    assert reconciliation(ret).difference == 0
    assert [c.code for c in ret.codes] == ["VAT19", "VAT7"]
