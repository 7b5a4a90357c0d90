"""The API's JSON parser: DRF's, with a cap on nesting and no control characters in any string.

A body nested 100,000 deep made Python's json module raise RecursionError (a 500); one nested
deeper than any pyledger request needs is now a parse error before it is decoded at all. Strings
with NUL, control characters or lone surrogates (which PostgreSQL cannot store) are refused here
once for every endpoint, keys included, naming where they are.
"""

from __future__ import annotations

import io
import re
from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .text import InvalidCharacters, has_control_characters

MAX_DEPTH = 32  # pyledger's deepest request body is 3 levels (an entry's lines' fields)
# A whole string (escapes included) or one bracket; brackets inside strings do not count.
_TOKENS = re.compile(rb'"(?:[^"\\]+|\\.)*"|[\[\]{}]')
_OPENERS = frozenset(b"[{")


def nesting_depth(raw: bytes, limit: int = MAX_DEPTH) -> int:
    """The deepest nesting of arrays and objects in `raw`, counting no further than `limit` + 1."""
    depth = deepest = 0
    for token in _TOKENS.finditer(raw):
        first = token.group()[0]
        if first in _OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif first != 0x22:  # a closing bracket, not a string
            depth -= 1
    return deepest


def _refuse_control_characters(value: Any, path: str) -> None:
    if isinstance(value, str):
        if has_control_characters(value):
            raise InvalidCharacters(
                f"{path or 'The body'} contains NUL or another control character.",
                fields={path or "non_field_errors": [InvalidCharacters.default_message]},
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            _refuse_control_characters(key, where)
            _refuse_control_characters(item, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _refuse_control_characters(item, f"{path}[{i}]" if path else f"[{i}]")


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = stream.read() if stream is not None else b""
        if nesting_depth(raw) > MAX_DEPTH:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels")
        try:
            data = super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError:  # belt and braces: the scan above should never let one through
            raise ParseError("JSON parse error - nested too deeply") from None
        _refuse_control_characters(data, "")
        return data
