"""ISO 4217 reference data shipped with the project (common/data/iso4217.csv)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

DATA_FILE = Path(__file__).resolve().parent / "data" / "iso4217.csv"


class CurrencyRow(NamedTuple):
    code: str
    name: str
    minor_units: int


def iso4217() -> list[CurrencyRow]:
    """Return the active ISO 4217 currencies with their minor units (JPY 0, USD 2, KWD 3)."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return [
            CurrencyRow(row["code"], row["name"], int(row["minor_units"])) for row in csv.DictReader(handle)
        ]
