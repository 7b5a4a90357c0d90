"""Every sample holds the same statement: each format reads to the same lines."""

from __future__ import annotations

import pytest

from bank.formats import detect_format, parse_statement

from .expected import ACCOUNT, CSV_PROFILES, LINES, comparable, sample

SAMPLES = {
    "camt053_v02_sample.xml": "camt053",
    "camt053_v08_sample.xml": "camt053",
    "ofx_sample.ofx": "ofx",
    "qfx_sample.qfx": "ofx",
    "mt940_sample.sta": "mt940",
    "csv_sample_de.csv": "csv",
    "csv_sample_us.csv": "csv",
}


@pytest.mark.parametrize(("name", "format"), sorted(SAMPLES.items()))
def test_every_format_reads_to_the_same_lines(name: str, format: str) -> None:
    data = sample(name)

    statement = parse_statement(data, csv_profile=CSV_PROFILES.get(name))

    assert detect_format(data) == format
    assert statement.format == format
    assert (statement.account, statement.currency) == (ACCOUNT, "EUR")
    assert [comparable(line) for line in statement.lines] == [comparable(line) for line in LINES]
