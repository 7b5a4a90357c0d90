"""Cells that are safe to open in a spreadsheet, for every CSV the ledger writes."""

from __future__ import annotations

import re
from typing import Any

NUMBER = re.compile(r"-?\d+(\.\d+)?")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """`value` safe to open in a spreadsheet: text that would start a formula is quoted.

    Account names, memos and references are typed by users; "=HYPERLINK(...)" must stay text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value
