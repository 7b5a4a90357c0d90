"""What every statement format parses into, the one error type, and the checks shared by all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from common.errors import DomainError

# A month of a busy account in CAMT.053 is a few megabytes; anything far beyond is not a statement.
MAX_STATEMENT_BYTES = 20 * 1024 * 1024

FORMATS = ("camt053", "ofx", "mt940", "csv")
_SPACES = re.compile(r"\s+")


class StatementFormatError(DomainError, ValueError):
    """A statement file that cannot be read; the message is one line and says where."""

    code = "statement_format"
    default_message = "The statement file cannot be read."

    def __init__(self, message: str | None = None, *, fields: dict[str, Any] | None = None) -> None:
        # One line whatever a file put into the message (a value quoted from it may hold breaks).
        super().__init__(_SPACES.sub(" ", message).strip() if message else None, fields=fields)


class BalanceMismatch(StatementFormatError):
    """Opening balance plus the lines does not give the closing balance."""

    code = "statement_balance_mismatch"

    def __init__(self, message: str, *, difference: Decimal) -> None:
        super().__init__(message, fields={"difference": str(difference)})
        self.difference = difference


@dataclass(frozen=True)
class ParsedLine:
    booking_date: date
    value_date: date | None
    amount: Decimal  # signed: positive is money in
    currency: str
    counterparty_name: str = ""
    counterparty_account: str = ""
    reference: str = ""
    description: str = ""
    transaction_id: str = ""
    bank_code: str = ""


@dataclass(frozen=True)
class ParsedStatement:
    format: str
    account: str
    currency: str
    statement_id: str
    period_start: date | None
    period_end: date | None
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    lines: tuple[ParsedLine, ...]


def check_size(n: int) -> None:
    """Refuse a file above MAX_STATEMENT_BYTES before reading it."""
    if n > MAX_STATEMENT_BYTES:
        raise StatementFormatError(
            f"file is {n:,} bytes; the limit is {MAX_STATEMENT_BYTES:,} bytes "
            f"({MAX_STATEMENT_BYTES // 2**20} MiB)"
        )


def check_balances(statement: ParsedStatement) -> None:
    """Opening balance + the lines must equal the closing balance, when the file gives both."""
    if statement.opening_balance is None or statement.closing_balance is None:
        return
    total = sum((line.amount for line in statement.lines), Decimal(0))
    expected = statement.opening_balance + total
    difference = statement.closing_balance - expected
    if difference:
        raise BalanceMismatch(
            f"opening balance {statement.opening_balance} plus {len(statement.lines)} lines ({total}) "
            f"gives {expected}, but the closing balance is {statement.closing_balance}: "
            f"a difference of {difference}",
            difference=difference,
        )


_PLAIN_DECIMAL = re.compile(r"[+-]?\d+(\.\d+)?")


def plain_decimal(text: str, where: str, what: str = "amount") -> Decimal:
    """A decimal written with digits and a dot only, as XML and OFX write them."""
    text = text.strip()
    if not _PLAIN_DECIMAL.fullmatch(text):
        raise StatementFormatError(f"{where}: {what} {text[:40]!r} is not a number")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise StatementFormatError(f"{where}: {what} {text[:40]!r} is not a number") from None


def amount_text(amount: Decimal) -> str:
    """At least two decimals (12.50), more only when the amount has them."""
    return f"{amount:.2f}" if int(amount.as_tuple().exponent) >= -2 else f"{amount:f}"


def iso_date(text: str, where: str, what: str = "date") -> date:
    """The date of an ISO date or date-time (its own local date: no conversion to UTC)."""
    text = text.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise StatementFormatError(f"{where}: {what} {text[:40]!r} is not a date (YYYY-MM-DD)") from None


def clean_text(text: str | None) -> str:
    """One line of text: runs of white space (line breaks of the file included) become one space."""
    if not text:
        return ""
    return _SPACES.sub(" ", text).strip()


def normalize_account(text: str | None) -> str:
    """An IBAN or account number without the spaces banks print for reading."""
    return _SPACES.sub("", text or "").upper()


def line_of(data: bytes, position: int) -> int:
    """The 1-based line number of a byte offset."""
    return data.count(b"\n", 0, position) + 1
