from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from bank.formats import CsvProfile, StatementFormatError, parse_statement, write_csv
from bank.formats.csvfile import number

from .expected import ACCOUNT, CSV_PROFILES, LINES, comparable, sample

DE = CSV_PROFILES["csv_sample_de.csv"]
US = CSV_PROFILES["csv_sample_us.csv"]
SIMPLE = CsvProfile(columns={"booking_date": "Date", "amount": "Amount"}, default_currency="EUR")


@pytest.mark.parametrize("name", sorted(CSV_PROFILES))
def test_it_reads_the_sample_statement(name: str) -> None:
    statement = parse_statement(sample(name), csv_profile=CSV_PROFILES[name])

    assert statement.format == "csv"
    assert (statement.account, statement.currency) == (ACCOUNT, "EUR")
    assert (statement.opening_balance, statement.closing_balance) == (None, None)
    assert [comparable(line) for line in statement.lines] == [comparable(line) for line in LINES]


def test_a_csv_file_needs_a_profile() -> None:
    with pytest.raises(StatementFormatError, match="needs a profile"):
        parse_statement(sample("csv_sample_us.csv"))


@pytest.mark.parametrize(
    ("text", "profile", "expected"),
    [
        ("-1.234,56", DE, "-1234.56"),
        ("1234,56-", DE, "-1234.56"),
        ("12.000,00 €", DE, "12000.00"),
        ("0,5", DE, "0.5"),
        ("1,234.56", US, "1234.56"),
        ("(12.00)", US, "-12.00"),
        ("+3.50", US, "3.50"),
        ("$ 1,000", US, "1000"),
        ("", US, None),
    ],
)
def test_numbers_are_read_as_the_profile_writes_them(
    text: str, profile: CsvProfile, expected: str | None
) -> None:
    assert number(text, profile, "line 1") == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize(
    ("text", "profile"), [("1.234.5", DE), ("1,23,4.00", US), ("12a", US), ("-", US), ("1.2", DE)]
)
def test_a_malformed_number_is_refused(text: str, profile: CsvProfile) -> None:
    with pytest.raises(StatementFormatError, match=r"^line 1: amount '.*' is not a number$"):
        number(text, profile, "line 1: amount")


def test_an_amount_with_a_direction_column() -> None:
    profile = replace(SIMPLE, columns={**SIMPLE.columns, "direction": "S/H"}, decimal_separator=",")
    data = b'Date,Amount,S/H\n2026-03-02,"5,00",S\n2026-03-03,"7,00",H\n'

    assert [line.amount for line in parse_statement(data, "csv", profile).lines] == [
        Decimal("-5.00"),
        Decimal("7.00"),
    ]


def test_a_file_without_a_header_is_read_by_column_positions() -> None:
    profile = CsvProfile(
        has_header=False, columns={"booking_date": "0", "amount": "2"}, default_currency="USD"
    )

    (line,) = parse_statement(b"2026-03-02,ignored,-4.20\n\n", "csv", profile).lines

    assert (line.amount, line.currency) == (Decimal("-4.20"), "USD")


def test_a_utf8_profile_reads_a_file_with_a_byte_order_mark() -> None:
    data = "\ufeffDate,Amount\n2026-03-02,1.00\n".encode()

    assert len(parse_statement(data, "csv", SIMPLE).lines) == 1


@pytest.mark.parametrize(
    ("data", "profile", "message"),
    [
        (
            b"Date,Amount\n2026-03-02,1.00\n2026-13-02,1.00\n",
            SIMPLE,
            r"^line 3: booking date '2026-13-02' does not",
        ),
        (
            b"Date,Amount\n2026-03-02,1,00\n",
            replace(SIMPLE, delimiter=";"),
            r"^line 1: the header has no column 'Date'",
        ),
        (b"Date,Amount\n2026-03-02,x\n", SIMPLE, r"^line 2: amount 'x' is not a number$"),
        (b"Date,Amount\n2026-03-02\n", SIMPLE, r"^line 2: the row has 1 columns, amount is column 2"),
        (b"Date,Amount\n,1.00\n", SIMPLE, r"^line 2: the booking date is empty$"),
        (b"Date,Amount\n\n\n", replace(SIMPLE, skip_rows=5), r"no header row after the 5 rows skipped"),
        (
            "Date,Amount\n2026-03-02,1.00\nä".encode("cp1252"),
            SIMPLE,
            r"^line 3: the bytes are not utf-8 text",
        ),
        (
            b"Date,Amount,Currency\n2026-03-02,1.00,Euro\n",
            replace(SIMPLE, columns={**SIMPLE.columns, "currency": "Currency"}),
            r"^line 2: currency 'EURO' is not an ISO code$",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_the_line(data: bytes, profile: CsvProfile, message: str) -> None:
    with pytest.raises(StatementFormatError, match=message):
        parse_statement(data, "csv", profile)


def test_line_numbers_count_preamble_rows_and_quoted_line_breaks() -> None:
    data = sample("csv_sample_de.csv").decode("cp1252").replace("-3,50", "-3,5x").encode("cp1252")

    with pytest.raises(StatementFormatError, match=r"^line 13: amount '-3,5x' is not a number$"):
        parse_statement(data, "csv", DE)


def test_debit_and_credit_columns_both_empty_are_refused() -> None:
    data = sample("csv_sample_us.csv").replace(b",3.50,,", b",,,")

    with pytest.raises(StatementFormatError, match=r"^line 6: neither the debit nor the credit column"):
        parse_statement(data, "csv", US)


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (CsvProfile(columns={"amount": "A"}, default_currency="EUR"), "booking_date column is required"),
        (
            CsvProfile(columns={"booking_date": "D"}, default_currency="EUR"),
            "either an amount column or both",
        ),
        (replace(SIMPLE, columns={**SIMPLE.columns, "debit": "S"}), "either an amount column or both"),
        (
            CsvProfile(columns={"booking_date": "D", "debit": "S"}, default_currency="EUR"),
            "both debit and credit",
        ),
        (replace(SIMPLE, columns={**SIMPLE.columns, "payee": "P"}), "unknown field 'payee'"),
        (replace(SIMPLE, encoding="klingon-1"), "unknown encoding 'klingon-1'"),
        (replace(SIMPLE, delimiter=";;"), "must be one character"),
        (replace(SIMPLE, decimal_separator=",", thousands_separator=","), "thousands separator"),
        (replace(SIMPLE, date_format="dd.mm.yyyy"), "has no % code"),
        (replace(SIMPLE, has_header=False), "0-based positions"),
        (replace(SIMPLE, default_currency=""), "currency column or a default_currency"),
        (replace(SIMPLE, skip_rows=-1), "skip_rows cannot be negative"),
    ],
)
def test_an_impossible_profile_is_refused(profile: CsvProfile, message: str) -> None:
    with pytest.raises(StatementFormatError, match=message):
        profile.validate()


@pytest.mark.parametrize("name", sorted(CSV_PROFILES))
def test_a_written_statement_reads_back_the_same(name: str) -> None:
    profile = CSV_PROFILES[name]
    original = parse_statement(sample(name), csv_profile=profile)

    assert parse_statement(write_csv(original, profile), "csv", profile) == original


def test_another_format_written_as_csv_reads_back_the_same_lines() -> None:
    original = parse_statement(sample("camt053_v08_sample.xml"))

    again = parse_statement(write_csv(original, DE), "csv", DE)

    assert [comparable(line) for line in again.lines] == [comparable(line) for line in original.lines]


def test_the_writer_refuses_text_the_encoding_cannot_hold() -> None:
    original = parse_statement(sample("csv_sample_de.csv"), csv_profile=DE)
    greek = replace(original, lines=(replace(original.lines[0], description="Ευχαριστώ"),))

    with pytest.raises(ValueError, match="cp1252 cannot hold"):
        write_csv(greek, DE)
