"""Read a statement file of any supported format: the one entry point callers use."""

from __future__ import annotations

from .base import FORMATS, ParsedStatement, StatementFormatError, check_size
from .camt import parse_camt053
from .csvfile import CsvProfile, parse_csv
from .detect import detect_format
from .mt940file import parse_mt940
from .ofx import parse_ofx


def parse_statements(
    data: bytes, format: str | None = None, csv_profile: CsvProfile | None = None
) -> list[ParsedStatement]:
    """Every statement in the file (CAMT.053, MT940 and OFX files may hold several)."""
    check_size(len(data))
    if format is None:
        format = detect_format(data)
    if format not in FORMATS:
        raise StatementFormatError(f"unknown statement format {format!r}; known: {', '.join(FORMATS)}")
    if format == "camt053":
        return parse_camt053(data)
    if format == "ofx":
        return parse_ofx(data)
    if format == "mt940":
        return parse_mt940(data)
    if csv_profile is None:
        raise StatementFormatError("a CSV file needs a profile saying which column holds what")
    return [parse_csv(data, csv_profile)]


def parse_statement(
    data: bytes, format: str | None = None, csv_profile: CsvProfile | None = None
) -> ParsedStatement:
    """The one statement of the file; a file holding several is refused (use parse_statements)."""
    statements = parse_statements(data, format, csv_profile)
    if len(statements) != 1:
        accounts = ", ".join(sorted({s.account for s in statements}))
        raise StatementFormatError(
            f"the file holds {len(statements)} statements ({accounts}); import them one by one"
        )
    return statements[0]
