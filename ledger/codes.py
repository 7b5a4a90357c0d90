"""What an account code may be: a short number (`4100`) or another ledger's colon path
(`Assets:US:BofA:Checking`, `Expenses:Bank Service Charge`, `Aktiva:Girokonto Sparkasse`).

One rule, held twice: `check_account_code` for services (a clear `invalid_account_code` error) and
the CHECK `account_code_format` in PostgreSQL (ledger/sql/0010_account_code_format.sql), whose
pattern is `PATTERN` below, character for character (the tests compare both on the same samples).
"""

from __future__ import annotations

import re

from common.errors import DomainError

MAX_LENGTH = 200
SEPARATOR = ":"

# Never in a code: control characters and every whitespace but the plain space (tabs, newlines,
# no-break and zero-width spaces, line separators, the byte-order mark). Written as \u escapes,
# which Python's re and PostgreSQL's regular expressions read alike.
_FORBIDDEN = r"\u0001-\u001f\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
# A segment: no colon (the separator), no slash (the code is part of the account's URL), and no
# space at either end; spaces inside are fine.
_SEGMENT = rf"[^:/ {_FORBIDDEN}](?:[^:/{_FORBIDDEN}]*[^:/ {_FORBIDDEN}])?"
PATTERN = rf"^{_SEGMENT}(?::{_SEGMENT})*$"
_VALID = re.compile(PATTERN)
_BAD_CHAR = re.compile(rf"[/{_FORBIDDEN}]")

RULE = (
    f"1 to {MAX_LENGTH} characters in segments separated by ':'; a segment is not empty, neither "
    "starts nor ends with a space, and has no '/', tab, line break or other control character"
)


class InvalidAccountCode(DomainError):
    code = "invalid_account_code"


def account_code_problem(code: str) -> str | None:
    """Why `code` is not a valid account code, or None when it is."""
    if not code:
        return "An account code cannot be empty."
    if len(code) > MAX_LENGTH:
        return f"An account code has at most {MAX_LENGTH} characters (this one has {len(code)})."
    if "\x00" in code:  # PostgreSQL stores no NUL: outside the pattern, which is also PostgreSQL's
        return "An account code cannot contain '\\x00'."
    if _VALID.match(code):
        return None
    bad = _BAD_CHAR.search(code)
    if bad:
        return f"An account code cannot contain {bad.group()!r}."
    if "" in code.split(SEPARATOR):
        return f"An account code has no empty segment (no leading, trailing or doubled {SEPARATOR!r})."
    return "A segment of an account code neither starts nor ends with a space."


def check_account_code(code: str) -> None:
    problem = account_code_problem(code)
    if problem is not None:
        raise InvalidAccountCode(f"{problem} Rule: {RULE}.", fields={"code": [problem]})


def parent_codes(code: str) -> list[str]:
    """The colon path's ancestors, nearest last: `A:B:C` -> [`A`, `A:B`]; a code with no colon has none."""
    parts = code.split(SEPARATOR)
    return [SEPARATOR.join(parts[:i]) for i in range(1, len(parts))]
