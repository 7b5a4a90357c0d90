from __future__ import annotations

import pytest

from bank.formats import StatementFormatError, detect_format

from .expected import sample


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("camt053_v02_sample.xml", "camt053"),
        ("camt053_v08_sample.xml", "camt053"),
        ("ofx_sample.ofx", "ofx"),
        ("qfx_sample.qfx", "ofx"),
        ("mt940_sample.sta", "mt940"),
    ],
)
def test_it_recognises_each_sample(name: str, expected: str) -> None:
    assert detect_format(sample(name)) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbfOFXHEADER:100\r\nDATA:OFXSGML\r\n", "ofx"),
        (b"<OFX><SIGNONMSGSRSV1>", "ofx"),
        (b'<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="220"?>\n<OFX>', "ofx"),
        (b"{1:F01COBADEFFAXXX}{4:\r\n:20:STARTUMS\r\n:25:37040044/0532013000\r\n:28C:1/1\r\n", "mt940"),
        (b":20:STARTUMS\n:25:DE89370400440532013000\n:60F:C260101EUR1,00\n", "mt940"),
        (b"Buchungstag;Betrag\n02.01.2026;2.380,00\n", "csv"),
        ("\ufeffDate,Amount\n01/02/2026,1.00\n".encode("utf-16"), "csv"),
    ],
)
def test_it_tells_formats_apart_by_content(data: bytes, expected: str) -> None:
    assert detect_format(data) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \r\n\r\n", "the file is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "not text"),
        (b"abc\x00def\x00", "not text"),
        (
            b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">',
            "camt.054",
        ),
        (b'<?xml version="1.0"?><html><body>', "neither a CAMT.053 statement nor OFX"),
    ],
)
def test_it_refuses_what_is_no_statement(data: bytes, message: str) -> None:
    with pytest.raises(StatementFormatError, match=message):
        detect_format(data)
