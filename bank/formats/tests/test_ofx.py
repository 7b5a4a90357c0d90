from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bank.formats import StatementFormatError, detect_format, parse_statement, parse_statements, write_ofx

from .expected import ACCOUNT, CLOSING, LINES, PERIOD, comparable, sample

OFX_SAMPLES = ["ofx_sample.ofx", "qfx_sample.qfx"]


@pytest.mark.parametrize("name", OFX_SAMPLES)
def test_it_reads_the_sample_statement(name: str) -> None:
    statement = parse_statement(sample(name))

    assert statement.format == "ofx"
    assert (statement.account, statement.currency) == (ACCOUNT, "EUR")
    assert (statement.period_start, statement.period_end) == PERIOD
    assert (statement.opening_balance, statement.closing_balance) == (None, CLOSING)
    assert [comparable(line) for line in statement.lines] == [comparable(line) for line in LINES]


def test_the_transaction_type_is_the_bank_code() -> None:
    codes = [line.bank_code for line in parse_statement(sample("ofx_sample.ofx")).lines]

    assert codes[:5] == ["CREDIT", "DEBIT", "DIRECTDEBIT", "CREDIT", "SRVCHG"]


def test_a_late_evening_booking_keeps_the_banks_date() -> None:
    # 23:30 in New York is the next day in UTC: the booking date is the one the bank wrote.
    line = parse_statement(sample("qfx_sample.qfx")).lines[1]

    assert line.booking_date == date(2026, 1, 5)


def _sgml() -> bytes:
    return sample("ofx_sample.ofx")


@pytest.mark.parametrize(
    ("quirk", "change"),
    [
        ("no header at all", lambda d: d[d.index(b"<OFX>") :]),
        (
            "a byte-order mark and CHARSET:UTF-8",
            lambda d: (
                b"\xef\xbb\xbf" + d.decode("cp1252").replace("CHARSET:1252", "CHARSET:UTF-8").encode("utf-8")
            ),
        ),
        ("LF line ends", lambda d: d.replace(b"\r\n", b"\n")),
        ("lower-case tags", lambda d: d.replace(b"<NAME>", b"<name>").replace(b"</STMTTRN>", b"</stmttrn>")),
        (
            "an element without a value",
            lambda d: d.replace(b"<DTUSER>20260102000000.000[+1:CET]", b"<DTUSER>"),
        ),
        (
            "closed elements mixed with open ones",
            lambda d: d.replace(b"<TRNAMT>-3.50", b"<TRNAMT>-3.50</TRNAMT>"),
        ),
        ("an XML-style empty element", lambda d: d.replace(b"<TRNTYPE>SRVCHG", b"<TRNTYPE>SRVCHG<SIC/>")),
    ],
)
def test_real_world_quirks_are_read(quirk: str, change: Callable[[bytes], bytes]) -> None:
    statement = parse_statement(change(_sgml()))

    assert [comparable(line) for line in statement.lines] == [comparable(line) for line in LINES], quirk


def test_escaped_and_raw_ampersands_both_read_as_one() -> None:
    escaped = _sgml().replace(b"M\xfcller & S\xf6hne", b"M\xfcller &amp; S\xf6hne")

    assert parse_statement(escaped).lines[0].counterparty_name == "Müller & Söhne GmbH"


def test_a_credit_card_statement_is_read() -> None:
    data = (
        b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
        b"COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS>"
        b"<TRNUID>1<CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>4111 1111 1111 1111</CCACCTFROM><BANKTRANLIST>"
        b"<STMTTRN><TRNTYPE>POS<DTPOSTED>20260131120000[-5:EST]<TRNAMT>-12.34<FITID>A1<NAME>Coffee</STMTTRN>"
        b"</BANKTRANLIST><LEDGERBAL><BALAMT>-12.34<DTASOF>20260131</LEDGERBAL></CCSTMTRS></CCSTMTTRNRS>"
        b"</CREDITCARDMSGSRSV1></OFX>"
    )

    (statement,) = parse_statements(data)

    assert (statement.account, statement.currency) == ("4111111111111111", "USD")
    assert [(line.amount, line.counterparty_name) for line in statement.lines] == [
        (Decimal("-12.34"), "Coffee")
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d[:2000], r"^line \d+: the OFX file is truncated: it has no closing </OFX>$"),
        (
            lambda d: d.replace(b"</BANKACCTTO>", b"", 1),
            r"^line 58: the OFX markup is broken: </STMTTRN> where",
        ),
        (
            lambda d: d.replace(b"-49,99", b"-49,9x"),
            r"^STMTTRN 3 \(FITID 20260108-0003\): TRNAMT: amount '-49,9x'",
        ),
        (
            lambda d: d.replace(b"<DTPOSTED>20260108", b"<DTPOSTED>2026-01-08"),
            r"DTPOSTED '2026-01-08' is not",
        ),
        (
            lambda d: d.replace(b"<DTPOSTED>20260108", b""),
            r"^STMTTRN 3 \(FITID 20260108-0003\): DTPOSTED is missing$",
        ),
        (lambda d: d.replace(b"<CURDEF>EUR", b""), r"CURDEF is missing"),
        (
            lambda d: d.replace(b"<STMTRS>", b"<XSTMTRS>").replace(b"</STMTRS>", b"</XSTMTRS>"),
            "holds no bank",
        ),
    ],
)
def test_a_broken_file_is_refused_with_a_message_naming_where(
    change: Callable[[bytes], bytes], message: str
) -> None:
    with pytest.raises(StatementFormatError, match=message):
        parse_statement(change(_sgml()), "ofx")


@pytest.mark.parametrize("name", OFX_SAMPLES)
def test_a_written_statement_reads_back_the_same(name: str) -> None:
    original = parse_statement(sample(name))

    data = write_ofx(original)

    assert detect_format(data) == "ofx"
    assert parse_statement(data) == original


def test_the_writer_uses_windows_1252_when_it_can_and_utf_8_when_it_must() -> None:
    statement = parse_statement(sample("ofx_sample.ofx"))
    line = statement.lines[0]
    greek = statement.__class__(
        **{**statement.__dict__, "lines": (line.__class__(**{**line.__dict__, "description": "Ευχαριστώ"}),)}
    )

    assert b"CHARSET:1252" in write_ofx(statement)
    assert b"CHARSET:NONE" in write_ofx(greek)
    assert parse_statement(write_ofx(greek)).lines[0].description == "Ευχαριστώ"


def test_a_qfx_carries_the_intuit_bank_id() -> None:
    data = write_ofx(parse_statement(sample("qfx_sample.qfx")), intu_bid="10898")

    assert b"<INTU.BID>10898" in data
    assert len(parse_statement(data).lines) == len(LINES)


def test_the_truncated_sample_is_refused() -> None:
    with pytest.raises(StatementFormatError, match="truncated"):
        parse_statement(sample("hostile_truncated_ofx.ofx"))
