"""SWIFT MT940 statements, German `:86:` subfields (`?20`…) and Dutch `/NAME/…/REMI/` included.

mt-940 (`import mt940`) splits the tags and reads `:61:` (value and entry date, the year of an
entry date across New Year, C/D/RC/RD marks, comma decimals) and the balances. The `:86:` details
are read here, so that every subfield and SEPA keyword lands where the other formats put it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import mt940

from .base import (
    ParsedLine,
    ParsedStatement,
    StatementFormatError,
    amount_text,
    clean_text,
    normalize_account,
)

# mt940's options that fix its 5.0 behaviour: RC signed as a debit, lower-case marks, a BOM, no cap
# on :86: length, and ?31 kept as the IBAN rather than glued to the name.
_OPTIONS = mt940.Options.all()
_TAG = re.compile(r"^:\n?(?P<tag>[0-9]{2}|NS)(?P<sub>[A-Z])?:", re.MULTILINE)
_KNOWN_TAGS = {tag for tag in mt940.tags.TAG_BY_ID if isinstance(tag, int)} | {"NS"}
# The envelope of a SWIFT message around the statement: {1:…}{2:…}{3:{…}}{4: … -}{5:…}.
_ENVELOPE = re.compile(r"\{[1235]:(?:[^{}]|\{[^{}]*\})*\}|\{4:|^-\}", re.MULTILINE)
_IBAN_WITH_CURRENCY = re.compile(r"([A-Z]{2}\d{2}[A-Z0-9]{11,30}?)([A-Z]{3})")
# SEPA keywords inside the ?20-?29 purpose of German banks (EREF+…SVWZ+…).
_SEPA_KEY = re.compile(r"(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC |PURP|COAM|OAMT|SQTP)\+")
_DUTCH_KEYS = ("TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "MARF", "CSID", "ORDP", "BENM", "ULTD", "ULTB")
_DUTCH = re.compile(r"/(" + "|".join(_DUTCH_KEYS) + r")/")
_NOT_PROVIDED = {"NOTPROVIDED", "NONREF", ""}
_LINE_WIDTH = 65


def parse_mt940(data: bytes) -> list[ParsedStatement]:
    """Every statement (`:20:` … `:62F:`) of an MT940 file."""
    text = _decode(data)
    text = _ENVELOPE.sub("", text)
    first = re.search(r"^:20:", text, re.MULTILINE)
    if first is None:
        raise StatementFormatError("the MT940 file has no :20: tag, so no statement")
    tags = _tag_lines(text, first.start())
    seen: list[int] = [0]  # how many tags mt940 has taken past its pattern check
    try:
        blocks = mt940.parse_statements(text, processors=_processors(seen), options=_OPTIONS)
    except StatementFormatError:
        raise
    except RuntimeError as exc:  # a tag whose value does not match its pattern: the next tag
        raise _located(tags, seen[0], exc) from None
    except Exception as exc:  # a value that matched but does not convert (month 13, "1,2,3")
        raise _located(tags, seen[0] - 1, exc) from None
    return [_statement(block) for block in blocks]


def _tag_lines(text: str, start: int) -> list[tuple[int, str]]:
    """(line number, tag) of each tag mt940 will read, in its order, to name where it stops."""
    tags = []
    line, position = 1, 0
    for match in _TAG.finditer(text, start):
        line += text.count("\n", position, match.start())
        position = match.start()
        if _tag_id(match.group("tag")) in _KNOWN_TAGS:
            tags.append((line, match.group("tag") + (match.group("sub") or "")))
    return tags


def _decode(data: bytes) -> str:
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # German banks send ISO-8859-1 / Windows-1252 when they are not on UTF-8.
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _tag_id(tag: str) -> int | str:
    return int(tag) if tag.isdigit() else tag


def _processors(seen: list[int]) -> dict[str, list[Callable[..., Any]]]:
    """mt940's processors, each tag counted as it passes, and its own :86: reading switched off."""

    def count(transactions: Any, tag: Any, tag_dict: dict[str, Any], *args: Any) -> dict[str, Any]:
        seen[0] += 1
        return tag_dict

    processors: dict[str, list[Callable[..., Any]]] = {
        name: [count, *steps]
        for name, steps in mt940.models.Transactions.DEFAULT_PROCESSORS.items()
        if name.startswith("pre_")
    }
    processors["post_transaction_details"] = []
    return processors


def _located(tags: list[tuple[int, str]], index: int, exc: BaseException) -> StatementFormatError:
    """Name the line and tag mt940 stopped at (the exception itself says little)."""
    if isinstance(exc, RuntimeError):
        reason = "its value does not have the form the tag requires"
    else:
        reason = "a date or amount in it is not valid"
    if 0 <= index < len(tags):
        line, tag = tags[index]
        return StatementFormatError(f"line {line}: the :{tag}: tag cannot be read: {reason}")
    return StatementFormatError(f"the MT940 file cannot be read: {reason}")


def _statement(block: Any) -> ParsedStatement:
    data: dict[str, Any] = block.data
    reference = str(data.get("transaction_reference") or "").strip()
    where = f"statement {reference or '(no :20:)'}"
    account = _account(str(data.get("account_identification") or ""))
    if not account:
        raise StatementFormatError(f"{where}: the :25: account is missing")
    opening = (
        data.get("final_opening_balance")
        or data.get("intermediate_opening_balance")
        or data.get("opening_balance")
    )
    closing = (
        data.get("final_closing_balance")
        or data.get("intermediate_closing_balance")
        or data.get("closing_balance")
    )
    if opening is None:
        raise StatementFormatError(f"{where}: the :60F: opening balance is missing")
    if closing is None:
        raise StatementFormatError(f"{where}: the :62F: closing balance is missing (is the file cut short?)")
    opening_amount = _balance_amount(opening, f"{where}: :60F:")
    closing_amount = _balance_amount(closing, f"{where}: :62F:")
    currency = str(block.currency or "").upper()
    lines = tuple(_line(transaction.data, currency, where, n) for n, transaction in enumerate(block, start=1))
    statement_number = str(data.get("statement_number") or "")
    return ParsedStatement(
        format="mt940",
        account=account,
        currency=currency,
        statement_id=reference or statement_number,
        period_start=_plain_date(opening.date),
        period_end=_plain_date(closing.date),
        opening_balance=opening_amount,
        closing_balance=closing_amount,
        lines=lines,
    )


def _account(text: str) -> str:
    """`:25:` as IBAN (a currency after it dropped) or bank code/account number."""
    account = normalize_account(text)
    match = _IBAN_WITH_CURRENCY.fullmatch(account)
    return match.group(1) if match else account


def _balance_amount(balance: Any, where: str) -> Decimal:
    amount = getattr(balance, "amount", None)
    if not isinstance(amount, mt940.models.Amount):
        raise StatementFormatError(f"{where} balance has no amount")
    return amount.amount


def _plain_date(value: date | None) -> date | None:
    return date(value.year, value.month, value.day) if value is not None else None


def _line(data: dict[str, Any], currency: str, where: str, number: int) -> ParsedLine:
    amount = data.get("amount")
    value_date = data.get("date")
    if not isinstance(amount, mt940.models.Amount) or value_date is None:
        raise StatementFormatError(f"{where}: :61: line {number} has no amount or date")
    details = _details(str(data.get("transaction_details") or ""))
    reference = details.get("reference", "")
    customer_reference = str(data.get("customer_reference") or "").strip()
    if not reference and customer_reference.upper() not in _NOT_PROVIDED:
        reference = customer_reference
    kind = str(data.get("id") or "").strip()
    gvc = details.get("gvc", "")
    entry_date = data.get("entry_date")
    return ParsedLine(
        booking_date=_plain_date(entry_date or value_date) or value_date,
        value_date=_plain_date(value_date),
        amount=amount.amount,
        currency=str(amount.currency or currency).upper(),
        counterparty_name=details.get("name", ""),
        counterparty_account=normalize_account(details.get("account", "")),
        reference=reference,
        description=details.get("description", ""),
        transaction_id=str(data.get("bank_reference") or "").strip(),
        bank_code="+".join(part for part in (kind, gvc) if part),
    )


def _details(text: str) -> dict[str, str]:
    """The fields of a `:86:`: German subfields, Dutch keywords, or free text."""
    joined = text.replace("\n", "")
    german = re.match(r"(\d{3})([^\w\s])\d{2}", joined)
    if german:
        return _german(german.group(1), joined[3:], german.group(2))
    if _DUTCH.match(joined):
        return _dutch(joined)
    return {"description": _free_text(text)}


def _german(gvc: str, text: str, separator: str) -> dict[str, str]:
    """`166?00SEPA-GUTSCHRIFT?20EREF+…?21SVWZ+…?31IBAN?32name`: the GVC code and ?nn subfields."""
    fields: dict[str, str] = {}
    for part in text.split(separator)[1:]:
        key, value = part[:2], part[2:]
        fields[key] = fields.get(key, "") + value
    purpose = "".join(fields.get(f"{n}", "") for n in [*range(20, 30), *range(60, 64)])
    keyed = _sepa_keywords(purpose)
    reference = next(
        (keyed[k].strip() for k in ("EREF", "KREF") if keyed.get(k, "").strip().upper() not in _NOT_PROVIDED),
        "",
    )
    description = keyed.get("SVWZ", "") if keyed else purpose
    return {
        "gvc": gvc,
        "name": clean_text(fields.get("32", "") + fields.get("33", "")),
        "account": fields.get("31", "") or keyed.get("IBAN", ""),
        "reference": clean_text(reference),
        "description": clean_text(description),
    }


def _sepa_keywords(purpose: str) -> dict[str, str]:
    parts = _SEPA_KEY.split(purpose)
    if len(parts) == 1:
        return {}
    keyed = {key.strip(): value for key, value in zip(parts[1::2], parts[2::2], strict=True)}
    if parts[0].strip():  # free text in front of the first keyword belongs to the purpose
        keyed["SVWZ"] = f"{parts[0]} {keyed.get('SVWZ', '')}"
    return keyed


def _dutch(text: str) -> dict[str, str]:
    """`/TRTP/SEPA OVERBOEKING/IBAN/NL…/BIC/…/NAME/…/REMI/…/EREF/…`."""
    parts = _DUTCH.split(text)
    keyed = {key: value.strip("/ ") for key, value in zip(parts[1::2], parts[2::2], strict=True)}
    reference = keyed.get("EREF", "")
    return {
        "name": clean_text(keyed.get("NAME", "")),
        "account": keyed.get("IBAN", ""),
        "reference": "" if reference.upper() in _NOT_PROVIDED else clean_text(reference),
        "description": clean_text(keyed.get("REMI", "")),
    }


def _free_text(text: str) -> str:
    # A line filled to the 65 characters of the field was cut wherever the width ran out, often
    # inside a word: it continues the next line directly; a shorter line ended at a word.
    lines = text.split("\n")
    out = ""
    for line in lines:
        out += line if len(line) >= _LINE_WIDTH else line + " "
    return clean_text(out)


# -- writing ---------------------------------------------------------------------------------------


def write_mt940(statement: ParsedStatement) -> bytes:
    """An MT940 in the layout German banks use (structured `:86:` with `?20`… subfields), UTF-8.

    MT940 needs both balances: a missing opening balance is worked out from the closing one and the
    lines (and the other way round); with neither the statement starts from zero. References and
    transaction ids longer than the 16 characters `:61:` holds go in `:86:` (`EREF+`) or are cut.
    """
    total = sum((line.amount for line in statement.lines), Decimal(0))
    opening = statement.opening_balance
    closing = statement.closing_balance
    if opening is None:
        opening = closing - total if closing is not None else Decimal(0)
    if closing is None:
        closing = opening + total
    first = min((line.booking_date for line in statement.lines), default=date.today())
    last = max((line.booking_date for line in statement.lines), default=first)
    out = [
        f":20:{(statement.statement_id or 'STARTUMS')[:16]}",
        f":25:{statement.account[:35]}",
        ":28C:00001/001",
        f":60F:{_balance(opening, statement.period_start or first, statement.currency)}",
    ]
    for line in statement.lines:
        out.extend(_statement_line(line))
    out.append(f":62F:{_balance(closing, statement.period_end or last, statement.currency)}")
    out.append("-")
    return ("\r\n".join(out) + "\r\n").encode("utf-8")


def _balance(amount: Decimal, day: date, currency: str) -> str:
    return f"{'D' if amount < 0 else 'C'}{day:%y%m%d}{currency}{_mt940_amount(amount)}"


def _mt940_amount(amount: Decimal) -> str:
    return amount_text(abs(amount)).replace(".", ",")


def _statement_line(line: ParsedLine) -> list[str]:
    value = line.value_date or line.booking_date
    mark = "D" if line.amount < 0 else "C"
    kind, _, gvc = line.bank_code.partition("+")
    if not re.fullmatch(r"[A-Z][A-Z0-9]{3}", kind):
        kind = "NTRF"
    bank_reference = f"//{line.transaction_id[:16]}" if line.transaction_id else ""
    amount = _mt940_amount(line.amount)
    head = f":61:{value:%y%m%d}{line.booking_date:%m%d}{mark}{amount}{kind}NONREF{bank_reference}"
    if not re.fullmatch(r"\d{3}", gvc):
        if not (line.reference or line.counterparty_name or line.counterparty_account):
            # Nothing but text: free text, as banks write their own charges.
            text = line.description or "-"
            return [
                head,
                *[
                    (":86:" if i == 0 else "") + text[i : i + _LINE_WIDTH]
                    for i in range(0, len(text), _LINE_WIDTH)
                ],
            ]
        gvc = "166" if line.amount >= 0 else "177"  # SEPA credit transfer received / sent
    purpose = (f"EREF+{line.reference}" if line.reference else "") + f"SVWZ+{line.description}"
    subfields = [f"{gvc}?00{'SEPA-GUTSCHRIFT' if line.amount >= 0 else 'SEPA-UEBERWEISUNG'}"]
    codes = [*range(20, 30), *range(60, 64)]
    subfields += [f"?{code}{chunk}" for code, chunk in zip(codes, _chunks(purpose, 27), strict=False)]
    if line.counterparty_account:
        subfields.append(f"?31{line.counterparty_account}")
    name = _chunks(line.counterparty_name, 27)
    subfields += [f"?{code}{chunk}" for code, chunk in zip((32, 33), name, strict=False)]
    # One subfield per line, as most banks write them: a line never ends inside a value.
    subfields[0] = ":86:" + subfields[0]
    return [head, *subfields]


def _chunks(text: str, width: int) -> list[str]:
    """Pieces of `width` characters, none ending in a space (readers strip line ends)."""
    pieces = []
    while text:
        piece = text[:width]
        while len(piece) > 1 and piece.endswith(" "):
            piece = piece[:-1]
        pieces.append(piece)
        text = text[len(piece) :]
    return pieces
