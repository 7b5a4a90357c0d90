"""CSV exports, read through a profile that says which column holds what (every bank differs)."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from .base import ParsedLine, ParsedStatement, StatementFormatError, clean_text, line_of, normalize_account

FIELDS = (
    "booking_date",
    "value_date",
    "amount",
    "debit",
    "credit",
    "direction",
    "counterparty_name",
    "counterparty_account",
    "reference",
    "description",
    "transaction_id",
    "currency",
)
_THOUSANDS = ("", ".", ",", " ", "'")
_SYMBOLS = str.maketrans("", "", "€$£¥\u00a0 ")


@dataclass(frozen=True)
class CsvProfile:
    """How to read one bank's CSV export.

    `columns` maps a field of `FIELDS` to its column: the header text (matched ignoring case and
    surrounding spaces) or, without a header, the 0-based position as a string. The amount is one
    signed `amount` column, or `debit` and `credit` columns, or `amount` with a `direction` column
    whose values are among `debit_markers` / `credit_markers`.
    """

    delimiter: str = ","
    encoding: str = "utf-8"
    skip_rows: int = 0
    has_header: bool = True
    date_format: str = "%Y-%m-%d"
    decimal_separator: str = "."
    thousands_separator: str = ""
    columns: Mapping[str, str] = field(default_factory=dict)
    default_currency: str = ""
    debit_markers: tuple[str, ...] = ("D", "DR", "DBIT", "DEBIT", "S", "SOLL")
    credit_markers: tuple[str, ...] = ("C", "CR", "CRDT", "CREDIT", "H", "HABEN")
    account: str = ""  # the account the export is of, when its rows do not say

    def validate(self) -> None:
        """Refuse a profile no file could be read with."""
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            raise StatementFormatError(
                f"CSV profile: unknown field {', '.join(map(repr, unknown))}; fields are {', '.join(FIELDS)}"
            )
        if "booking_date" not in self.columns:
            raise StatementFormatError("CSV profile: the booking_date column is required")
        has_amount = "amount" in self.columns
        has_split = "debit" in self.columns or "credit" in self.columns
        if has_amount == has_split or (has_split and not {"debit", "credit"} <= set(self.columns)):
            raise StatementFormatError(
                "CSV profile: give either an amount column or both debit and credit columns"
            )
        if "direction" in self.columns and not has_amount:
            raise StatementFormatError("CSV profile: a direction column goes with an amount column")
        if len(self.delimiter) != 1 or self.delimiter in '\r\n"':
            raise StatementFormatError(f"CSV profile: the delimiter {self.delimiter!r} must be one character")
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise StatementFormatError(f"CSV profile: unknown encoding {self.encoding!r}") from None
        if self.skip_rows < 0:
            raise StatementFormatError("CSV profile: skip_rows cannot be negative")
        if self.decimal_separator not in (".", ","):
            raise StatementFormatError("CSV profile: the decimal separator is '.' or ','")
        if self.thousands_separator not in _THOUSANDS or self.thousands_separator == self.decimal_separator:
            raise StatementFormatError(
                "CSV profile: the thousands separator is none, '.', ',', ' ' or \"'\" "
                "and not the decimal separator"
            )
        if "%" not in self.date_format:
            raise StatementFormatError(f"CSV profile: the date format {self.date_format!r} has no % code")
        if not self.has_header:
            bad = [f for f, column in self.columns.items() if not column.strip().isdigit()]
            if bad:
                raise StatementFormatError(
                    "CSV profile: without a header, columns are 0-based positions; "
                    f"{bad[0]} is {self.columns[bad[0]]!r}"
                )
        if "currency" not in self.columns and not re.fullmatch(r"[A-Za-z]{3}", self.default_currency):
            raise StatementFormatError("CSV profile: give a currency column or a default_currency (ISO code)")


def parse_csv(data: bytes, profile: CsvProfile) -> ParsedStatement:
    """The one statement of a CSV export."""
    profile.validate()
    text = _decode(data, profile.encoding)
    # Preamble rows are skipped as raw lines: they are often not valid CSV (a lone quote, say).
    parts = text.split("\n", profile.skip_rows)
    body = parts[profile.skip_rows] if len(parts) > profile.skip_rows else ""
    reader = csv.reader(io.StringIO(body), delimiter=profile.delimiter)
    positions: dict[str, int] | None = (
        None if profile.has_header else {name: int(column) for name, column in profile.columns.items()}
    )
    lines: list[ParsedLine] = []
    try:
        for row in reader:
            number = profile.skip_rows + reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # blank rows, the trailing ones included
            if positions is None:
                positions = _header(row, profile, number)
                continue
            lines.append(_line(row, positions, profile, number))
    except csv.Error as exc:
        raise StatementFormatError(
            f"line {profile.skip_rows + reader.line_num}: the CSV is malformed: {exc}"
        ) from None
    if positions is None:
        raise StatementFormatError(f"the file has no header row after the {profile.skip_rows} rows skipped")
    currencies = {line.currency for line in lines}
    currency = profile.default_currency.upper() or (currencies.pop() if len(currencies) == 1 else "")
    days = [line.booking_date for line in lines]
    return ParsedStatement(
        format="csv",
        account=normalize_account(profile.account),
        currency=currency,
        statement_id="",
        period_start=min(days, default=None),
        period_end=max(days, default=None),
        opening_balance=None,
        closing_balance=None,
        lines=tuple(lines),
    )


def _decode(data: bytes, encoding: str) -> str:
    if codecs.lookup(encoding).name == "utf-8":
        data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise StatementFormatError(
            f"line {line_of(data, exc.start)}: the bytes are not {encoding} text; "
            "is the profile's encoding right (cp1252 for Windows exports)?"
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _header(row: list[str], profile: CsvProfile, number: int) -> dict[str, int]:
    names = [cell.strip().lstrip("\ufeff").casefold() for cell in row]
    positions = {}
    for name, column in profile.columns.items():
        wanted = column.strip().casefold()
        if wanted not in names:
            found = ", ".join(repr(cell.strip()) for cell in row if cell.strip())
            raise StatementFormatError(
                f"line {number}: the header has no column {column!r} (for {name}); its columns are {found}"
            )
        positions[name] = names.index(wanted)
    return positions


def _line(row: list[str], positions: dict[str, int], profile: CsvProfile, number: int) -> ParsedLine:
    where = f"line {number}"

    def cell(name: str) -> str:
        position = positions.get(name)
        if position is None:
            return ""
        if position >= len(row):
            raise StatementFormatError(
                f"{where}: the row has {len(row)} columns, {name} is column {position + 1} "
                "(is the file cut short?)"
            )
        return row[position].strip()

    booked = cell("booking_date")
    if not booked:
        raise StatementFormatError(f"{where}: the booking date is empty")
    value = cell("value_date")
    currency = (cell("currency") or profile.default_currency).upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise StatementFormatError(f"{where}: currency {currency[:10]!r} is not an ISO code")
    return ParsedLine(
        booking_date=_date(booked, profile, f"{where}: booking date"),
        value_date=_date(value, profile, f"{where}: value date") if value else None,
        amount=_amount(cell, profile, where),
        currency=currency,
        counterparty_name=clean_text(cell("counterparty_name")),
        counterparty_account=normalize_account(cell("counterparty_account")),
        reference=clean_text(cell("reference")),
        description=clean_text(cell("description")),
        transaction_id=cell("transaction_id"),
    )


def _date(text: str, profile: CsvProfile, where: str) -> date:
    try:
        return datetime.strptime(text, profile.date_format).date()
    except ValueError:
        raise StatementFormatError(f"{where} {text[:30]!r} does not match {profile.date_format}") from None


def _amount(get: Callable[[str], str], profile: CsvProfile, where: str) -> Decimal:
    if "amount" in profile.columns:
        amount = number(get("amount"), profile, f"{where}: amount")
        if amount is None:
            raise StatementFormatError(f"{where}: the amount is empty")
        if "direction" in profile.columns:
            marker = get("direction").casefold()
            if marker in (m.casefold() for m in profile.debit_markers):
                return -abs(amount)
            if marker in (m.casefold() for m in profile.credit_markers):
                return abs(amount)
            raise StatementFormatError(
                f"{where}: direction {marker[:20]!r} is neither debit ({'/'.join(profile.debit_markers)}) "
                f"nor credit ({'/'.join(profile.credit_markers)})"
            )
        return amount
    debit = number(get("debit"), profile, f"{where}: debit")
    credit = number(get("credit"), profile, f"{where}: credit")
    if debit is None and credit is None:
        raise StatementFormatError(f"{where}: neither the debit nor the credit column has an amount")
    # Banks write money out with or without a minus sign: the column says which way it went.
    return abs(credit or Decimal(0)) - abs(debit or Decimal(0))


def number(text: str, profile: CsvProfile, where: str) -> Decimal | None:
    """`-1.234,56`, `1,234.56`, `1234,56-`, `(12.00)` or `12,00 €` as a Decimal; None when empty."""
    raw = text
    text = text.translate(_SYMBOLS)
    if profile.thousands_separator == " ":
        text = text.replace(" ", "")
    if not text:
        return None
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text[:1] in "+-":
        negative, text = negative ^ (text[0] == "-"), text[1:]
    elif text[-1:] in "+-":
        negative, text = negative ^ (text[-1] == "-"), text[:-1]
    decimal = re.escape(profile.decimal_separator)
    grouped = ""
    if profile.thousands_separator.strip():
        grouped = rf"|\d{{1,3}}(?:{re.escape(profile.thousands_separator)}\d{{3}})+(?:{decimal}\d+)?"
    if not re.fullmatch(rf"\d+(?:{decimal}\d*)?|{decimal}\d+{grouped}", text):
        raise StatementFormatError(f"{where} {raw.strip()[:40]!r} is not a number")
    if profile.thousands_separator.strip():
        text = text.replace(profile.thousands_separator, "")
    value = Decimal(text.replace(profile.decimal_separator, "."))
    return -value if negative else value


# -- writing ---------------------------------------------------------------------------------------


def write_csv(statement: ParsedStatement, profile: CsvProfile) -> bytes:
    """The statement as the profile's bank would export it (preamble rows, header, separators)."""
    profile.validate()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=profile.delimiter, lineterminator="\r\n")
    for preamble in range(profile.skip_rows):
        out.write(f"Statement{profile.delimiter}{statement.account}\r\n" if preamble == 0 else "\r\n")
    fields = list(profile.columns)
    if profile.has_header:
        writer.writerow([profile.columns[name] for name in fields])
        order = {name: index for index, name in enumerate(fields)}
    else:
        order = {name: int(profile.columns[name]) for name in fields}
    width = max(order.values()) + 1
    for line in statement.lines:
        row = [""] * width
        for name, position in order.items():
            row[position] = _cell(line, name, profile)
        writer.writerow(row)
    try:
        return out.getvalue().encode(profile.encoding)
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"the statement has {exc.object[exc.start]!r}, which {profile.encoding} cannot hold"
        ) from None


def _cell(line: ParsedLine, name: str, profile: CsvProfile) -> str:
    amount = line.amount
    if name == "booking_date":
        return line.booking_date.strftime(profile.date_format)
    if name == "value_date":
        return line.value_date.strftime(profile.date_format) if line.value_date else ""
    if name == "amount":
        return format_number(abs(amount) if "direction" in profile.columns else amount, profile)
    if name == "direction":
        return profile.debit_markers[0] if amount < 0 else profile.credit_markers[0]
    if name == "debit":
        return format_number(-amount, profile) if amount < 0 else ""
    if name == "credit":
        return format_number(amount, profile) if amount >= 0 else ""
    return str(getattr(line, name))


def format_number(amount: Decimal, profile: CsvProfile) -> str:
    """`-1.234,56` for a German profile, `-1,234.56` for a US one."""
    exponent = int(amount.as_tuple().exponent)
    text = f"{abs(amount):,.{max(2, -exponent)}f}"
    whole, _, fraction = text.partition(".")
    whole = whole.replace(",", profile.thousands_separator)
    return ("-" if amount < 0 else "") + whole + profile.decimal_separator + fraction
