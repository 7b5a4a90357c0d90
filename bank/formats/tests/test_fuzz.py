"""Any prefix of any sample is either read or refused with StatementFormatError: nothing else escapes."""

from __future__ import annotations

import random

import pytest

from bank.formats import StatementFormatError, parse_statements

from .expected import CSV_PROFILES, SAMPLES

CUTS_PER_SAMPLE = 60


def _samples() -> list[str]:
    return sorted(
        path.name for path in SAMPLES.iterdir() if path.suffix in {".xml", ".ofx", ".qfx", ".sta", ".csv"}
    )


@pytest.mark.parametrize("name", _samples())
def test_a_cut_sample_is_read_or_refused_with_a_format_error(name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    profile = CSV_PROFILES.get(name)
    rng = random.Random(name)  # noqa: S311 - the same cuts every run, nothing secret
    cuts = sorted({rng.randrange(len(data)) for _ in range(CUTS_PER_SAMPLE)} | {0, 1, len(data) - 1})

    for cut in cuts:
        try:
            parse_statements(data[:cut], "csv" if profile else None, profile)
        except StatementFormatError as exc:
            assert "\n" not in str(exc), (cut, str(exc))


@pytest.mark.parametrize("name", _samples())
def test_a_sample_with_a_byte_flipped_is_read_or_refused_with_a_format_error(name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    profile = CSV_PROFILES.get(name)
    rng = random.Random(f"flip {name}")  # noqa: S311 - the same changes every run, nothing secret

    for _ in range(CUTS_PER_SAMPLE):
        position = rng.randrange(len(data))
        changed = data[:position] + bytes([rng.randrange(256)]) + data[position + 1 :]
        try:
            parse_statements(changed, "csv" if profile else None, profile)
        except StatementFormatError as exc:
            assert "\n" not in str(exc), (position, str(exc))
