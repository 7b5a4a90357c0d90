"""The dedup key of a statement line: the same bank transaction always gets the same key.

With the bank's own transaction id the key is that id. Without one it is a hash of date, amount,
counterparty, reference and the occurrence number among identical lines of the same statement,
so two real coffees of 3.50 on one day stay two lines, while re-importing the statement, or an
overlapping one, finds both again.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Protocol


class LineLike(Protocol):
    @property
    def booking_date(self) -> date: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def counterparty_name(self) -> str: ...
    @property
    def reference(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def transaction_id(self) -> str: ...


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def dedup_keys(lines: Iterable[LineLike]) -> Iterator[str]:
    """One key per line, in order."""
    seen: Counter[tuple[str, ...]] = Counter()
    for line in lines:
        if line.transaction_id.strip():
            yield _hash("id", line.transaction_id.strip())
            continue
        amount = format(Decimal(line.amount).normalize(), "f")
        fields = (
            line.booking_date.isoformat(),
            amount,
            _norm(line.counterparty_name),
            _norm(line.reference or line.description),
        )
        seen[fields] += 1
        yield _hash("content", *fields, str(seen[fields]))
