"""What text the product takes from outside: no NUL, no control characters, ISO calendar dates.

PostgreSQL cannot store NUL in text (the driver refuses it, which used to surface as a 500), lone
surrogates cannot be encoded as UTF-8, and other control characters are never meant in a name,
memo or code. Tab, line feed and carriage return stay allowed: memos have lines.
"""

from __future__ import annotations

import re
from datetime import date

from .errors import DomainError

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class InvalidCharacters(DomainError):
    code = "invalid_characters"
    default_message = "Text may not contain NUL or other control characters."


def has_control_characters(text: str) -> bool:
    return CONTROL.search(text) is not None


def escaped(text: str) -> str:
    """`text` with its control characters written as escapes (`\\x00`), to quote it in a message
    that is stored or shown."""
    return CONTROL.sub(lambda found: repr(found.group())[1:-1], text)


def parse_iso_date(text: str) -> date:
    """A calendar date written YYYY-MM-DD, nothing else (no week dates, no 20260302, no
    non-ASCII digits, which Python's own parsers all take). ValueError otherwise."""
    if not ISO_DATE.fullmatch(text):
        raise ValueError(f"{text[:40]!r} is not a date YYYY-MM-DD")
    return date.fromisoformat(text)
