"""pyledger account codes as Beancount account names, one to one and the same on every export.

Beancount names start with one of five roots (Assets, Liabilities, Equity, Income, Expenses), then
components that begin with an upper-case letter or a digit and hold only letters, digits and `-`.
A colon code that already is such a name under its type's root is kept as it is
(`Assets:US:BofA:Checking`); any other code goes under its type's root, each segment made valid
(`4100` -> `Income:4100`, `1120.1` -> `Assets:1120-1`, `Bank Service Charge` ->
`Expenses:Bank-Service-Charge`), with `-2`, `-3`, … added to the later codes (in code order) when
two would meet on one name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

ROOTS = {
    "asset": "Assets",
    "liability": "Liabilities",
    "equity": "Equity",
    "income": "Income",
    "expense": "Expenses",
}


def _inner(char: str) -> bool:
    return char == "-" or unicodedata.category(char) in ("Lu", "Ll", "Lt", "Lm", "Lo", "Nd")


def _first(char: str) -> bool:
    return unicodedata.category(char) in ("Lu", "Nd")


def is_component(text: str) -> bool:
    """Whether `text` is a valid component below the root (Beancount's ACC_COMP_NAME_RE)."""
    return bool(text) and _first(text[0]) and all(_inner(c) for c in text[1:])


def component(segment: str) -> str:
    """`segment` made a valid component: other characters become `-` (runs of them one), a
    lower-case first letter is capitalised, and anything else first gets an `X` before it."""
    mapped = "".join(c if _inner(c) else "-" for c in segment)
    while "--" in mapped:
        mapped = mapped.replace("--", "-")
    mapped = mapped.strip("-")
    if not mapped:
        return "X"
    if not _first(mapped[0]):
        upper = mapped[0].upper()
        mapped = upper + mapped[1:] if len(upper) == 1 and _first(upper) else "X" + mapped
    return mapped


def kept_as_is(code: str, type: str) -> bool:
    """A colon code that is a valid Beancount name under the root of the account's type."""
    root, _, rest = code.partition(":")
    return root == ROOTS[type] and bool(rest) and all(is_component(part) for part in rest.split(":"))


def beancount_names(accounts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Code -> Beancount name for (code, type) pairs: deterministic for a given chart."""
    pairs = sorted(accounts)
    names = {code: code for code, type in pairs if kept_as_is(code, type)}
    used = set(names.values())
    for code, type in pairs:
        if code in names:
            continue
        wanted = ":".join([ROOTS[type], *(component(part) for part in code.split(":"))])
        name, n = wanted, 1
        while name in used:
            n += 1
            name = f"{wanted}-{n}"
        names[code] = name
        used.add(name)
    return names
