from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bank.formats import StatementFormatError, check_balances, parse_statement, parse_statements, write_mt940

from .expected import ACCOUNT, CLOSING, LINES, OPENING, PERIOD, comparable, sample


def _mt940(*lines: str, opening: str = "C260301EUR100,00", closing: str = "C260331EUR100,00") -> bytes:
    body = "\r\n".join([":20:STARTUMS", ":25:DE89370400440532013000", ":28C:7/1", f":60F:{opening}", *lines])
    return (body + f"\r\n:62F:{closing}\r\n-\r\n").encode("utf-8")


def test_it_reads_the_sample_statement() -> None:
    statement = parse_statement(sample("mt940_sample.sta"))

    assert statement.format == "mt940"
    assert (statement.account, statement.currency, statement.statement_id) == (ACCOUNT, "EUR", "STARTUMS")
    assert (statement.period_start, statement.period_end) == PERIOD
    assert (statement.opening_balance, statement.closing_balance) == (OPENING, CLOSING)
    assert [comparable(line) for line in statement.lines] == [comparable(line) for line in LINES]
    check_balances(statement)


def test_the_bank_code_is_the_transaction_type_and_the_german_business_code() -> None:
    codes = [line.bank_code for line in parse_statement(sample("mt940_sample.sta")).lines]

    assert codes[:5] == ["NTRF+166", "NTRF+177", "NDDT+105", "NTRF+166", "NCHG"]


def test_the_entry_date_is_the_booking_date_and_the_first_date_the_value_date() -> None:
    line = parse_statement(_mt940(":61:2603310401D1,00NTRFNONREF", ":86:x")).lines[0]

    assert (line.booking_date, line.value_date) == (date(2026, 4, 1), date(2026, 3, 31))


def test_an_entry_date_across_new_year_takes_the_next_year() -> None:
    line = parse_statement(_mt940(":61:2512310102D1,00NTRFNONREF", ":86:x")).lines[0]

    assert (line.booking_date, line.value_date) == (date(2026, 1, 2), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("mark", "amount"),
    [
        ("C", "5.00"),
        ("D", "-5.00"),
        ("RC", "-5.00"),
        ("RD", "5.00"),
        ("c", "5.00"),
        ("d", "-5.00"),
        ("DR", "-5.00"),
    ],
)
def test_credit_debit_and_reversal_marks_sign_the_amount(mark: str, amount: str) -> None:
    line = parse_statement(_mt940(f":61:260302{mark}5,00NTRFNONREF", ":86:x")).lines[0]

    assert line.amount == Decimal(amount)


def test_free_text_details_join_lines_cut_at_the_full_width_directly() -> None:
    first = "Abschluss Zinsen und Entgelte per 31.03.2026 laut beiliegender Ab"
    assert len(first) == 65
    line = parse_statement(_mt940(":61:260331D9,90NCHGNONREF", f":86:{first}", "rechnung", "Danke")).lines[0]

    assert line.description == f"{first}rechnung Danke"


def test_dutch_structured_details_are_read() -> None:
    details = (
        ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/J. de Vries"
        "\r\n/REMI/Factuur 2026-17/EREF/NOTPROVIDED"
    )
    line = parse_statement(_mt940(":61:260302C5,00NTRFNONREF", details)).lines[0]

    assert (line.counterparty_name, line.counterparty_account) == ("J. de Vries", "NL91ABNA0417164300")
    assert (line.description, line.reference) == ("Factuur 2026-17", "")


def test_the_customer_reference_of_61_is_the_reference_when_details_have_none() -> None:
    line = parse_statement(_mt940(":61:260302C5,00NTRFABC-123//BANK1", ":86:Gutschrift")).lines[0]

    assert (line.reference, line.transaction_id) == ("ABC-123", "BANK1")


def test_a_swift_envelope_and_a_byte_order_mark_are_read_through() -> None:
    data = (
        b"\xef\xbb\xbf{1:F01COBADEFFAXXX0000000000}{2:O9401200260201COBADEFFXXXX00000000002602011200N}{4:\r\n"
    )
    data += _mt940(":61:260302C5,00NTRFNONREF", ":86:x") + b"-}{5:{CHK:0123456789AB}}\r\n"

    assert len(parse_statement(data).lines) == 1


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        ("DE89 3704 0044 0532 0130 00", ACCOUNT),
        ("DE89370400440532013000EUR", ACCOUNT),
        ("37040044/532013000", "37040044/532013000"),
    ],
)
def test_the_account_is_normalised(account: str, expected: str) -> None:
    data = _mt940(":61:260302C5,00NTRFNONREF").replace(b"DE89370400440532013000", account.encode())

    assert parse_statement(data).account == expected


def test_windows_1252_text_is_read() -> None:
    data = _mt940(":61:260302C5,00NTRFNONREF", ":86:Gebühr 5 €").decode().encode("cp1252")

    assert parse_statement(data).lines[0].description == "Gebühr 5 €"


def test_a_file_of_two_days_is_two_statements() -> None:
    day1 = _mt940(":61:260302C5,00NTRFNONREF", closing="C260302EUR105,00")
    day2 = _mt940(":61:260303D5,00NTRFNONREF", opening="C260302EUR105,00")

    statements = parse_statements(day1 + day2)

    assert [s.closing_balance for s in statements] == [Decimal("105.00"), Decimal("100.00")]
    with pytest.raises(StatementFormatError, match="holds 2 statements"):
        parse_statement(day1 + day2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_mt940(":61:260302X5,00NTRFNONREF"), r"^line 5: the :61: tag cannot be read"),
        (_mt940(":61:261302C5,00NTRFNONREF"), r"^line 5: the :61: tag cannot be read: a date or amount"),
        (_mt940(":61:260302C5,0,0NTRFNONREF"), r"^line 5: the :61: tag cannot be read"),
        (_mt940(opening="C260301EURx"), r"^line 4: the :60F: tag cannot be read"),
        (_mt940().replace(b":25:DE89370400440532013000\r\n", b""), r":25: account is missing"),
        (_mt940().split(b":62F:")[0], r":62F: closing balance is missing \(is the file cut short\?\)$"),
        (b":25:DE89370400440532013000\r\n:60F:C260301EUR1,00\r\n", "no :20: tag"),
    ],
)
def test_a_broken_file_is_refused_naming_the_line_and_tag(data: bytes, message: str) -> None:
    with pytest.raises(StatementFormatError, match=message):
        parse_statement(data, "mt940")


def test_the_truncated_sample_is_refused() -> None:
    with pytest.raises(StatementFormatError, match="closing balance is missing"):
        parse_statement(sample("hostile_truncated_mt940.sta"))


@pytest.mark.parametrize("name", ["mt940_sample.sta", "camt053_v08_sample.xml", "qfx_sample.qfx"])
def test_a_written_statement_reads_back_the_same_lines(name: str) -> None:
    original = parse_statement(sample(name))

    again = parse_statement(write_mt940(original))

    assert [comparable(line) for line in again.lines] == [comparable(line) for line in original.lines]
    assert again.closing_balance == original.closing_balance
    if name == "mt940_sample.sta":
        assert again == original


def test_a_broken_file_leaves_no_bank_data_in_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    data = _mt940(":61:260302X5,00NTRFSECRET-REF-4711", ":86:?32Secret Customer Name")

    with pytest.raises(StatementFormatError):
        parse_statement(data, "mt940")
    parse_statement(sample("ofx_sample.ofx"))

    assert "SECRET-REF-4711" not in caplog.text
    assert "Müller" not in caplog.text
