"""OFX 1.x (SGML) and 2.x (XML) bank and credit card statements, QFX included.

ofxtools' tag parser reads the markup, SGML's unclosed elements included. The header, the text
encoding and the fields are read here: ofxtools' own header reader refuses common real-world
headers (`CHARSET:UTF-8`, no header at all), its typed models refuse a whole file over one value
outside the specification (`<LANGUAGE>DEU`, where it wants `GER`), and they convert times to UTC,
which moves a booking made late in the evening to the day before or after.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

from ofxtools.Parser import ParseError, TreeBuilder

from .base import (
    ParsedLine,
    ParsedStatement,
    StatementFormatError,
    clean_text,
    normalize_account,
    plain_decimal,
)

_HEADER_FIELD = re.compile(r"^\s*([A-Z]+)\s*:\s*(\S*)\s*$", re.MULTILINE)
_XML_ENCODING = re.compile(r"<\?xml[^>]*encoding\s*=\s*[\"']([\w.-]+)[\"']", re.IGNORECASE)
_OFX_START = re.compile(r"<OFX>", re.IGNORECASE)
_OFX_END = re.compile(r"</OFX>", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9._]*)>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_EMPTY_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9._]*\s*/>")
_OPEN_WITHOUT_TEXT = re.compile(r"<([A-Z][A-Z0-9._]*)>(?=\s*<)")
_ENTITY = re.compile(r"&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9A-Fa-f]{1,6});")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_OFX_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
_TRNTYPES = {
    "CREDIT", "DEBIT", "INT", "DIV", "FEE", "SRVCHG", "DEP", "ATM", "POS", "XFER", "CHECK",
    "PAYMENT", "CASH", "DIRECTDEP", "DIRECTDEBIT", "REPEATPMT", "HOLD", "OTHER",
}  # fmt: skip
_CHARSETS = {
    "1252": "cp1252",
    "WINDOWS-1252": "cp1252",
    "CP1252": "cp1252",
    "ISO-8859-1": "latin-1",
    "8859-1": "latin-1",
    "LATIN1": "latin-1",
    "ISO-8859-15": "iso-8859-15",
    "UTF-8": "utf-8",
    "UTF8": "utf-8",
}


def parse_ofx(data: bytes) -> list[ParsedStatement]:
    """Every bank (`STMTRS`) and credit card (`CCSTMTRS`) statement of an OFX or QFX file."""
    text = _decode(data)
    start = _OFX_START.search(text)
    if start is None:
        raise StatementFormatError("the OFX file has no <OFX> element")
    ends = list(_OFX_END.finditer(text))
    if not ends:
        last_line = text.count("\n") + 1
        raise StatementFormatError(f"line {last_line}: the OFX file is truncated: it has no closing </OFX>")
    first_line = text.count("\n", 0, start.start()) + 1
    body = _clean(text[start.start() : ends[-1].end()])
    root = _tree(body, first_line)
    statements = [_statement(response, "BANKACCTFROM") for response in root.iter("STMTRS")] + [
        _statement(response, "CCACCTFROM") for response in root.iter("CCSTMTRS")
    ]
    if not statements:
        raise StatementFormatError("the OFX file holds no bank or credit card statement (STMTRS, CCSTMTRS)")
    return statements


def _decode(data: bytes) -> str:
    """The text, in the encoding the header declares; UTF-8, then Windows-1252, when it declares none."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    head = data[:2048].decode("latin-1")
    declared: str | None = None
    xml = _XML_ENCODING.search(head)
    if xml:
        declared = xml.group(1)
    elif head.lstrip().upper().startswith("OFXHEADER"):
        fields = dict(_HEADER_FIELD.findall(head.split("<", 1)[0].upper()))
        if fields.get("ENCODING") in ("UTF-8", "UNICODE"):
            declared = "utf-8"
        else:
            declared = _CHARSETS.get(fields.get("CHARSET", ""))
    for encoding in (declared, "utf-8", "cp1252"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def _clean(body: str) -> str:
    """What ofxtools' tag parser needs: upper-case tags, no comments, no empty elements."""
    body = _COMMENT.sub("", body)
    body = _EMPTY_TAG.sub("", body)
    body = _TAG.sub(lambda m: f"<{m.group(1)}{m.group(2).upper()}>", body)
    # An SGML element with no value (`<MEMO>` straight followed by the next tag) would be taken for
    # an aggregate that is never closed; drop those that no closing tag anywhere in the file ends.
    closed = set(re.findall(r"</([A-Z0-9._]+)>", body))
    return _OPEN_WITHOUT_TEXT.sub(lambda m: m.group(0) if m.group(1) in closed else "", body)


class _CheckedTreeBuilder(TreeBuilder):
    """ofxtools' parser, with the nesting checked (ElementTree's builder ignores end tag names)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self.open.append(tag)
        return super().start(tag, attrs)

    def end(self, tag: str) -> ET.Element:
        if not self.open:
            raise ParseError(f"</{tag}> closes nothing")
        if self.open[-1] != tag:
            raise ParseError(f"</{tag}> where </{self.open[-1]}> was expected")
        self.open.pop()
        return super().end(tag)


def _tree(body: str, first_line: int) -> ET.Element:
    builder = _CheckedTreeBuilder()
    try:
        builder.feed(body)
    except ParseError as exc:
        message = str(exc.args[0] if exc.args else exc)
        position = re.search(r"position=\[(\d+):", message)
        line = first_line + (body.count("\n", 0, int(position.group(1))) if position else 0)
        message = re.sub(r"\s*-?\s*position=\[\d+:\d+\]", "", message).split(" in <")[0]
        raise StatementFormatError(
            f"line {line}: the OFX markup is broken: {clean_text(message)[:120]}"
        ) from None
    except ET.ParseError as exc:  # ElementTree's own: a second top-level element, say
        raise StatementFormatError(f"the OFX markup is broken: {clean_text(str(exc))[:120]}") from None
    if builder.open:
        raise StatementFormatError(f"the OFX file is truncated: <{builder.open[-1]}> is never closed")
    root = builder.close()
    assert isinstance(root, ET.Element)
    return root


def _text(element: ET.Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    if found is None or not found.text:
        return ""
    return _ENTITY.sub(_unescape, found.text).strip()


def _unescape(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.startswith("#"):
        code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        return chr(code) if 0 < code <= 0x10FFFF else match.group(0)
    return _NAMED[name]


def _date(text: str, where: str) -> date:
    """The date as the bank wrote it: `20260131120000[-5:EST]` is 31 January, whatever the zone."""
    match = _OFX_DATE.match(text)
    try:
        if match is None:
            raise ValueError
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise StatementFormatError(f"{where} {text[:30]!r} is not an OFX date (YYYYMMDD…)") from None


def _amount(text: str, where: str) -> Decimal:
    # OFX allows a comma as the decimal separator (and no thousands separator).
    text = text.strip()
    if "," in text and "." not in text:
        try:
            return plain_decimal(text.replace(",", "."), where)
        except StatementFormatError:
            raise StatementFormatError(f"{where}: amount {text[:40]!r} is not a number") from None
    return plain_decimal(text, where)


def _statement(response: ET.Element, account_tag: str) -> ParsedStatement:
    currency = _text(response, "CURDEF").upper()
    account = normalize_account(_text(response, f"{account_tag}/ACCTID"))
    if not account:
        raise StatementFormatError(f"{response.tag}: {account_tag}/ACCTID is missing")
    if not currency:
        raise StatementFormatError(f"{response.tag} of account {account}: CURDEF is missing")
    transactions = response.find("BANKTRANLIST")
    lines = tuple(
        _line(transaction, currency, number)
        for number, transaction in enumerate(
            transactions.findall("STMTTRN") if transactions is not None else [], start=1
        )
    )
    start, end = _text(transactions, "DTSTART"), _text(transactions, "DTEND")
    ledger = _text(response, "LEDGERBAL/BALAMT")
    return ParsedStatement(
        format="ofx",
        account=account,
        currency=currency,
        statement_id="",
        period_start=_date(start, "BANKTRANLIST: DTSTART") if start else None,
        period_end=_date(end, "BANKTRANLIST: DTEND") if end else None,
        opening_balance=None,  # OFX gives the balance at the end only
        closing_balance=_amount(ledger, "LEDGERBAL: BALAMT") if ledger else None,
        lines=lines,
    )


def _line(transaction: ET.Element, currency: str, number: int) -> ParsedLine:
    fitid = clean_text(_text(transaction, "FITID"))
    where = f"STMTTRN {number}" + (f" (FITID {fitid})" if fitid else "") + ":"
    posted = _text(transaction, "DTPOSTED")
    if not posted:
        raise StatementFormatError(f"{where} DTPOSTED is missing")
    amount = _text(transaction, "TRNAMT")
    if not amount:
        raise StatementFormatError(f"{where} TRNAMT is missing")
    available = _text(transaction, "DTAVAIL")
    account = _text(transaction, "BANKACCTTO/ACCTID") or _text(transaction, "CCACCTTO/ACCTID")
    return ParsedLine(
        booking_date=_date(posted, f"{where} DTPOSTED"),
        value_date=_date(available, f"{where} DTAVAIL") if available else None,
        amount=_amount(amount, f"{where} TRNAMT"),
        currency=_text(transaction, "CURRENCY/CURSYM").upper() or currency,
        counterparty_name=clean_text(_text(transaction, "NAME") or _text(transaction, "PAYEE/NAME")),
        counterparty_account=normalize_account(account),
        reference=clean_text(_text(transaction, "REFNUM") or _text(transaction, "CHECKNUM")),
        description=clean_text(_text(transaction, "MEMO")),
        transaction_id=fitid,
        bank_code=_text(transaction, "TRNTYPE").upper(),
    )


# -- writing ---------------------------------------------------------------------------------------

_HEADER = (
    "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:{encoding}\r\n"
    "CHARSET:{charset}\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
)


def write_ofx(statement: ParsedStatement, *, intu_bid: str | None = None) -> bytes:
    """OFX 1.02 (SGML), the version every importer reads; with `intu_bid` a QFX for Quicken.

    Windows-1252 when every character fits (what Quicken expects), UTF-8 otherwise. Names are cut to
    OFX's 32 characters and memos to 255. A line without a transaction id gets one made of its date
    and position, since OFX requires a FITID.
    """
    first = min((line.booking_date for line in statement.lines), default=statement.period_start)
    last = max((line.booking_date for line in statement.lines), default=statement.period_end)
    start, end = statement.period_start or first, statement.period_end or last
    parts = ["<OFX>", "<SIGNONMSGSRSV1><SONRS>", _status()]
    parts.append(f"<DTSERVER>{_ofx_date(end or date.today())}<LANGUAGE>ENG")
    if intu_bid:
        parts.append(f"<INTU.BID>{_escape(intu_bid)}")
    parts.append("</SONRS></SIGNONMSGSRSV1>")
    parts.append("<BANKMSGSRSV1><STMTTRNRS><TRNUID>1" + _status() + "<STMTRS>")
    parts.append(f"<CURDEF>{statement.currency}")
    bank_id = statement.account[4:12] if _IBAN.fullmatch(statement.account) else "0"
    parts.append(f"<BANKACCTFROM><BANKID>{bank_id}<ACCTID>{_escape(statement.account)}<ACCTTYPE>CHECKING")
    parts.append("</BANKACCTFROM>")
    parts.append("<BANKTRANLIST>")
    if start and end:
        parts.append(f"<DTSTART>{_ofx_date(start)}<DTEND>{_ofx_date(end)}")
    for number, line in enumerate(statement.lines, start=1):
        parts.append(_transaction(line, number, statement.currency))
    parts.append("</BANKTRANLIST>")
    closing = statement.closing_balance
    if closing is None and statement.opening_balance is not None:
        closing = statement.opening_balance + sum((line.amount for line in statement.lines), Decimal(0))
    if closing is not None and end:
        parts.append(f"<LEDGERBAL><BALAMT>{closing}<DTASOF>{_ofx_date(end)}</LEDGERBAL>")
    parts.append("</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>")
    body = "\r\n".join(parts) + "\r\n"
    try:
        return (_HEADER.format(encoding="USASCII", charset="1252") + body).encode("cp1252")
    except UnicodeEncodeError:
        return (_HEADER.format(encoding="UTF-8", charset="NONE") + body).encode("utf-8")


def _status() -> str:
    return "<STATUS><CODE>0<SEVERITY>INFO</STATUS>"


def _ofx_date(day: date) -> str:
    # Noon: a reader that converts to its own time zone still lands on the same day.
    return f"{day:%Y%m%d}120000"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _transaction(line: ParsedLine, number: int, currency: str) -> str:
    kind = line.bank_code if line.bank_code in _TRNTYPES else ("CREDIT" if line.amount >= 0 else "DEBIT")
    fields = ["<STMTTRN>", f"<TRNTYPE>{kind}", f"<DTPOSTED>{_ofx_date(line.booking_date)}"]
    if line.value_date:
        fields.append(f"<DTAVAIL>{_ofx_date(line.value_date)}")
    fields.append(f"<TRNAMT>{line.amount}")
    fields.append(f"<FITID>{_escape(line.transaction_id or f'{line.booking_date:%Y%m%d}-{number}')}")
    if line.reference:
        fields.append(f"<REFNUM>{_escape(line.reference[:32])}")
    if line.counterparty_name:
        fields.append(f"<NAME>{_escape(line.counterparty_name[:32])}")
    if line.counterparty_account:
        bank_id = line.counterparty_account[4:12] if _IBAN.fullmatch(line.counterparty_account) else "0"
        fields.append(
            f"<BANKACCTTO><BANKID>{bank_id}<ACCTID>{_escape(line.counterparty_account)}"
            "<ACCTTYPE>CHECKING</BANKACCTTO>"
        )
    if line.description:
        fields.append(f"<MEMO>{_escape(line.description[:255])}")
    if line.currency and line.currency != currency:
        fields.append(f"<CURRENCY><CURRATE>1<CURSYM>{line.currency}</CURRENCY>")
    fields.append("</STMTTRN>")
    return "".join(fields)
