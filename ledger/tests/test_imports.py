"""Bulk import: the rules of journal_entry_create, per batch with COPY, resumable with idempotency
keys; and the import_entries command on CSV and JSON Lines files."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from common.models import Company
from ledger.errors import ImportRefused
from ledger.integrity import chain_problems, totals_problems
from ledger.models import Account, AuditEvent, JournalEntry, JournalLine
from ledger.services.entries import journal_entry_create
from ledger.services.imports import journal_entries_import
from ledger.services.periods import period_close, period_for
from ledger.services.rates import exchange_rate_set
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

from .conftest import ALICE

DAY = date(2026, 3, 10)


def entry(n: int, *, key: bool = False, **changes: Any) -> dict[str, Any]:
    amount = f"{n + 1}.{n % 100:02}"
    data: dict[str, Any] = {
        "date": date(2026, 1 + n % 12, 1 + n % 28).isoformat(),
        "memo": f"entry {n}",
        "reference": f"INV-{n}",
        "lines": [{"account": "1120", "debit": amount}, {"account": "4100", "credit": amount}],
    }
    if key:
        data["idempotency_key"] = f"import-{n}"
    data.update(changes)
    return data


@tenant_db
def test_an_import_posts_every_entry_with_numbers_hashes_totals_and_audit(books):
    entries = [entry(n) for n in range(25)]
    entries[3]["lines"] = [
        {"account": "1120", "debit": "10.00", "description": "cash"},
        {"account": "4100", "credit": "7.00"},
        {"account": "4200", "credit": "3.00"},
    ]

    result = journal_entries_import(entries=entries, actor=ALICE, batch_size=10)

    assert (result.created, result.skipped, result.batches) == (25, 0, 3)
    stored = list(JournalEntry.objects.order_by("pk"))
    assert [e.pk for e in stored] == result.entry_ids
    assert sorted(e.number or 0 for e in stored) == list(range(1, 26))
    assert {e.status for e in stored} == {"posted"} and {e.posted_by_name for e in stored} == {"alice"}
    assert stored[3].memo == "entry 3" and stored[3].reference == "INV-3"
    lines = list(stored[3].lines.values_list("line_no", "account__code", "side", "amount", "description"))
    assert lines == [
        (1, "1120", "D", Decimal("10.00"), "cash"),
        (2, "4100", "C", Decimal("7.00"), ""),
        (3, "4200", "C", Decimal("3.00"), ""),
    ]
    assert AuditEvent.objects.filter(object_type="journal_entry", action="post").count() == 25
    assert chain_problems() == totals_problems() == []


@tenant_db
def test_foreign_currency_tax_codes_and_drafts_follow_the_service_rules(books):
    exchange_rate_set(currency="EUR", day=date(2026, 1, 1), rate="1.1", actor=ALICE)
    lines = [
        {"account": "1140", "currency": "EUR", "debit": "100.00"},
        {"account": "3900", "currency": "EUR", "credit": "90.00"},
        {"account": "3900", "currency": "EUR", "credit": "10.00", "tax_code": "NY-SALES"},
    ]
    draft = {**entry(1), "post": False}

    result = journal_entries_import(entries=[entry(0, lines=lines), draft], actor=ALICE)

    foreign = JournalEntry.objects.get(pk=result.entry_ids[0])
    expected = journal_entry_create(date=DAY, lines=lines, actor=ALICE)  # the same, as a draft
    fields = ("line_no", "currency_id", "amount", "exchange_rate", "base_amount", "tax_code_id")
    assert list(foreign.lines.values_list(*fields)) == list(expected.lines.values_list(*fields))
    assert foreign.lines.get(line_no=1).base_amount == Decimal("110.00")
    assert foreign.lines.filter(line_no=3, tax_code__code="NY-SALES").exists()
    assert JournalEntry.objects.get(pk=result.entry_ids[1]).status == "draft"
    assert totals_problems() == []


@tenant_db
def test_an_invalid_entry_stops_the_import_naming_its_index_and_field(books):
    entries = [entry(n) for n in range(30)]
    entries[17]["lines"][1]["account"] = "9999"

    with pytest.raises(ImportRefused) as info:
        journal_entries_import(entries=entries, actor=ALICE, batch_size=10)

    refused = info.value
    assert (refused.index, refused.field, refused.cause.code) == (17, "lines[1].account", "unknown_account")
    assert refused.message.startswith("entry 17 (lines[1].account): No account '9999'.")
    assert "Nothing of batch 2 (entries 10-19) was written" in refused.message
    assert refused.fields == {"entries": {"17": {"lines": {"1": {"account": ["Unknown account."]}}}}}
    # The first batch stays; nothing of the second was written.
    assert refused.result.batches == 1 and refused.result.created == 10
    assert list(JournalEntry.objects.order_by("pk").values_list("pk", flat=True)) == refused.result.entry_ids
    assert chain_problems() == totals_problems() == []


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"date": "2026-02-30"}, "invalid_input", "date"),
        ({"lines": "1120"}, "invalid_input", "lines"),
        ({"colour": "red"}, "invalid_input", "colour"),
        ({"lines": [{"account": "1120", "debit": "1.00"}, {"account": "4100", "credit": "2.00"}]},
         "unbalanced_entry", "lines"),
        ({"lines": [{"account": "1120", "debit": "1.001"}, {"account": "4100", "credit": "1.001"}]},
         "amount_precision", "lines[0].debit"),
        ({"lines": [{"account": "1120", "debit": 1.5}, {"account": "4100", "credit": "1.50"}]},
         "float_amount", "lines[0].debit"),
        ({"lines": [{"account": "1120", "debit": "1.00"}]}, "too_few_lines", "lines"),
    ],
)  # fmt: skip
@tenant_db
def test_each_kind_of_invalid_entry_is_refused_before_its_batch_writes(books, change, code, field):
    entries = [entry(0), entry(1, **change), entry(2)]

    with pytest.raises(ImportRefused) as info:
        journal_entries_import(entries=entries, actor=ALICE)

    assert (info.value.index, info.value.cause.code, info.value.field) == (1, code, field)
    assert not JournalEntry.objects.exists()


@tenant_db
def test_posting_into_a_closed_period_is_refused_but_a_draft_may_go_there(books):
    period_close(period=period_for(date(2026, 2, 2)), actor=ALICE)

    with pytest.raises(ImportRefused) as info:
        journal_entries_import(entries=[entry(0), entry(1)], actor=ALICE)
    result = journal_entries_import(entries=[entry(0), {**entry(1), "post": False}], actor=ALICE)

    assert (info.value.index, info.value.cause.code) == (1, "period_closed")
    assert result.created == 2


@tenant_db
def test_a_re_run_with_idempotency_keys_skips_what_was_imported(books):
    entries = [entry(n, key=True) for n in range(30)]
    entries[25]["lines"][0]["account"] = "9999"
    with pytest.raises(ImportRefused) as info:
        journal_entries_import(entries=entries, actor=ALICE, batch_size=10)
    assert info.value.result.created == 20

    entries[25]["lines"][0]["account"] = "1120"
    result = journal_entries_import(entries=entries, actor=ALICE, batch_size=10)
    again = journal_entries_import(entries=entries, actor=ALICE, batch_size=7)

    assert (result.created, result.skipped) == (10, 20)
    assert (again.created, again.skipped) == (0, 30)
    assert again.entry_ids == result.entry_ids
    assert JournalEntry.objects.count() == 30
    numbers = JournalEntry.objects.values_list("number", flat=True)
    assert sorted(n or 0 for n in numbers) == list(range(1, 31))
    assert chain_problems() == totals_problems() == []


@tenant_db
def test_an_imported_key_with_other_content_is_an_idempotency_conflict(books):
    journal_entries_import(entries=[entry(0, key=True)], actor=ALICE)
    changed = entry(0, key=True, memo="changed")

    with pytest.raises(ImportRefused) as info:
        journal_entries_import(entries=[entry(5), changed], actor=ALICE)

    assert (info.value.index, info.value.cause.code) == (1, "idempotency_conflict")
    assert JournalEntry.objects.count() == 1


@tenant_db
def test_a_key_repeated_in_the_input_is_one_entry_and_matches_the_api(books):
    first = entry(0, key=True)

    result = journal_entries_import(entries=[first, dict(first), entry(1)], actor=ALICE)
    replayed = journal_entry_create(
        date=date.fromisoformat(first["date"]),
        lines=first["lines"],
        memo=first["memo"],
        reference=first["reference"],
        actor=ALICE,
        post=True,
        idempotency_key="import-0",
    )

    assert (result.created, result.skipped) == (2, 1)
    assert result.entry_ids[0] == result.entry_ids[1] == replayed.pk
    with pytest.raises(ImportRefused) as info:
        journal_entries_import(entries=[first, entry(0, key=True, memo="other")], actor=ALICE)
    assert (info.value.index, info.value.cause.code) == (1, "idempotency_conflict")


@tenant_db
def test_a_date_no_fiscal_year_can_cover_names_its_entry(books):
    with pytest.raises(ImportRefused) as info:
        journal_entries_import(entries=[entry(0), entry(1, date="0001-01-01")], actor=ALICE)

    assert (info.value.index, info.value.field) == (1, "date")
    assert not JournalEntry.objects.exists()


@tenant_db
def test_an_import_on_days_without_a_fiscal_year_creates_it(books):
    result = journal_entries_import(entries=[entry(0, date="2031-07-01")], actor=ALICE)

    assert JournalEntry.objects.get(pk=result.entry_ids[0]).fiscal_year.start_date == date(2031, 1, 1)


@pytest.mark.slow
def test_a_committed_import_checks_every_batch_at_its_commit(race: Company) -> None:
    with tenant_context(race):
        try:
            entries = [entry(n, key=n % 2 == 0) for n in range(2500)]
            entries[2300]["lines"][0]["debit"] = "0"

            with pytest.raises(ImportRefused) as info:
                journal_entries_import(entries=entries, actor=ALICE)
            entries[2300]["lines"][0]["debit"] = entries[2300]["lines"][1]["credit"]
            result = journal_entries_import(entries=entries, actor=ALICE)

            assert info.value.result.batches == 2 and info.value.index == 2300
            # Keyed entries of the first two batches are skipped; the others have no key: again.
            assert (result.created, result.skipped) == (1500, 1000)
            assert JournalEntry.objects.count() == 3500
            numbers = JournalEntry.objects.values_list("number", flat=True)
            assert sorted(n or 0 for n in numbers) == list(range(1, 3501))
            assert chain_problems() == totals_problems() == []
        finally:
            connections.close_all()


# --- the command ----------------------------------------------------------------------------------

CSV = """entry,date,memo,reference,idempotency_key,account,debit,credit,currency,description
1,2026-03-02,Sale,INV-1,inv-1,1120,100.00,,,
1,,,,,4100,,100.00,,goods
2,2026-03-03,Rent,R-3,,6100,1200.00,,,
2,2026-03-03,,,,1120,,1200.00,,
"""


@tenant_db
def test_the_command_imports_a_csv_file(books: Company, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "entries.csv"
    path.write_text(CSV)

    call_command("import_entries", books.slug, str(path))
    call_command("import_entries", books.slug, str(path), "--batch-size", "1")

    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"acme: imported 2 entries (0 already there) in 1 batch(es) from {path}"
    assert out[1] == f"acme: imported 1 entries (1 already there) in 2 batch(es) from {path}"  # no key
    sale = JournalEntry.objects.get(idempotency_key="inv-1")
    assert (sale.memo, sale.reference, sale.created_by_name) == ("Sale", "INV-1", "import")
    assert list(sale.lines.values_list("account__code", "amount", "description")) == [
        ("1120", Decimal("100.00"), ""),
        ("4100", Decimal("100.00"), "goods"),
    ]
    assert JournalLine.objects.filter(account=Account.objects.get(code="6100")).count() == 2


@tenant_db
def test_the_command_imports_a_jsonl_file_with_exact_numbers(
    books: Company, tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "entries.jsonl"
    posted = [{"account": "1120", "debit": 0.1}, {"account": "4100", "credit": "0.1"}]
    draft = [{"account": "1120", "debit": "2"}, {"account": "4100", "credit": 2}]
    day = "2026-03-02"
    rows = [{"date": day, "lines": posted}, {"date": day, "status": "draft", "lines": draft}]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n\n")

    call_command("import_entries", books.slug, str(path))

    assert "imported 2 entries" in capsys.readouterr().out
    assert list(JournalEntry.objects.order_by("pk").values_list("status", flat=True)) == ["posted", "draft"]
    assert JournalLine.objects.filter(amount=Decimal("0.10")).count() == 2


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("e.csv", CSV.replace("1120,100.00", "9999,100.00"),
         "e.csv: row 2: entry 0 (lines[0].account): No account '9999'. Nothing of batch 1 (entries 0-1) "
         "was written; nothing was imported."),
        ("e.csv", CSV.replace("2,2026-03-03,,,", "2,2026-03-04,,,"),
         "e.csv: row 5: entry '2' has another date on an earlier row"),
        ("e.csv", "entry,date,account,debit,colour\n", "e.csv: row 1: unknown column 'colour'"),
        ("e.csv", CSV + "1,2026-03-02,,,,1120,1.00,,,\n",
         "e.csv: row 6: the rows of entry '1' must be one after the other"),
        ("e.jsonl", '{"date": "2026-03-02", "lines": []}\n{"date": \n',
         "e.jsonl: line 2: not JSON (Expecting value, column 1)"),
        ("e.jsonl", '{"date": "2026-03-02", "lines": [{"account": "1120", "debit": "1"}]}\n',
         "e.jsonl: line 1: entry 0 (lines): A journal entry needs at least two lines."),
        ("e.txt", "", "e.txt: unknown format; use a .csv or .jsonl file"),
    ],
)  # fmt: skip
@tenant_db
def test_the_command_stops_with_one_line_on_bad_input(
    books: Company, tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text)

    with pytest.raises(CommandError) as info:
        call_command("import_entries", books.slug, str(path))

    assert str(info.value).startswith(f"{tmp_path}/")
    assert str(info.value).removeprefix(f"{tmp_path}/").startswith(message)
    assert "\n" not in str(info.value)
    assert not JournalEntry.objects.exists()
