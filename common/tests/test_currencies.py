"""The ISO 4217 currencies arrive with the common DB's migrations, each with its minor unit."""

from __future__ import annotations

import pytest

from common.currencies import iso4217
from common.models import Currency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "minor_units"),
    [("JPY", 0), ("USD", 2), ("EUR", 2), ("GBP", 2), ("KWD", 3), ("BHD", 3), ("CLF", 4)],
)
def test_the_migration_loads_the_currency_with_its_iso_minor_unit(code, minor_units):
    assert Currency.objects.get(code=code).minor_units == minor_units


def test_every_currency_of_the_shipped_table_is_loaded():
    shipped = {row.code: row.minor_units for row in iso4217()}
    loaded = dict(Currency.objects.values_list("code", "minor_units"))
    assert len(shipped) > 150
    assert loaded == shipped


def test_every_loaded_code_is_three_upper_case_letters_with_at_most_four_decimals():
    for code, minor_units in Currency.objects.values_list("code", "minor_units"):
        assert len(code) == 3 and code.isalpha() and code.isupper(), code
        assert 0 <= minor_units <= 4, code
