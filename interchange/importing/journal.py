"""Read an hledger / ledger-cli journal into a Book: the subset both tools share.

Read: transactions (`DATE[=DATE2] [*|!] [(CODE)] DESCRIPTION`, `payee | note` descriptions),
postings (`ACCOUNT  AMOUNT [@ PRICE | @@ TOTAL] [{COST}] [= BALANCE]`; two spaces or a tab after
the account), one posting per transaction without an amount (it takes what balances the others,
one posting per commodity), `account` directives (with `; type: A|L|E|R|X|C`), `commodity`
directives, `P` prices, balance assertions (`=`, `==`, `=*`, `==*`), `comment ... end comment`
blocks and `;`/`#`/`*` comment lines, tags in transaction comments (`; project:x, trip:`).
Unbalanced virtual postings `(account)` are left out (noted); balanced ones `[account]` are read
as ordinary postings. Anything else (`include`, `alias`, automated `=` and periodic `~`
transactions, balance assignments, `Y` years) is refused with its line number, never guessed.

No library reads this format in Python today (PyPI has only unmaintained fragments), so this is
the project's own small parser. The journal is streamed: iterating the Book's transactions reads
the file again, a transaction at a time, so memory does not grow with the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .book import (
    AccountInfo,
    Amount,
    Assertion,
    Book,
    BookError,
    Posting,
    Price,
    Transaction,
    number_problem,
)

# Commodity symbols written before numbers, read as these ISO codes.
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY"}
TYPE_TAGS = {
    "a": "asset",
    "asset": "asset",
    "l": "liability",
    "liability": "liability",
    "e": "equity",
    "equity": "equity",
    "r": "income",
    "revenue": "income",
    "x": "expense",
    "expense": "expense",
    "c": "asset",  # cash: an asset
    "cash": "asset",
    "v": "equity",  # conversion
    "conversion": "equity",
}

DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
HEADER = re.compile(
    r"(?P<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:=\S+)?"
    r"(?:\s+(?P<status>[*!]))?(?:\s+\((?P<code>[^)]*)\))?(?P<rest>.*)$"
)
SPLIT = re.compile(r"\t|  +")  # between an account and its amount
NUMBER = re.compile(r"[-+]?(?:\d[\d,]*)(?:\.\d+)?|[-+]?\.\d+")
QUOTED = re.compile(r'"([^"]+)"')
TAG = re.compile(r"(?:^|[\s,])([^\s,:]+):")
REFUSED = {
    "include": "'include' is not read; join the files into one",
    "alias": "account aliases are not supported; rename the accounts in the file",
    "apply": "'apply' directives are not supported",
    "end": "'end apply' is not supported",
    "Y": "'Y' (default year) is not supported; write full dates",
    "year": "'year' (default year) is not supported; write full dates",
    "=": "automated transactions are not supported",
    "bucket": "'bucket' is not supported",
    "A": "'A' (default account) is not supported",
    "D": None,  # default commodity: ignored (amounts here always name theirs or use a symbol)
    "decimal-mark": "'decimal-mark' is not supported; use '.' as the decimal mark",
}
IGNORED_DIRECTIVES = (
    "payee",
    "tag",
    "N",
    "C",
    "define",
    "assert",
    "check",
    "expr",
    "value",
    "python",
    "eval",
)

KNOWN = {"account", "P", "commodity", *REFUSED, *IGNORED_DIRECTIVES}


@dataclass
class _Pending:
    """A transaction being read: its header and postings so far."""

    date: date
    status: str
    payee: str
    narration: str
    line: int
    postings: list[tuple[int, str, Amount | None, Amount | None, Amount | None]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    assertions: list[tuple[int, str, Amount, bool]] = field(default_factory=list)


class JournalTransactions:
    """The journal's transactions, read afresh from the file at each iteration."""

    def __init__(self, path: Path, shown: str, book: Book) -> None:
        self.path, self.shown, self.book = path, shown, book
        self._reads = 0

    def __iter__(self) -> Iterator[Transaction]:
        # Assertions and notes are gathered on the first full read only (the service reads twice).
        first = self._reads == 0
        self._reads += 1
        reader = _Reader(self.path, self.shown, self.book, collect=first)
        return reader.transactions()


def read_journal(path: Path, *, name: str | None = None) -> Book:
    """The Book of an hledger / ledger-cli journal. Directives are read now (a quick scan);
    transactions when the Book's `transactions` are iterated. Raises BookError with the line."""
    shown = name or path.name
    book = Book(format="ledger", transactions=[])
    _Reader(path, shown, book, collect=True).directives()
    book.transactions = JournalTransactions(path, shown, book)
    return book


class _Reader:
    def __init__(self, path: Path, shown: str, book: Book, *, collect: bool) -> None:
        self.path, self.shown, self.book, self.collect = path, shown, book, collect
        # Assertions by day: [account, amount, inclusive, where], moved by the same day's later
        # postings, so that each holds at the end of its day (what pyledger can check).
        self.asserted: dict[date, list[list[object]]] = {}

    def fail(self, line: int, message: str) -> BookError:
        return BookError(f"{self.shown}:{line}: {message}")

    def _lines(self) -> Iterator[tuple[int, str]]:
        try:
            with self.path.open(encoding="utf-8-sig") as handle:
                in_comment = False
                for number, raw in enumerate(handle, 1):
                    text = raw.rstrip("\r\n")
                    stripped = text.strip()
                    if in_comment:
                        in_comment = stripped not in ("end comment", "end test")
                        continue
                    if stripped in ("comment", "test"):
                        in_comment = True
                        continue
                    yield number, text
        except UnicodeDecodeError:
            raise BookError(f"{self.shown}: not UTF-8 text.") from None

    # Directives: a quick scan at the start, so accounts and prices are known before any entry.
    def directives(self) -> None:
        current: AccountInfo | None = None
        for number, text in self._lines():
            if not text or text[0] in " \t":
                if current is not None:
                    kind = _type_tag(text)
                    if kind:
                        current.type = kind
                continue
            current = None
            word = text.split(None, 1)[0]
            if word == "account":
                current = self._account(number, text)
            elif word == "P":
                self.book.prices.append(self._price(number, text))
            elif word == "commodity":
                continue
            elif (refusal := REFUSED.get(word)) and not DATE.match(text):
                raise self.fail(number, refusal)
            elif word.startswith("~") and self.collect:
                self.book.notes.add(
                    "periodic_transaction",
                    "periodic transactions (~) are budgets, not postings: left out",
                    f"{self.shown}:{number}",
                )

    def _account(self, number: int, text: str) -> AccountInfo:
        body, _, comment = text[len("account") :].partition(";")
        name = SPLIT.split(body.strip(), 1)[0].strip()
        if not name:
            raise self.fail(number, "'account' needs an account name")
        info = self.book.accounts.setdefault(name, AccountInfo(name=name))
        kind = _type_tag(";" + comment) if comment else None
        if kind:
            info.type = kind
        return info

    def _price(self, number: int, text: str) -> Price:
        parts = text.split(None, 2)
        if len(parts) < 3:
            raise self.fail(number, "a price directive is 'P DATE COMMODITY AMOUNT'")
        day = self._date(number, parts[1])
        rest = parts[2].split(";", 1)[0].strip()
        commodity, _, amount_text = rest.partition(" ")
        if rest.startswith('"'):
            found = QUOTED.match(rest)
            if not found:
                raise self.fail(number, "unclosed quote in the commodity")
            commodity, amount_text = found.group(1), rest[found.end() :]
        amount = self._amount(number, amount_text.strip())
        if amount is None:
            raise self.fail(number, "a price directive needs an amount")
        return Price(day, SYMBOLS.get(commodity, commodity), amount)

    def _date(self, number: int, text: str) -> date:
        found = DATE.fullmatch(text)
        if not found:
            raise self.fail(number, f"{text!r} is not a date (YYYY-MM-DD)")
        try:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            raise self.fail(number, f"{text!r} is not a date") from None

    # Transactions, streamed.
    def transactions(self) -> Iterator[Transaction]:
        pending: _Pending | None = None
        for number, text in self._lines():
            if text and text[0] in " \t":
                stripped = text.strip()
                if pending is None or not stripped:
                    if pending is not None and not stripped:
                        yield from self._finish(pending)
                        pending = None
                    continue
                if stripped[0] in ";#":
                    pending.tags.extend(TAG.findall(stripped[1:]))
                    continue
                self._posting(pending, number, stripped)
                continue
            if pending is not None:
                yield from self._finish(pending)
                pending = None
            if not text or text[0] in ";#*%|":
                continue
            if text[0].isdigit():
                pending = self._header(number, text)
            # Other directives were handled by the scan (and refused there when unsupported).
            elif not text.startswith("~") and text.split(None, 1)[0] not in KNOWN:
                raise self.fail(number, f"cannot read {text.split(None, 1)[0]!r} here")
        if pending is not None:
            yield from self._finish(pending)
        if self.collect:
            for day, items in sorted(self.asserted.items()):
                for account, amount, inclusive, where in items:
                    assert isinstance(amount, Amount)
                    self.book.assertions.append(
                        Assertion(day, str(account), amount, bool(inclusive), str(where))
                    )

    def _header(self, number: int, text: str) -> _Pending:
        found = HEADER.match(text)
        if not found:
            raise self.fail(number, "a transaction starts with a date (YYYY-MM-DD)")
        day = self._date(number, found.group("date"))
        rest = found.group("rest")
        if rest and not rest[0].isspace():
            raise self.fail(number, f"{found.group('date') + rest.split()[0]!r} is not a date")
        description, _, comment = rest.partition(";")
        description = description.strip()
        payee, bar, note = description.partition("|")
        pending = _Pending(
            date=day,
            status=found.group("status") or "",
            payee=payee.strip() if bar else "",
            narration=note.strip() if bar else description,
            line=number,
        )
        if comment:
            pending.tags.extend(TAG.findall(comment))
        return pending

    def _posting(self, pending: _Pending, number: int, text: str) -> None:
        body, _, _comment = text.partition(";")
        body = body.rstrip()
        if body[:1] in "*!" and len(body) > 1 and body[1] == " ":
            body = body[2:].lstrip()
        parts = SPLIT.split(body, 1)
        account = parts[0].strip()
        rest = parts[1].strip() if len(parts) > 1 else ""
        if account.startswith("(") and account.endswith(")"):
            if self.collect:
                self.book.notes.add(
                    "virtual_posting",
                    "unbalanced virtual postings (account) are not part of the books: left out",
                    f"{self.shown}:{number}",
                )
            return
        if account.startswith("[") and account.endswith("]"):
            account = account[1:-1]
        if not account:
            raise self.fail(number, "a posting needs an account")
        amount_text, assertion = rest, ""
        if "=" in rest:
            amount_text, _, assertion = rest.partition("=")
        units = cost = price = None
        amount_text = amount_text.strip()
        if amount_text:
            units, cost, price = self._priced(number, amount_text)
        if assertion:
            inclusive = assertion.startswith("*") or assertion.startswith("=*")
            asserted = self._amount(number, assertion.lstrip("=*").strip())
            if asserted is None:
                raise self.fail(number, "a balance assertion needs an amount")
            if units is None:
                raise self.fail(
                    number, "balance assignments (a posting with only '= AMOUNT') are not supported"
                )
            pending.assertions.append((number, account, asserted, inclusive))
        pending.postings.append((number, account, units, cost, price))

    def _priced(self, number: int, text: str) -> tuple[Amount, Amount | None, Amount | None]:
        cost = price = None
        total = False
        if "@" in text:
            text, _at, price_text = text.partition("@")
            total = price_text.startswith("@")
            price = self._amount(number, price_text.lstrip("@").strip())
            if price is None:
                raise self.fail(number, "'@' needs a price")
        if "{" in text:
            text, _, cost_text = text.partition("{")
            cost_text = cost_text.split("}", 1)[0].strip()
            total_cost = cost_text.startswith("{")
            cost = self._amount(number, cost_text.strip("{} "))
            if cost is None:
                raise self.fail(number, "'{' needs a cost")
            units = self._amount(number, text.strip())
            if units is None:
                raise self.fail(number, "a cost needs an amount before it")
            if total_cost and units.number:
                cost = Amount(cost.number / abs(units.number), cost.commodity)
        else:
            units = self._amount(number, text.strip())
        if units is None:
            raise self.fail(number, f"cannot read the amount {text.strip()!r}")
        if price is not None and total:
            if not units.number:
                raise self.fail(number, "a total price needs a non-zero amount")
            price = Amount(price.number / abs(units.number), price.commodity)
        return units, cost, price

    def _amount(self, number: int, text: str) -> Amount | None:
        """`$-1,000.50`, `-$1,000.50`, `1000.50 EUR`, `EUR 1000.50`, `10 "ABC 1"`."""
        text = text.strip()
        if not text:
            return None
        sign = ""
        if text[0] in "-+":
            sign, text = text[0], text[1:].lstrip()
        quoted = QUOTED.search(text)
        commodity = ""
        if quoted:
            commodity = quoted.group(1)
            text = (text[: quoted.start()] + " " + text[quoted.end() :]).strip()
        found = NUMBER.search(text)
        if not found:
            raise self.fail(number, f"cannot read the amount {text!r}")
        before, after = text[: found.start()].strip(), text[found.end() :].strip()
        if not commodity:
            if before and after:
                raise self.fail(number, f"cannot read the amount {text!r}")
            commodity = before or after
        elif before or after:
            raise self.fail(number, f"cannot read the amount {text!r}")
        if not commodity:
            raise self.fail(number, f"the amount {text!r} names no commodity")
        if " " in commodity or (any(ch.isdigit() for ch in commodity) and not quoted):
            raise self.fail(number, f"cannot read the amount {text!r}")
        digits = found.group(0)
        if digits[0] in "-+":
            sign = "-" if (sign == "-") != (digits[0] == "-") else ""
            digits = digits[1:]
        if "," in digits and not re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", digits):
            raise self.fail(number, f"cannot read the number {digits!r} (use ',' only between thousands)")
        try:
            value = Decimal(sign + digits.replace(",", ""))
        except InvalidOperation:
            raise self.fail(number, f"cannot read the number {digits!r}") from None
        if problem := number_problem(value):
            raise self.fail(number, problem)
        return Amount(value, SYMBOLS.get(commodity, commodity))

    def _finish(self, pending: _Pending) -> Iterator[Transaction]:
        where = f"{self.shown}:{pending.line}"
        known: list[Posting] = []
        elided: list[tuple[int, str]] = []
        for number, account, units, cost, price in pending.postings:
            if units is None:
                elided.append((number, account))
            else:
                known.append(Posting(account, units, cost=cost, price=price))
        if len(elided) > 1:
            raise self.fail(elided[1][0], "only one posting of a transaction may leave out its amount")
        sums: dict[str, Decimal] = {}
        for posting in known:
            weight = posting.weight
            sums[weight.commodity] = sums.get(weight.commodity, Decimal(0)) + weight.number
        postings = list(known)
        if elided:
            for commodity, total in sums.items():
                if total:
                    postings.append(Posting(elided[0][1], Amount(-total, commodity)))
        else:
            unbalanced = {c: t for c, t in sums.items() if abs(t) >= _tolerance(known, c)}
            if unbalanced:
                text = ", ".join(f"{t} {c}" for c, t in sorted(unbalanced.items()))
                raise self.fail(pending.line, f"the transaction does not balance (off by {text})")
        if self.collect:
            for item in self.asserted.get(pending.date, ()):
                account, amount, inclusive = str(item[0]), item[1], item[2]
                assert isinstance(amount, Amount)
                for posting in postings:
                    inside = posting.account == account or (
                        inclusive and posting.account.startswith(account + ":")
                    )
                    if inside and posting.units.commodity == amount.commodity:
                        amount = Amount(amount.number + posting.units.number, amount.commodity)
                item[1] = amount
            for number, account, asserted, inclusive in pending.assertions:
                self.asserted.setdefault(pending.date, []).append(
                    [account, asserted, inclusive, f"{self.shown}:{number}"]
                )
        yield Transaction(
            date=pending.date,
            narration=pending.narration,
            payee=pending.payee,
            postings=postings,
            status=pending.status,
            tags=tuple(dict.fromkeys(pending.tags)),
            where=where,
        )


def _tolerance(postings: list[Posting], commodity: str) -> Decimal:
    """Half a unit of the finest decimal written for the commodity (as hledger displays it)."""
    places = 0
    for posting in postings:
        if posting.units.commodity == commodity:
            exponent = posting.units.number.as_tuple().exponent
            if isinstance(exponent, int):
                places = max(places, -exponent)
        for per_unit in (posting.cost, posting.price):
            if per_unit is not None and per_unit.commodity == commodity:
                places = max(places, 2)
    return Decimal(1).scaleb(-places) / 2


def _type_tag(text: str) -> str | None:
    comment = text.partition(";")[2]
    found = re.search(r"\btype:\s*([A-Za-z]+)", comment)
    return TYPE_TAGS.get(found.group(1).lower()) if found else None
