"""ISO 20022 CAMT.053 (bank to customer statement), versions 001.02 to 001.13.

The versions differ in places a reader meets: the entry status is text (02) or a code choice (08+),
a related party is `Dbtr/Nm` (02) or `Dbtr/Pty/Nm` (08+), a transaction's own amount sits in
`AmtDtls/TxAmt/Amt` (02) or `Amt` (04+). The reader accepts each spelling in any version.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from lxml import etree

from .base import (
    ParsedLine,
    ParsedStatement,
    StatementFormatError,
    amount_text,
    clean_text,
    iso_date,
    normalize_account,
    plain_decimal,
)
from .xmlsafe import check_no_dtd, iterparse, refuse_declarations, syntax_error

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"
_NAMESPACE_RE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d{2})")
WRITE_VERSIONS = ("001.02", "001.04", "001.06", "001.08")
_NOT_PROVIDED = "NOTPROVIDED"
# Entries that have not moved money yet: they are not part of the closing balance.
_UNBOOKED = {"PDNG", "INFO", "FUTR"}
_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")


class _Shape:
    """The paths read under one kind of element, and the containers to walk into to reach them."""

    def __init__(self, *paths: str) -> None:
        self.paths = frozenset(paths)
        self.containers = frozenset(
            "/".join(parts[:n]) for parts in (path.split("/") for path in paths) for n in range(1, len(parts))
        )


_CODES = ("BkTxCd/Domn/Cd", "BkTxCd/Domn/Fmly/Cd", "BkTxCd/Domn/Fmly/SubFmlyCd", "BkTxCd/Prtry/Cd")
_PARTIES = tuple(
    f"RltdPties/{party}{tail}"
    for party in ("Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr")
    for tail in ("/Nm", "/Pty/Nm", "Acct/Id/IBAN", "Acct/Id/Othr/Id")
)
_STMT = _Shape("Id", "Acct/Id/IBAN", "Acct/Id/Othr/Id", "Acct/Ccy", "FrToDt/FrDtTm", "FrToDt/ToDtTm", "Bal")
_BALANCE = _Shape("Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry", "Amt", "CdtDbtInd")
_ENTRY = _Shape(
    "Sts", "Sts/Cd", "Amt", "CdtDbtInd", "BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm",
    "AcctSvcrRef", "AddtlNtryInf", "NtryDtls/TxDtls", *_CODES,
)  # fmt: skip
_DETAIL = _Shape(
    "Amt", "CdtDbtInd", "AmtDtls/TxAmt/Amt", "AmtDtls/TxAmt/CdtDbtInd", "Refs/EndToEndId", "Refs/AcctSvcrRef",
    "RmtInf/Ustrd", "RmtInf/Strd/CdtrRefInf/Ref", "AddtlTxInf", *_PARTIES, *_CODES,
)  # fmt: skip


class _Fields:
    """The elements of one `_Shape` under an element, by path of local names (`Refs/EndToEndId`).

    One walk that enters only the containers of the paths read, then dictionary look-ups: lxml's
    `find` evaluates its path in Python on every call, which made it most of the reading time.
    """

    __slots__ = ("cut", "element", "paths", "shape")

    def __init__(self, element: etree._Element, prefix: str, shape: _Shape) -> None:
        self.element = element
        self.shape = shape
        self.cut = len(prefix)
        self.paths: dict[str, list[etree._Element]] = {}
        self._walk(element, "")

    def _walk(self, element: etree._Element, path: str) -> None:
        paths, wanted, containers, cut = self.paths, self.shape.paths, self.shape.containers, self.cut
        for child in element:
            tag = child.tag
            if type(tag) is not str:
                continue
            name = path + tag[cut:]  # an element of another namespace gets a name never read
            if name in wanted:
                found = paths.get(name)
                if found is None:
                    paths[name] = [child]
                else:
                    found.append(child)
            if name in containers:
                self._walk(child, name + "/")

    def first(self, path: str) -> etree._Element | None:
        assert path in self.shape.paths, path
        found = self.paths.get(path)
        return found[0] if found else None

    def all(self, path: str) -> list[etree._Element]:
        assert path in self.shape.paths, path
        return self.paths.get(path, [])

    def text(self, *paths: str) -> str:
        """The text of the first of `paths` that is present and not empty."""
        for path in paths:
            assert path in self.shape.paths, path
            for element in self.paths.get(path, ()):
                if element.text and element.text.strip():
                    return element.text.strip()
        return ""


def parse_camt053(data: bytes) -> list[ParsedStatement]:
    """Every `Stmt` of a CAMT.053 file, entries streamed and dropped as they are read."""
    refuse_declarations(data)
    statements: list[ParsedStatement] = []
    lines: list[ParsedLine] = []
    prefix = ""
    try:
        for _event, element in iterparse(data, ("{*}Ntry", "{*}Stmt")):
            if not prefix:
                check_no_dtd(element)
                prefix = "{" + _namespace_of(element) + "}"
            if element.tag == prefix + "Ntry":
                lines.extend(_entry_lines(element, prefix))
                parent = element.getparent()
                element.clear()
                if parent is not None:
                    parent.remove(element)
            else:
                statements.append(_statement(_Fields(element, prefix, _STMT), prefix, tuple(lines)))
                lines = []
                element.clear()
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc) from None
    if not statements:
        raise StatementFormatError("the file has no <Stmt> element: it is not a CAMT.053 statement")
    return statements


def _namespace_of(element: etree._Element) -> str:
    namespace = etree.QName(element).namespace or ""
    if not _NAMESPACE_RE.fullmatch(namespace):
        found = re.search(r"camt\.\d{3}\.\d{3}\.\d{2}", namespace)
        name = found.group(0) if found else (namespace or "no namespace")
        raise StatementFormatError(
            f"line {element.sourceline}: the XML is {name}, not a CAMT.053 bank statement "
            "(camt.052 reports and camt.054 notifications are not statements)"
        )
    return namespace


def _statement(stmt: _Fields, prefix: str, lines: tuple[ParsedLine, ...]) -> ParsedStatement:
    where = f"line {stmt.element.sourceline}: Stmt"
    account = normalize_account(stmt.text("Acct/Id/IBAN", "Acct/Id/Othr/Id"))
    if not account:
        raise StatementFormatError(f"{where} has no Acct/Id (IBAN or other account number)")
    opening: Decimal | None = None
    closing: Decimal | None = None
    balance_currency = ""
    for element in stmt.all("Bal"):
        balance = _Fields(element, prefix, _BALANCE)
        code = balance.text("Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry")
        if code not in ("OPBD", "PRCD", "CLBD"):
            continue
        amount = _signed_amount(balance, "", f"Bal {code}")
        found = balance.first("Amt")
        balance_currency = balance_currency or (found.get("Ccy", "") if found is not None else "")
        if code == "CLBD":
            closing = amount
        elif code == "OPBD" or opening is None:  # OPBD wins over the previous day's closing (PRCD)
            opening = amount
    currency = stmt.text("Acct/Ccy") or balance_currency or (lines[0].currency if lines else "")
    if not currency:
        raise StatementFormatError(f"{where} names no currency (Acct/Ccy or a balance's Ccy)")
    start = stmt.text("FrToDt/FrDtTm")
    end = stmt.text("FrToDt/ToDtTm")
    return ParsedStatement(
        format="camt053",
        account=account,
        currency=currency,
        statement_id=stmt.text("Id"),
        period_start=iso_date(start, where, "FrDtTm") if start else None,
        period_end=iso_date(end, where, "ToDtTm") if end else None,
        opening_balance=opening,
        closing_balance=closing,
        lines=lines,
    )


def _signed_amount(fields: _Fields, holder: str, label: str, indicator: str = "") -> Decimal:
    """`Amt` (under `holder`) signed by `CdtDbtInd` (amounts are always written without a sign)."""
    found = fields.first(holder + "Amt")
    if found is None or not (found.text or "").strip():
        raise StatementFormatError(f"line {fields.element.sourceline}: {label} has no Amt")
    amount = plain_decimal(found.text or "", f"line {found.sourceline}: {label}")
    indicator_element = fields.first(holder + "CdtDbtInd")
    if indicator_element is not None:
        indicator = (indicator_element.text or "").strip()
    if indicator == "DBIT":
        return -amount
    if indicator == "CRDT":
        return amount
    line = indicator_element.sourceline if indicator_element is not None else found.sourceline
    raise StatementFormatError(f"line {line}: {label}: CdtDbtInd {indicator[:10]!r} is neither CRDT nor DBIT")


def _date(fields: _Fields, name: str, label: str) -> date | None:
    for path in (f"{name}/Dt", f"{name}/DtTm"):
        for found in fields.all(path):
            if (found.text or "").strip():
                return iso_date(found.text or "", f"line {found.sourceline}: {label}", name)
    return None


def _entry_lines(element: etree._Element, prefix: str) -> list[ParsedLine]:
    """One line per entry, or one per transaction of a batch that details each of them."""
    entry = _Fields(element, prefix, _ENTRY)
    if entry.text("Sts", "Sts/Cd") in _UNBOOKED:
        return []
    amount = _signed_amount(entry, "", "Ntry")
    amount_element = entry.first("Amt")
    currency = amount_element.get("Ccy", "") if amount_element is not None else ""
    booking = _date(entry, "BookgDt", "Ntry")
    if booking is None:
        raise StatementFormatError(f"line {element.sourceline}: Ntry has no BookgDt")
    base = ParsedLine(
        booking_date=booking,
        value_date=_date(entry, "ValDt", "Ntry"),
        amount=amount,
        currency=currency,
        description=clean_text(entry.text("AddtlNtryInf")),
        transaction_id=_provided(entry.text("AcctSvcrRef")),
        bank_code=_bank_code(entry),
    )
    details = [_Fields(detail, prefix, _DETAIL) for detail in entry.all("NtryDtls/TxDtls")]
    if not details:
        return [base]
    if len(details) == 1:
        return [_detail_line(details[0], base, amount, base.transaction_id)]
    indicator = entry.text("CdtDbtInd")
    amounts = [_detail_amount(detail, indicator) for detail in details]
    if any(part is None for part in amounts) or sum(a for a in amounts if a is not None) != amount:
        # A batch whose parts are missing or do not add up (charges taken off, say) stays one line.
        return [base]
    return [
        _detail_line(detail, base, part, f"{base.transaction_id}-{number}" if base.transaction_id else "")
        for number, (detail, part) in enumerate(zip(details, amounts, strict=True), start=1)
        if part is not None
    ]


def _detail_amount(detail: _Fields, indicator: str) -> Decimal | None:
    indicator = detail.text("CdtDbtInd") or indicator
    for holder in ("", "AmtDtls/TxAmt/"):
        if detail.text(holder + "Amt"):
            return _signed_amount(detail, holder, "TxDtls", indicator)
    return None


def _detail_line(detail: _Fields, base: ParsedLine, amount: Decimal, fallback_id: str) -> ParsedLine:
    # The other party: who paid us on a credit, whom we paid on a debit.
    party, account = ("Dbtr", "DbtrAcct") if amount >= 0 else ("Cdtr", "CdtrAcct")
    name = detail.text(*(f"RltdPties/{p}" for p in (f"{party}/Nm", f"{party}/Pty/Nm", f"Ultmt{party}/Nm")))
    name = name or detail.text(f"RltdPties/Ultmt{party}/Pty/Nm")
    number = detail.text(f"RltdPties/{account}/Id/IBAN", f"RltdPties/{account}/Id/Othr/Id")
    reference = _provided(detail.text("Refs/EndToEndId")) or detail.text("RmtInf/Strd/CdtrRefInf/Ref")
    unstructured = [clean_text(u.text) for u in detail.all("RmtInf/Ustrd")]
    description = " ".join(u for u in unstructured if u) or clean_text(detail.text("AddtlTxInf"))
    return ParsedLine(
        booking_date=base.booking_date,
        value_date=base.value_date,
        amount=amount,
        currency=base.currency,
        counterparty_name=clean_text(name),
        counterparty_account=normalize_account(number),
        reference=clean_text(reference),
        description=description or base.description,
        transaction_id=_provided(detail.text("Refs/AcctSvcrRef")) or fallback_id,
        bank_code=_bank_code(detail) or base.bank_code,
    )


def _provided(text: str) -> str:
    return "" if text.upper() == _NOT_PROVIDED else text


def _bank_code(fields: _Fields) -> str:
    """The ISO code as DOMAIN-FAMILY-SUBFAMILY (PMNT-RCDT-ESCT), else the bank's own code."""
    domain = fields.text("BkTxCd/Domn/Cd")
    if domain:
        family = fields.text("BkTxCd/Domn/Fmly/Cd")
        subfamily = fields.text("BkTxCd/Domn/Fmly/SubFmlyCd")
        return "-".join(part for part in (domain, family, subfamily) if part)
    return fields.text("BkTxCd/Prtry/Cd")


# -- writing ---------------------------------------------------------------------------------------


def write_camt053(statement: ParsedStatement, version: str = "001.08") -> bytes:
    """A CAMT.053 file of one statement, one entry per line (no batches)."""
    if version not in WRITE_VERSIONS:
        known = ", ".join(WRITE_VERSIONS)
        raise ValueError(f"CAMT.053 version {version!r} is not written; use one of {known}")
    namespace = NAMESPACE.format(version=version[-2:])
    # 001.08 spells the status Sts/Cd, a party Dbtr/Pty/Nm and gives a transaction its own Amt;
    # older versions are written with the 001.02 spellings, which they all accept.
    modern = version == "001.08"
    writer = _Writer(namespace)
    document = etree.Element(f"{{{namespace}}}Document", nsmap={None: namespace})
    root = writer.add(document, "BkToCstmrStmt")
    created = f"{statement.period_end or _last_date(statement)}T00:00:00"
    header = writer.add(root, "GrpHdr")
    writer.add(header, "MsgId", f"MSG-{statement.statement_id or 'STATEMENT'}"[:35])
    writer.add(header, "CreDtTm", created)
    stmt = writer.add(root, "Stmt")
    writer.add(stmt, "Id", statement.statement_id or "STATEMENT")
    writer.add(stmt, "CreDtTm", created)
    if statement.period_start and statement.period_end:
        period = writer.add(stmt, "FrToDt")
        writer.add(period, "FrDtTm", f"{statement.period_start}T00:00:00")
        writer.add(period, "ToDtTm", f"{statement.period_end}T23:59:59")
    account = writer.add(stmt, "Acct")
    writer.account_id(account, statement.account)
    writer.add(account, "Ccy", statement.currency)
    first = statement.period_start or _first_date(statement)
    for code, amount, day in (
        ("OPBD", statement.opening_balance, first),
        ("CLBD", statement.closing_balance, statement.period_end or _last_date(statement)),
    ):
        if amount is not None:
            balance = writer.add(stmt, "Bal")
            writer.add(writer.add(writer.add(balance, "Tp"), "CdOrPrtry"), "Cd", code)
            writer.amount(balance, amount, statement.currency)
            writer.add(writer.add(balance, "Dt"), "Dt", str(day))
    for line in statement.lines:
        writer.entry(stmt, line, modern=modern)
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _first_date(statement: ParsedStatement) -> date:
    return min((line.booking_date for line in statement.lines), default=date.today())


def _last_date(statement: ParsedStatement) -> date:
    return max((line.booking_date for line in statement.lines), default=date.today())


class _Writer:
    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def add(self, parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        element = etree.SubElement(parent, f"{{{self.namespace}}}{name}")
        if text is not None:
            element.text = text
        return element

    def amount(
        self, parent: etree._Element, amount: Decimal, currency: str, *, indicator: bool = True
    ) -> None:
        self.add(parent, "Amt", amount_text(abs(amount))).set("Ccy", currency)
        if indicator:
            self.add(parent, "CdtDbtInd", "DBIT" if amount < 0 else "CRDT")

    def account_id(self, parent: etree._Element, number: str) -> None:
        identifier = self.add(parent, "Id")
        if _IBAN.fullmatch(number):
            self.add(identifier, "IBAN", number)
        else:
            self.add(self.add(identifier, "Othr"), "Id", number)

    def entry(self, stmt: etree._Element, line: ParsedLine, *, modern: bool) -> None:
        entry = self.add(stmt, "Ntry")
        self.amount(entry, line.amount, line.currency)
        if modern:
            self.add(self.add(entry, "Sts"), "Cd", "BOOK")
        else:
            self.add(entry, "Sts", "BOOK")
        self.add(self.add(entry, "BookgDt"), "Dt", str(line.booking_date))
        if line.value_date:
            self.add(self.add(entry, "ValDt"), "Dt", str(line.value_date))
        if line.transaction_id:
            self.add(entry, "AcctSvcrRef", line.transaction_id)
        self.bank_code(entry, line.bank_code)
        detail = self.add(self.add(entry, "NtryDtls"), "TxDtls")
        refs = self.add(detail, "Refs")
        if line.transaction_id:
            self.add(refs, "AcctSvcrRef", line.transaction_id)
        self.add(refs, "EndToEndId", line.reference or _NOT_PROVIDED)
        if modern:
            self.amount(detail, line.amount, line.currency)
        else:
            # AmtDtls/TxAmt carries no CdtDbtInd: the entry's applies.
            tx_amount = self.add(self.add(detail, "AmtDtls"), "TxAmt")
            self.amount(tx_amount, line.amount, line.currency, indicator=False)
        if line.counterparty_name or line.counterparty_account:
            party, account = ("Dbtr", "DbtrAcct") if line.amount >= 0 else ("Cdtr", "CdtrAcct")
            parties = self.add(detail, "RltdPties")
            if line.counterparty_name:
                holder = self.add(parties, party)
                self.add(self.add(holder, "Pty") if modern else holder, "Nm", line.counterparty_name[:140])
            if line.counterparty_account:
                self.account_id(self.add(parties, account), line.counterparty_account)
        if line.description:
            remittance = self.add(detail, "RmtInf")
            for part in _split_words(line.description, 140):
                self.add(remittance, "Ustrd", part)

    def bank_code(self, parent: etree._Element, code: str) -> None:
        if not code:
            return
        codes = self.add(parent, "BkTxCd")
        parts = code.split("-")
        if len(parts) == 3 and all(len(p) == 4 and p.isalpha() and p.isupper() for p in parts):
            domain = self.add(codes, "Domn")
            self.add(domain, "Cd", parts[0])
            family = self.add(domain, "Fmly")
            self.add(family, "Cd", parts[1])
            self.add(family, "SubFmlyCd", parts[2])
        else:
            proprietary = self.add(codes, "Prtry")
            self.add(proprietary, "Cd", code)
            self.add(proprietary, "Issr", "BANK")


def _split_words(text: str, width: int) -> list[str]:
    """Pieces of at most `width` characters cut at spaces: joined with a space they give `text` back
    (unless a single word is longer than a piece)."""
    pieces: list[str] = []
    current = ""
    for word in text.split(" "):
        while len(word) > width:  # a word longer than a piece is cut where it must be
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:width])
            word = word[width:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
        else:
            pieces.append(current)
            current = word
    if current:
        pieces.append(current)
    return pieces
