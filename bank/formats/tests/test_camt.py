from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from bank.formats import (
    ParsedStatement,
    StatementFormatError,
    check_balances,
    parse_statement,
    parse_statements,
    write_camt053,
)

from .expected import ACCOUNT, CLOSING, LINES, OPENING, PERIOD, comparable, sample

CAMT_SAMPLES = ["camt053_v02_sample.xml", "camt053_v08_sample.xml"]


def _entry(amount: str = "10.00", indicator: str = "CRDT", extra: str = "") -> str:
    return (
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{indicator}</CdtDbtInd><Sts>BOOK</Sts>'
        f"<BookgDt><Dt>2026-03-02</Dt></BookgDt>{extra}</Ntry>"
    )


def _statement(*entries: str, iban: str = "DE89370400440532013000") -> str:
    account = f"<Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
    return f"<Stmt><Id>S-{iban[-4:]}</Id>{account}{''.join(entries)}</Stmt>"


def _document(*statements: str, version: str = "02") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>M</MsgId><CreDtTm>2026-03-03T00:00:00</CreDtTm></GrpHdr>{''.join(statements)}"
        "</BkToCstmrStmt></Document>"
    ).encode()


@pytest.mark.parametrize("name", CAMT_SAMPLES)
def test_it_reads_the_sample_statement(name: str) -> None:
    statement = parse_statement(sample(name))

    assert statement.format == "camt053"
    assert statement.account == ACCOUNT
    assert statement.currency == "EUR"
    assert statement.statement_id == "2026-01-0532013000"
    assert (statement.period_start, statement.period_end) == PERIOD
    assert (statement.opening_balance, statement.closing_balance) == (OPENING, CLOSING)
    assert [comparable(line) for line in statement.lines] == [comparable(line) for line in LINES]
    check_balances(statement)


def test_it_keeps_the_iso_bank_transaction_code_or_the_banks_own() -> None:
    codes = [line.bank_code for line in parse_statement(sample("camt053_v08_sample.xml")).lines]

    assert codes[0] == "PMNT-RCDT-ESCT"
    assert codes[4] == "NMSC+805+6000"


def test_a_debit_is_negative_and_a_credit_positive() -> None:
    data = _document(_statement(_entry("10.00", "CRDT"), _entry("2.50", "DBIT")))

    assert [line.amount for line in parse_statement(data).lines] == [Decimal("10.00"), Decimal("-2.50")]


def test_the_counterparty_is_the_debtor_of_a_credit_and_the_creditor_of_a_debit() -> None:
    parties = (
        "<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Payer</Nm></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051"
        "</IBAN></Id></DbtrAcct><Cdtr><Nm>Payee</Nm></Cdtr><CdtrAcct><Id><Othr><Id>12345</Id></Othr></Id>"
        "</CdtrAcct></RltdPties></TxDtls></NtryDtls>"
    )
    data = _document(_statement(_entry("1", "CRDT", parties), _entry("1", "DBIT", parties)))

    credit, debit = parse_statement(data).lines

    assert (credit.counterparty_name, credit.counterparty_account) == ("Payer", "DE02120300000000202051")
    assert (debit.counterparty_name, debit.counterparty_account) == ("Payee", "12345")


def test_a_batch_whose_parts_do_not_add_up_stays_one_line() -> None:
    details = (
        "<NtryDtls><TxDtls><AmtDtls><TxAmt><Amt Ccy='EUR'>6.00</Amt></TxAmt></AmtDtls></TxDtls>"
        "<TxDtls><AmtDtls><TxAmt><Amt Ccy='EUR'>5.00</Amt></TxAmt></AmtDtls></TxDtls></NtryDtls>"
        "<AddtlNtryInf>Sammler</AddtlNtryInf>"
    )
    data = _document(_statement(_entry("10.00", "DBIT", details)))

    (line,) = parse_statement(data).lines

    assert (line.amount, line.description) == (Decimal("-10.00"), "Sammler")


def test_pending_entries_are_not_lines() -> None:
    pending = _entry("99.00").replace("<Sts>BOOK</Sts>", "<Sts>PDNG</Sts>")

    assert [line.amount for line in parse_statement(_document(_statement(_entry(), pending))).lines] == [
        Decimal("10.00")
    ]


def test_a_file_with_several_statements_is_read_by_parse_statements_only() -> None:
    data = _document(_statement(_entry()), _statement(_entry("3.00"), iban="DE02120300000000202051"))

    statements = parse_statements(data)

    assert [s.account for s in statements] == ["DE89370400440532013000", "DE02120300000000202051"]
    assert [len(s.lines) for s in statements] == [1, 1]
    with pytest.raises(StatementFormatError, match="holds 2 statements"):
        parse_statement(data)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (_entry("12,50"), r"line 1: Ntry: amount '12,50' is not a number"),
        (_entry("1.00", "XXXX"), r"CdtDbtInd 'XXXX' is neither CRDT nor DBIT"),
        (
            _entry().replace("<Dt>2026-03-02</Dt>", "<Dt>2026-02-30</Dt>"),
            r"BookgDt '2026-02-30' is not a date",
        ),
        (_entry().replace("<BookgDt><Dt>2026-03-02</Dt></BookgDt>", ""), r"Ntry has no BookgDt"),
    ],
)
def test_a_bad_entry_is_refused_with_a_message_naming_it(entry: str, message: str) -> None:
    with pytest.raises(StatementFormatError, match=message):
        parse_statement(_document(_statement(entry)))


def test_messages_name_the_line_of_the_file() -> None:
    data = sample("camt053_v02_sample.xml").replace(b'<Amt Ccy="EUR">49.99</Amt>', b'<Amt Ccy="EUR">4x</Amt>')

    with pytest.raises(StatementFormatError, match=r"^line 188: Ntry: amount '4x' is not a number$"):
        parse_statement(data)


def test_a_camt_054_notification_is_not_taken_for_a_statement() -> None:
    data = _document(_statement(_entry())).replace(b"camt.053.001.02", b"camt.054.001.02")

    with pytest.raises(StatementFormatError, match=r"camt\.054\.001\.02, not a CAMT\.053"):
        parse_statement(data, "camt053")


def test_a_truncated_file_is_refused_naming_the_line() -> None:
    with pytest.raises(StatementFormatError, match=r"^line \d+: the XML is malformed or truncated"):
        parse_statement(sample("hostile_truncated_camt053.xml"))


@pytest.mark.parametrize("name", ["hostile_billion_laughs.xml", "hostile_external_entity.xml"])
def test_entity_declarations_are_refused_outright(name: str) -> None:
    with pytest.raises(StatementFormatError, match="line 2: the file declares a DOCTYPE"):
        parse_statement(sample(name), "camt053")


def test_a_doctype_the_byte_scan_cannot_see_is_refused_too() -> None:
    text = sample("hostile_external_entity.xml").decode().replace(' encoding="UTF-8"', "")

    with pytest.raises(StatementFormatError, match="declares a DOCTYPE"):
        parse_statement(text.encode("utf-16"), "camt053")


@pytest.mark.parametrize("version", ["001.02", "001.04", "001.06", "001.08"])
def test_a_written_statement_reads_back_the_same(version: str) -> None:
    original = parse_statement(sample("camt053_v02_sample.xml"))

    again = parse_statement(write_camt053(original, version))

    assert again == original


def test_the_writer_splits_long_remittance_text_and_the_reader_joins_it() -> None:
    original = parse_statement(sample("camt053_v08_sample.xml"))
    long_text = " ".join(["Rechnung RE-2026-0001"] * 20)
    statement = replace(original, lines=(replace(original.lines[0], description=long_text),))
    statement = replace(statement, opening_balance=None, closing_balance=None)

    data = write_camt053(statement)

    assert data.count(b"<Ustrd>") == 4
    assert parse_statement(data).lines[0].description == long_text


def test_an_unknown_version_is_not_written() -> None:
    statement = ParsedStatement("camt053", ACCOUNT, "EUR", "", None, None, None, None, ())

    with pytest.raises(ValueError, match=r"001\.99"):
        write_camt053(statement, "001.99")


def test_a_reversal_is_signed_by_its_own_credit_debit_indicator() -> None:
    reversal = _entry("25.00", "DBIT", "").replace("<Sts>", "<RvslInd>true</RvslInd><Sts>")

    assert parse_statement(_document(_statement(reversal))).lines[0].amount == Decimal("-25.00")
