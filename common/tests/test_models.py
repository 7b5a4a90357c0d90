"""Constraints of the registry that PostgreSQL enforces, whatever code path writes the row."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from common.models import Domain, TaxRate

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2026, 1, 1)
DEC_31 = datetime.date(2026, 12, 31)


def tax_rate(**overrides: object) -> TaxRate:
    values: dict[str, object] = {
        "code": "STD",
        "name": "Standard",
        "rate": Decimal("20.0000"),
        "country": "GB",
        "valid_from": JAN_1,
    }
    values.update(overrides)
    return TaxRate(**values)


def test_the_database_refuses_a_tax_rate_that_ends_before_it_starts():
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        tax_rate(valid_from=DEC_31, valid_to=JAN_1).save()
    assert "tax_rate_valid_range" in str(info.value)


def test_the_database_refuses_a_bad_range_written_with_raw_sql():
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO common_taxrate (code, name, rate, country, valid_from, valid_to) "
            "VALUES ('STD', 'Standard', 20, 'GB', %s, %s)",
            [DEC_31, JAN_1],
        )


@pytest.mark.parametrize("valid_to", [None, JAN_1, DEC_31])
def test_an_open_a_one_day_or_a_year_long_tax_rate_is_accepted(valid_to):
    tax_rate(valid_to=valid_to).save()
    assert TaxRate.objects.filter(code="STD").count() == 1


def test_two_rates_of_one_code_cannot_start_on_the_same_day():
    tax_rate().save()
    with pytest.raises(IntegrityError), transaction.atomic():
        tax_rate(rate=Decimal("5")).save()


def test_a_domain_is_stored_in_the_form_the_resolver_looks_up(acme):
    domain = Domain.objects.create(hostname="Books.Acme.Example.", company=acme)
    assert domain.hostname == "books.acme.example"
