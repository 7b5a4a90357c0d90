"""Bank statement files: CAMT.053, OFX/QFX, MT940 and CSV read into one shape, and written back.

Pure Python, no database: the bank app imports what these functions return.
"""

from .base import (
    FORMATS,
    MAX_STATEMENT_BYTES,
    BalanceMismatch,
    ParsedLine,
    ParsedStatement,
    StatementFormatError,
    check_balances,
    check_size,
)
from .camt import write_camt053
from .csvfile import CsvProfile, write_csv
from .detect import detect_format
from .mt940file import write_mt940
from .ofx import write_ofx
from .reading import parse_statement, parse_statements

__all__ = [
    "FORMATS",
    "MAX_STATEMENT_BYTES",
    "BalanceMismatch",
    "CsvProfile",
    "ParsedLine",
    "ParsedStatement",
    "StatementFormatError",
    "check_balances",
    "check_size",
    "detect_format",
    "parse_statement",
    "parse_statements",
    "write_camt053",
    "write_csv",
    "write_mt940",
    "write_ofx",
]
