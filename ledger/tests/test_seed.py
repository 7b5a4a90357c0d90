"""Seeding a company's books: currencies, chart of accounts, settings and tax codes, idempotently."""

from decimal import Decimal

import pytest

from common.models import Company, TaxRate
from common.models import Currency as CommonCurrency
from ledger.charts import FREELANCER, SMALL_BUSINESS
from ledger.errors import LedgerNotSeeded
from ledger.models import Account, Currency, JournalEntry, LedgerSettings, TaxCode
from ledger.seed import chart_install, currencies_sync, seed_tenant, tax_codes_sync
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

pytestmark = tenant_db


def _with_country(company: Company, country: str) -> Company:
    company.country = country
    company.save(update_fields=["country"])
    return company


def _counts() -> tuple[int, int, int, int]:
    return (
        Currency.objects.count(),
        Account.objects.count(),
        TaxCode.objects.count(),
        LedgerSettings.objects.count(),
    )


def _settings() -> tuple[str, str | None, str | None]:
    return LedgerSettings.objects.values_list(
        "base_currency_id", "retained_earnings__code", "fx_gain_loss__code"
    ).get()


def test_seed_installs_currencies_chart_settings_and_tax_codes(acme):
    _with_country(acme, "US")
    with tenant_context("acme"):
        seed_tenant(company=acme)

        common = {c.code: (c.name, c.minor_units) for c in CommonCurrency.objects.using("default")}
        copied = {c.code: (c.name, c.minor_units) for c in Currency.objects.all()}
        assert copied == common
        assert len(copied) > 100
        assert (copied["USD"][1], copied["JPY"][1], copied["KWD"][1], copied["CLF"][1]) == (2, 0, 3, 4)

        accounts = Account.objects.values_list("code", "name", "type", "parent__code")
        assert sorted(accounts) == sorted(SMALL_BUSINESS)

        assert _settings() == ("USD", "3200", "4950")

        codes = dict(TaxCode.objects.values_list("code", "rate"))
        assert codes == {"NY-SALES": Decimal("8.875"), "EXEMPT": 0}
        assert set(TaxCode.objects.values_list("account__code", flat=True)) == {"2300"}


def test_seed_is_idempotent(acme):
    _with_country(acme, "US")
    with tenant_context("acme"):
        seed_tenant(company=acme)
        first = _counts()
        seed_tenant(company=acme)
        assert _counts() == first
        assert currencies_sync() == 0
        assert chart_install() == 0
        assert tax_codes_sync("US") == 0
        assert JournalEntry.objects.count() == 0


def test_seed_keeps_the_first_base_currency(acme):
    """Re-seeding never rewrites the settings (the base currency of existing books)."""
    with tenant_context("acme"):
        seed_tenant(company=acme)
        acme.base_currency = CommonCurrency.objects.get(code="EUR")
        seed_tenant(company=acme)
        assert LedgerSettings.objects.get().base_currency_id == "USD"


def test_currencies_sync_repairs_a_changed_currency(acme):
    with tenant_context("acme"):
        seed_tenant(company=acme)
        Currency.objects.filter(code="JPY").update(minor_units=2, name="wrong")
        assert currencies_sync() == 1
        assert Currency.objects.values_list("name", "minor_units").get(code="JPY") == ("Yen", 0)


def test_tax_codes_for_germany_post_to_the_vat_control_account(foo):
    _with_country(foo, "DE")
    with tenant_context("foo"):
        seed_tenant(company=foo)
        assert LedgerSettings.objects.get().base_currency_id == "EUR"
        codes = {
            code: rest
            for code, *rest in TaxCode.objects.values_list("code", "rate", "account__code", "is_active")
        }
        assert codes == {
            "VAT19": [Decimal("19.0000"), "2300", True],
            "VAT7": [Decimal("7.0000"), "2300", True],
        }
        rate = TaxRate.objects.using("default").get(country="DE", code="VAT19")
        assert TaxCode.objects.get(code="VAT19").valid_from == rate.valid_from


def test_tax_codes_sync_picks_up_a_changed_rate(foo):
    _with_country(foo, "DE")
    with tenant_context("foo"):
        seed_tenant(company=foo)
        TaxRate.objects.using("default").filter(country="DE", code="VAT7").update(rate=Decimal("5"))
        assert tax_codes_sync("DE") == 0  # updated, not added
        assert TaxCode.objects.get(code="VAT7").rate == Decimal("5")


def test_no_country_means_no_tax_codes(acme):
    with tenant_context("acme"):
        seed_tenant(company=acme)
        assert TaxCode.objects.count() == 0
        assert tax_codes_sync("") == 0


def test_freelancer_template(acme):
    with tenant_context("acme"):
        assert chart_install("freelancer") == len(FREELANCER)
        assert chart_install("freelancer") == 0
        accounts = {code: rest for code, *rest in Account.objects.values_list("code", "name", "parent__code")}
        assert set(accounts) == {code for code, *_ in FREELANCER}
        assert accounts["4200"] == ["Fees", "4000"]
        assert "1300" not in accounts  # no inventory for a freelancer


def test_seed_tenant_with_the_freelancer_template(acme):
    _with_country(acme, "US")
    with tenant_context("acme"):
        seed_tenant(company=acme, template="freelancer")
        assert Account.objects.count() == len(FREELANCER)
        assert _settings() == ("USD", "3200", "4950")
        assert set(TaxCode.objects.values_list("account__code", flat=True)) == {"2300"}


def test_templates_add_up_without_duplicates(acme):
    with tenant_context("acme"):
        seed_tenant(company=acme, template="freelancer")
        added = chart_install("small-business")
        codes = {code for code, *_ in SMALL_BUSINESS} | {code for code, *_ in FREELANCER}
        assert Account.objects.count() == len(codes)
        assert added == len(codes) - len(FREELANCER)


def test_unknown_template_is_a_clear_error(acme):
    with tenant_context("acme"):
        with pytest.raises(LedgerNotSeeded) as info:
            chart_install("enterprise")
        message = str(info.value)
        assert "'enterprise'" in message
        assert "small-business" in message and "freelancer" in message

        with pytest.raises(LedgerNotSeeded):
            seed_tenant(company=acme, template="enterprise")
        # All or nothing: the currencies copied before the error were rolled back.
        assert _counts() == (0, 0, 0, 0)


@pytest.mark.slow  # the demo books
def test_seed_with_demo_generates_books_once(acme, settings):
    settings.PYLEDGER_DEMO_MONTHS = 2
    _with_country(acme, "US")
    with tenant_context("acme"):
        seed_tenant(company=acme, demo=True)
        entries = JournalEntry.objects.count()
        assert entries > 40
        seed_tenant(company=acme, demo=True)
        assert JournalEntry.objects.count() == entries
