"""Deterministic demo books: a year of sales, purchases, payroll, bank, FX and tax.

`demo_generate` simulates a small trading company day by day and posts every transaction with
`journal_entry_create`, so the demo obeys the same rules (and triggers) as real bookkeeping:

* the owner's capital and a bank loan at the start; equipment bought on credit and depreciated
  monthly, a second purchase half-way through;
* sales invoices taxed with the company's tax codes, and their receipts (most around the due
  date, some in two parts, some months late, a few never); counter sales in cash, banked at month
  end; cost of sales out of inventory bought on supplier credit and paid later (a few bills late);
* rent, utilities, office supplies, travel, bank fees, loan repayments and savings interest;
* monthly payroll with withholdings and employer charges, paid over the next month;
* a foreign customer invoiced in a foreign currency and paid into the foreign bank account, and a
  foreign supplier paid from it; foreign money is bought and sold as needed. Foreign entries go
  through the currency-trading account, so each balances in every currency; the foreign bank
  carries its money at average cost and the difference when it is spent or sold is a realised
  exchange gain or loss;
* each month's sales tax / VAT settled with the tax office the month after.

Invoices, bills and their payments go through a `demo_trade.Trade`: hand journal entries on
receivables and payables by default, documents and payments in the project's demo
(`invoicing.demo`), where those are control accounts that refuse hand entries.

All randomness comes from `random.Random` seeded by the company slug: the same company and end
date give the same books. Amounts scale with the base currency (roughly USD-sized).
"""

from __future__ import annotations

import bisect
import calendar
import heapq
import itertools
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from common.models import Company
from tenants.routing.context import current_alias

from .actor import Actor
from .demo_trade import Issued, JournalTrade, Sale, Trade
from .errors import LedgerNotSeeded
from .models import Account, Currency, JournalEntry, LedgerSettings, TaxCode
from .money import round_money
from .services.entries import LineInput, journal_entry_create
from .services.rates import exchange_rate_set, tax_lines

ACTOR = Actor.system("demo")
# Files a month's tax return (start, end): (the code of the account the payable went to, amount).
TaxFiler = Callable[[date, date], tuple[str, Decimal]]
ZERO = Decimal(0)

# Accounts of the small-business chart the demo posts to.
CASH, BANK, SAVINGS, FX_BANK = "1110", "1120", "1130", "1140"
RECEIVABLE, INVENTORY, EQUIPMENT, ACCUMULATED_DEPRECIATION = "1200", "1300", "1500", "1510"
PAYABLE, PAYROLL_LIABILITIES, TAX_CONTROL, LOANS = "2100", "2200", "2300", "2400"
CAPITAL, CURRENCY_TRADING = "3100", "3900"
SALES, SERVICES, OTHER_INCOME, FX_GAIN_LOSS = "4100", "4200", "4900", "4950"
COST_OF_SALES = "5100"
SALARIES, RENT, UTILITIES, SUPPLIES, BANK_FEES, DEPRECIATION, TRAVEL = (
    "6100", "6200", "6300", "6400", "6500", "6600", "6700",
)  # fmt: skip
REQUIRED_ACCOUNTS = (
    CASH, BANK, SAVINGS, FX_BANK, RECEIVABLE, INVENTORY, EQUIPMENT, ACCUMULATED_DEPRECIATION, PAYABLE,
    PAYROLL_LIABILITIES, TAX_CONTROL, LOANS, CAPITAL, CURRENCY_TRADING, SALES, SERVICES, OTHER_INCOME,
    FX_GAIN_LOSS, COST_OF_SALES, SALARIES, RENT, UTILITIES, SUPPLIES, BANK_FEES, DEPRECIATION, TRAVEL,
)  # fmt: skip

# Rough units per US dollar: sizes the amounts and the starting exchange rates.
UNITS_PER_USD = {
    "USD": "1", "EUR": "0.92", "GBP": "0.79", "CHF": "0.88", "JPY": "150", "CAD": "1.36",
    "AUD": "1.52", "NZD": "1.65", "SEK": "10.5", "NOK": "10.7", "DKK": "6.9", "PLN": "4.0",
    "CZK": "23", "HUF": "360", "INR": "84", "CNY": "7.2", "KRW": "1380", "MXN": "18", "BRL": "5.4",
    "ZAR": "18.5", "SGD": "1.34", "HKD": "7.8", "KWD": "0.307", "BHD": "0.376",
}  # fmt: skip
# (employee withholding, employer charges) as shares of gross pay.
PAYROLL_RATES = {
    "US": ("0.24", "0.0765"), "DE": ("0.38", "0.205"), "GB": ("0.28", "0.138"), "FR": ("0.23", "0.42"),
}  # fmt: skip
DEFAULT_PAYROLL_RATES = ("0.25", "0.12")
# Retail sales tax rather than VAT: services exempt, no input tax on purchases.
SALES_TAX_COUNTRIES = {"US"}
# Sales index by calendar month: a slow summer and a strong fourth quarter.
SEASON = ("0.85", "0.9", "1.0", "1.0", "1.05", "0.95", "0.9", "0.9", "1.05", "1.1", "1.2", "1.35")

CUSTOMERS = (
    "Northwind Traders", "Blue Harbor Cafe", "Summit Outfitters", "Greenleaf Market", "Atlas Builders",
    "Riverside Clinic", "Maple & Co.", "Brightside Hotels", "Keystone Logistics", "Orchard School",
    "Pinecrest Dental", "Harbor Lights Theatre",
)  # fmt: skip
SUPPLIERS = ("Wholesale Direct", "Prime Goods Supply", "Metro Distributors")
FOREIGN_CUSTOMER = {"EUR": "Lumière Boutique SARL", "USD": "Golden Gate Retail Inc."}
FOREIGN_SUPPLIER = {"EUR": "Fabrik Nord GmbH", "USD": "Pacific Components LLC"}
EMPLOYEES = ("A. Rivera", "B. Chen", "C. Okafor", "D. Novak", "E. Lindqvist")


def _d(account: str, amount: Decimal, **extra: Any) -> LineInput:
    return LineInput(account=account, debit=amount, **extra)


def _c(account: str, amount: Decimal, **extra: Any) -> LineInput:
    return LineInput(account=account, credit=amount, **extra)


def _line(account: str, side: str, amount: Decimal, **extra: Any) -> LineInput:
    return _d(account, amount, **extra) if side == "D" else _c(account, amount, **extra)


def _last_complete_month_end(today: date) -> date:
    return today.replace(day=1) - timedelta(days=1)


def _month_start(day: date, back: int) -> date:
    """The first day of the month `back` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _business_days(year: int, month: int) -> list[date]:
    days = calendar.monthrange(year, month)[1]
    return [date(year, month, d) for d in range(1, days + 1) if date(year, month, d).weekday() < 5]


def _on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


@dataclass(frozen=True)
class _Taxes:
    standard: str | None  # highest rate: goods and services
    reduced: str | None  # lowest positive rate, when there is one
    zero: str | None  # a 0 % code: exports and exempt services
    input_tax: bool  # VAT: purchases carry reclaimable input tax


def _taxes(country: str, start: date, end: date) -> _Taxes:
    usable = [
        t
        for t in TaxCode.objects.filter(is_active=True, account__isnull=False).order_by("code")
        if (t.valid_from is None or t.valid_from <= start) and (t.valid_to is None or t.valid_to >= end)
    ]
    positive = sorted((t for t in usable if t.rate > 0), key=lambda t: (t.rate, t.code))
    zero = next((t.code for t in usable if t.rate == 0), None)
    standard = positive[-1].code if positive else None
    reduced = positive[0].code if len(positive) > 1 and positive[0].rate < positive[-1].rate else None
    input_tax = standard is not None and country.upper() not in SALES_TAX_COUNTRIES
    return _Taxes(standard, reduced, zero, input_tax)


class _Demo:
    """The simulation: a queue of dated events; each posts its entry when its day comes."""

    def __init__(
        self, *, company: Company, base: str, months: int, end: date, trade: Trade, file_tax: TaxFiler | None
    ) -> None:
        self.rng = random.Random(f"pyledger-demo:{company.slug}")  # noqa: S311 - demo data, not secrets
        # Who pays late, in part or not at all: draws of their own, so the rest stays as it was.
        self.credit = random.Random(f"pyledger-demo-credit:{company.slug}")  # noqa: S311
        self.trade = trade
        self.file_tax = file_tax
        self.base, self.start, self.end = base, _month_start(end, months - 1), end
        self.country = (company.country or "").upper()
        self.taxes = _taxes(self.country, self.start, end)
        self.scale = Decimal(UNITS_PER_USD.get(base, "1"))
        self.foreign = "USD" if base == "EUR" else "EUR"
        if not Currency.objects.filter(code=self.foreign).exists():
            self.foreign = ""
        self.months = [_month_start(end, back) for back in reversed(range(months))]
        self.queue: list[tuple[date, int, int, Callable[[], None]]] = []
        self.order = itertools.count()
        self.created = 0
        self.import_no = itertools.count(1)
        # Running state the events read and update.
        self.cash = ZERO
        self.inventory = ZERO
        self.savings = ZERO
        self.loan = self.loan_principal = self.loan_rate = self.opening_stock = ZERO
        self.monthly_depreciation: list[tuple[date, Decimal]] = []
        # day -> (customer or supplier, number, amount), settled together per contact
        self.receipts: dict[date, list[tuple[str, str, Decimal]]] = defaultdict(list)
        self.payment_runs: dict[date, list[tuple[str, str, Decimal]]] = defaultdict(list)
        self.goods_sold: dict[date, Decimal] = defaultdict(Decimal)  # month -> net goods revenue
        self.tax_due: dict[date, Decimal] = defaultdict(Decimal)  # month -> output less input tax
        self.fx_units = ZERO  # foreign money in the foreign bank account...
        self.fx_carry = ZERO  # ...and what it cost in the base currency
        self.rate_days: list[date] = []
        self.rate_values: list[Decimal] = []

    # --- helpers ----------------------------------------------------------------------------

    def money(self, low: int, high: int, currency: str | None = None) -> Decimal:
        """A random amount worth roughly low..high US dollars, in `currency` (default base)."""
        currency = currency or self.base
        scale = self.scale if currency == self.base else Decimal(UNITS_PER_USD.get(currency, "1"))
        cents = Decimal(self.rng.randint(low * 100, high * 100)) / 100
        return round_money(cents * scale, currency)

    def round_amount(self, low: int, high: int, step: int) -> Decimal:
        """A random amount in whole steps (rents, salaries), in the base currency."""
        return round_money(Decimal(self.rng.randrange(low, high + 1, step)) * self.scale, self.base)

    def pick_day(self, month: date) -> date:
        return self.rng.choice(_business_days(month.year, month.month))

    def nth_business_day(self, month: date, n: int) -> date:
        days = _business_days(month.year, month.month)
        return days[min(n, len(days)) - 1]

    def month_end(self, month: date) -> date:
        return month.replace(day=calendar.monthrange(month.year, month.month)[1])

    def at(self, day: date, priority: int, action: Callable[..., None], /, **kwargs: Any) -> None:
        """Queue `action(day=day, **kwargs)`; events after the end date never happen."""
        if self.start <= day <= self.end:
            event: Callable[[], None] = partial(action, day=day, **kwargs)
            heapq.heappush(self.queue, (day, priority, next(self.order), event))

    def post(self, day: date, memo: str, reference: str, lines: list[LineInput]) -> None:
        journal_entry_create(date=day, lines=lines, actor=ACTOR, memo=memo, reference=reference, post=True)
        self.created += 1

    def taxed(
        self, account: str, net: Decimal, code: str | None, side: str, day: date, description: str
    ) -> tuple[list[LineInput], Decimal]:
        """The net line and its tax line; returns them with the tax, booked to the month's return."""
        if code is None:
            return [_line(account, side, net, description=description)], ZERO
        lines, gross = tax_lines(
            account=account,
            net=net,
            tax_code=code,
            side=side,
            currency=self.base,
            day=day,
            description=description,
        )
        tax = gross - net
        self.tax_due[day.replace(day=1)] += tax if side == "C" else -tax
        return lines, tax

    def input_code(self) -> str | None:
        return self.taxes.standard if self.taxes.input_tax else None

    def rate_on(self, day: date) -> Decimal:
        return self.rate_values[bisect.bisect_right(self.rate_days, day) - 1]

    def to_base(self, amount: Decimal, day: date) -> Decimal:
        return round_money(amount * self.rate_on(day), self.base)

    def fx_line(
        self,
        account: str,
        side: str,
        amount: Decimal,
        *,
        day: date | None = None,
        base: Decimal | None = None,
    ) -> LineInput:
        """A foreign-currency line at the day's rate, or at a given base amount (carrying cost)."""
        if base is not None:
            return _line(account, side, amount, currency=self.foreign, base_amount=base)
        assert day is not None
        return _line(account, side, amount, currency=self.foreign, exchange_rate=self.rate_on(day))

    # --- the plan ---------------------------------------------------------------------------

    def set_rates(self) -> None:
        """Two rates a month for the foreign currency, a gentle random walk."""
        if not self.foreign:
            return
        rate = Decimal(UNITS_PER_USD.get(self.base, "1")) / Decimal(UNITS_PER_USD[self.foreign])
        rate *= 1 + Decimal(self.rng.randint(-300, 300)) / 10000
        for month in self.months:
            for day in (month, month.replace(day=15)):
                rate *= 1 + Decimal(self.rng.randint(-120, 120)) / 10000
                rate = rate.quantize(Decimal(1).scaleb(rate.adjusted() - 5))  # six significant digits
                exchange_rate_set(currency=self.foreign, day=day, rate=rate, actor=ACTOR)
                self.rate_days.append(day)
                self.rate_values.append(rate)

    def plan(self) -> None:
        rng = self.rng
        first = self.months[0]
        self.capital = self.round_amount(60000, 120000, 5000)
        self.employees = [
            (name, self.round_amount(3000, 5600, 50)) for name in EMPLOYEES[: rng.randint(3, 4)]
        ]
        self.payroll_rates = tuple(Decimal(x) for x in PAYROLL_RATES.get(self.country, DEFAULT_PAYROLL_RATES))
        self.rent = self.round_amount(2400, 4200, 50)
        self.cogs_ratio = Decimal(rng.randint(52, 60)) / 100
        self.float = round_money(Decimal(300) * self.scale, self.base)

        self.at(self.nth_business_day(first, 1), 0, self.capital_injection)
        self.at(self.nth_business_day(first, 1), 1, self.petty_cash_float)
        savings = self.round_amount(15000, 30000, 1000)
        self.at(self.nth_business_day(first, 2), 1, self.savings_transfer, amount=savings)
        self.at(
            self.nth_business_day(first, 3),
            0,
            self.loan_drawdown,
            amount=self.round_amount(30000, 60000, 5000),
        )
        equipment = self.money(9000, 16000)
        self.at(
            self.nth_business_day(first, 4),
            1,
            self.equipment_purchase,
            amount=equipment,
            description="Shop fit-out and furniture",
            on_credit=True,
        )
        if len(self.months) > 6:
            self.at(
                self.pick_day(self.months[6]),
                1,
                self.equipment_purchase,
                amount=self.money(1800, 3200),
                description="Laptops",
                on_credit=False,
            )
        for index, month in enumerate(self.months):
            self.plan_month(index, month)
        # Enough capital to carry three months of costs and the opening stock before customers pay.
        payroll = sum((salary for _, salary in self.employees), ZERO) * (1 + self.payroll_rates[1])
        needed = 3 * (payroll + self.rent) + self.opening_stock + savings + equipment * Decimal("1.2")
        step = Decimal(5000) * self.scale
        if self.capital < needed:
            self.capital = round_money((needed / step).to_integral_value(ROUND_CEILING) * step, self.base)

    def plan_month(self, index: int, month: date) -> None:
        """One month's events, in an order that keeps the random draws (and so the books) the same."""
        self.at(self.nth_business_day(month, 1), 1, self.pay_rent)
        if index:
            self.at(self.nth_business_day(month, 5), 1, self.loan_repayment)
        goods_sold = self.plan_sales(month)
        self.plan_restocking(index, month, goods_sold)
        self.plan_overheads(month)
        self.plan_month_end(index, month)

    def plan_sales(self, month: date) -> Decimal:
        """Invoices, cash sales and an export; returns the net value of the goods sold (base)."""
        rng = self.rng
        season = Decimal(SEASON[month.month - 1])
        invoices = []
        goods_planned = ZERO
        for _ in range(rng.randint(6, 9)):
            day = self.pick_day(month)
            goods = rng.random() < 0.7
            net = round_money(self.money(2500, 9000) * season, self.base)
            goods_planned += net if goods else ZERO
            invoices.append((day, goods, net, rng.choice(CUSTOMERS), rng.choice((14, 30, 30, 45))))
        # Every third invoice for goods is at the reduced rate, where there is one (food, books).
        reduced = itertools.count()
        for day, goods, net, customer, terms in sorted(invoices, key=lambda i: i[0]):
            code = self.taxes.standard
            if goods and self.taxes.reduced and next(reduced) % 3 == 0:
                code = self.taxes.reduced
            elif not goods and self.country in SALES_TAX_COUNTRIES:
                code = self.taxes.zero  # services are exempt from retail sales tax
            self.at(
                day, 2, self.sales_invoice, goods=goods, net=net, code=code, customer=customer, terms=terms
            )
        for _ in range(rng.randint(1, 2)):
            net = round_money(self.money(150, 700) * season, self.base)
            goods_planned += net
            self.at(self.pick_day(month), 2, self.cash_sale, net=net)
        if self.foreign:
            amount = self.money(2500, 6000, self.foreign)
            goods_planned += self.to_base(amount, month)
            self.at(self.pick_day(month), 2, self.export_invoice, amount=amount)
        return goods_planned

    def plan_restocking(self, index: int, month: date, goods_sold: Decimal) -> None:
        """Restock what the month sells (twice as much the first month: the opening stock)."""
        rng = self.rng
        budget = goods_sold * self.cogs_ratio * Decimal(rng.randint(97, 112)) / 100 * (2 if index == 0 else 1)
        if index == 0:
            self.opening_stock = budget
        if self.foreign:
            share = budget * Decimal(rng.randint(15, 30)) / 100
            amount = round_money(share / self.rate_on(month), self.foreign)
            if amount > 0:
                self.at(self.pick_day(month), 2, self.import_purchase, amount=amount)
                budget -= share
        bills = rng.randint(2, 3)
        for n in range(bills):
            net = round_money(budget / bills * Decimal(rng.randint(85, 115)) / 100, self.base)
            if net > 0:
                self.at(
                    self.nth_business_day(month, 1 + n * 7 + rng.randint(0, 4)),
                    1,
                    self.supplier_bill,
                    net=net,
                    supplier=SUPPLIERS[n % len(SUPPLIERS)],
                )

    def plan_overheads(self, month: date) -> None:
        """Supplies, utilities, travel and the payroll."""
        rng = self.rng
        if rng.random() < 0.85:
            self.at(self.pick_day(month), 2, self.supplies_bill, net=self.money(120, 650))
        self.at(self.nth_business_day(month, rng.randint(9, 13)), 2, self.utilities, net=self.money(280, 620))
        for _ in range(rng.randint(0, 1)):
            self.at(self.pick_day(month), 2, self.travel, amount=self.money(90, 900), from_cash=False)
        if rng.random() < 0.6:
            self.at(self.pick_day(month), 2, self.travel, amount=self.money(15, 80), from_cash=True)
        payday = _on_or_before(month.replace(day=25))
        self.at(payday, 3, self.payroll, bonus=month.month == 12)

    def plan_month_end(self, index: int, month: date) -> None:
        """The tax settlement next month, and the month-end closing steps."""
        next_month = _month_start(month.replace(day=28) + timedelta(days=7), 0)
        self.at(
            _on_or_after(next_month.replace(day=20 if self.country in SALES_TAX_COUNTRIES else 10)),
            1,
            self.tax_settlement,
            month=month,
        )
        month_end = self.month_end(month)
        last = _on_or_before(month_end)
        self.at(month_end, 5, self.cost_of_sales, month=month)
        self.at(month_end, 5, self.depreciation)
        if month.month % 3 == 0:
            self.at(month_end, 5, self.savings_interest)
        self.at(last, 6, self.bank_fees, amount=self.money(12, 45))
        self.at(last, 7, self.cash_deposit)
        if self.foreign and (index % 3 == 2 or index == len(self.months) - 1):
            self.at(last, 8, self.fx_sweep)

    def run(self) -> None:
        while self.queue:
            *_, action = heapq.heappop(self.queue)
            action()

    # --- events -----------------------------------------------------------------------------

    def capital_injection(self, *, day: date) -> None:
        self.post(
            day,
            "Owner's capital contribution",
            "CAPITAL",
            [_d(BANK, self.capital), _c(CAPITAL, self.capital)],
        )

    def petty_cash_float(self, *, day: date) -> None:
        self.cash += self.float
        self.post(day, "Petty cash float", "CASH-FLOAT", [_d(CASH, self.float), _c(BANK, self.float)])

    def savings_transfer(self, *, day: date, amount: Decimal) -> None:
        self.savings += amount
        self.post(day, "Transfer to savings account", "TRANSFER", [_d(SAVINGS, amount), _c(BANK, amount)])

    def loan_drawdown(self, *, day: date, amount: Decimal) -> None:
        self.loan = amount
        self.loan_principal = round_money(amount / 36, self.base)
        self.loan_rate = Decimal(self.rng.randint(55, 85)) / 1000
        self.post(day, "Bank loan drawdown (36 months)", "LOAN", [_d(BANK, amount), _c(LOANS, amount)])

    def loan_repayment(self, *, day: date) -> None:
        principal = min(self.loan_principal, self.loan)
        interest = round_money(self.loan * self.loan_rate / 12, self.base)
        if principal <= 0:
            return
        self.loan -= principal
        lines = [_d(LOANS, principal, description="Principal")]
        if interest > 0:
            lines.append(_d(BANK_FEES, interest, description="Loan interest"))
        lines.append(_c(BANK, principal + interest))
        self.post(day, "Loan repayment", "LOAN", lines)

    def equipment_purchase(self, *, day: date, amount: Decimal, description: str, on_credit: bool) -> None:
        self.monthly_depreciation.append((day, round_money(amount / 36, self.base)))
        if on_credit:
            self.bill(day, 30, "Fitout Partners", EQUIPMENT, amount, description)
        else:
            lines, tax = self.taxed(EQUIPMENT, amount, self.input_code(), "D", day, description)
            self.post(day, description, "EQUIPMENT", [*lines, _c(BANK, amount + tax)])

    def depreciation(self, *, day: date) -> None:
        amount = sum((monthly for bought, monthly in self.monthly_depreciation if bought <= day), ZERO)
        if amount > 0:
            self.post(
                day,
                f"Depreciation {day:%B %Y}",
                "DEPRECIATION",
                [_d(DEPRECIATION, amount), _c(ACCUMULATED_DEPRECIATION, amount)],
            )

    def pay_rent(self, *, day: date) -> None:
        self.post(day, f"Rent {day:%B %Y}", "RENT", [_d(RENT, self.rent), _c(BANK, self.rent)])

    def sales_invoice(
        self, *, day: date, goods: bool, net: Decimal, code: str | None, customer: str, terms: int
    ) -> None:
        if goods:
            self.goods_sold[day.replace(day=1)] += net
        account, what = (SALES, "Goods") if goods else (SERVICES, "Services")
        sale = Sale(customer, day, day + timedelta(days=terms), account, net, code, what, self.base)
        issued = self.trade.sell(sale)
        self.book_tax(day, issued.tax, "C")
        paid = _on_or_after(day + timedelta(days=terms + self.rng.randint(-6, 12)))
        for when, amount in self.instalments(issued, sale.due, paid):
            self.expect(when, customer, issued.number, amount)

    def instalments(self, issued: Issued, due: date, paid: date) -> list[tuple[date, Decimal]]:
        """When the customer pays: mostly around the due date; some pay in two parts, some months
        late, a few never (a dispute), so the aged receivables have something in every column."""
        fate = self.credit.random()
        if fate < 0.04:
            return []
        if fate < 0.14:
            return [(_on_or_after(due + timedelta(days=self.credit.randint(35, 130))), issued.gross)]
        if fate < 0.26:
            first = round_money(issued.gross * Decimal(self.credit.randint(30, 70)) / 100, self.base)
            later = _on_or_after(paid + timedelta(days=self.credit.randint(20, 60)))
            return [(paid, first), (later, issued.gross - first)]
        return [(paid, issued.gross)]

    def expect(self, day: date, customer: str, number: str, amount: Decimal) -> None:
        if day <= self.end:
            if day not in self.receipts:
                self.at(day, 2, self.customer_receipts)
            self.receipts[day].append((customer, number, amount))

    def customer_receipts(self, *, day: date) -> None:
        """The day's incoming customer payments: one payment per customer."""
        for customer, items in _by_party(self.receipts.pop(day)):
            self.trade.receive(day=day, customer=customer, items=items, bank=BANK, currency=self.base)

    def cash_sale(self, *, day: date, net: Decimal) -> None:
        lines, tax = self.taxed(SALES, net, self.taxes.standard, "C", day, "Counter sale")
        self.cash += net + tax
        self.goods_sold[day.replace(day=1)] += net
        self.post(day, "Counter sales", "CASH-SALES", [_d(CASH, net + tax), *lines])

    def cash_deposit(self, *, day: date) -> None:
        amount = self.cash - self.float
        if amount > 0:
            self.cash -= amount
            self.post(day, "Cash banked", "DEPOSIT", [_d(BANK, amount), _c(CASH, amount)])

    def supplier_bill(self, *, day: date, net: Decimal, supplier: str) -> None:
        self.inventory += net
        self.bill(day, 30, supplier, INVENTORY, net, "Goods for resale")

    def supplies_bill(self, *, day: date, net: Decimal) -> None:
        self.bill(day, 14, "Paper & Pixel", SUPPLIES, net, "Office supplies")

    def bill(self, day: date, terms: int, supplier: str, account: str, net: Decimal, what: str) -> None:
        initials = "".join(word[0] for word in supplier.split() if word[0].isalpha())
        reference = f"{initials}-{self.credit.randint(10000, 99999)}"  # the supplier's own number
        sale = Sale(
            supplier, day, day + timedelta(days=terms), account, net, self.input_code(), what, self.base,
            reference=reference,
        )  # fmt: skip
        issued = self.trade.buy(sale)
        self.book_tax(day, issued.tax, "D")
        self.owe(sale.due, issued.number, supplier, issued.gross)

    def book_tax(self, day: date, tax: Decimal, side: str) -> None:
        """Tax on a document, due in the month's return: output tax on sales, input tax back."""
        self.tax_due[day.replace(day=1)] += tax if side == "C" else -tax

    def owe(self, due: date, reference: str, supplier: str, amount: Decimal) -> None:
        """Pay a bill in the first Friday payment run on or after its due date (one in ten is
        queried first, and paid a month or two late)."""
        if self.credit.random() < 0.1:
            due += timedelta(days=self.credit.randint(30, 75))
        run = due + timedelta(days=(4 - due.weekday()) % 7)
        if run <= self.end:
            if run not in self.payment_runs:
                self.at(run, 1, self.payment_run)
            self.payment_runs[run].append((supplier, reference, amount))

    def payment_run(self, *, day: date) -> None:
        for supplier, items in _by_party(self.payment_runs.pop(day)):
            self.trade.pay(day=day, supplier=supplier, items=items, bank=BANK)

    def utilities(self, *, day: date, net: Decimal) -> None:
        lines, tax = self.taxed(UTILITIES, net, self.input_code(), "D", day, "Electricity and water")
        self.post(day, f"Utilities {day:%B %Y}", "UTILITIES", [*lines, _c(BANK, net + tax)])

    def travel(self, *, day: date, amount: Decimal, from_cash: bool) -> None:
        if from_cash:
            if amount > self.cash:
                return
            self.cash -= amount
            self.post(day, "Taxi and parking", "PETTY-CASH", [_d(TRAVEL, amount), _c(CASH, amount)])
        else:
            self.post(day, "Travel to a customer", "TRAVEL", [_d(TRAVEL, amount), _c(BANK, amount)])

    def bank_fees(self, *, day: date, amount: Decimal) -> None:
        self.post(day, f"Bank charges {day:%B %Y}", "BANK-FEES", [_d(BANK_FEES, amount), _c(BANK, amount)])

    def savings_interest(self, *, day: date) -> None:
        interest = round_money(self.savings * Decimal("0.021") / 4, self.base)
        if interest > 0:
            self.savings += interest
            self.post(
                day,
                f"Savings interest, quarter to {day:%B %Y}",
                "INTEREST",
                [_d(SAVINGS, interest), _c(OTHER_INCOME, interest)],
            )

    def payroll(self, *, day: date, bonus: bool) -> None:
        gross = sum((salary for _, salary in self.employees), ZERO)
        if bonus:
            gross += round_money(gross / 2, self.base)
        withholding_rate, employer_rate = self.payroll_rates
        withheld = round_money(gross * withholding_rate, self.base)
        employer = round_money(gross * employer_rate, self.base)
        lines = [
            _d(SALARIES, gross, description="Gross salaries" + (" incl. year-end bonus" if bonus else "")),
            _d(SALARIES, employer, description="Employer payroll taxes"),
            _c(BANK, gross - withheld, description="Net pay"),
            _c(PAYROLL_LIABILITIES, withheld + employer, description="Withholdings and employer charges"),
        ]
        self.post(day, f"Payroll {day:%B %Y} ({len(self.employees)} employees)", "PAYROLL", lines)
        due = _on_or_after(_month_start(day.replace(day=28) + timedelta(days=7), 0).replace(day=10))
        self.at(due, 1, self.payroll_remittance, amount=withheld + employer, month=day)

    def payroll_remittance(self, *, day: date, amount: Decimal, month: date) -> None:
        self.post(
            day,
            f"Payroll taxes and withholdings for {month:%B %Y}",
            "PAYROLL",
            [_d(PAYROLL_LIABILITIES, amount), _c(BANK, amount)],
        )

    def cost_of_sales(self, *, day: date, month: date) -> None:
        wanted = round_money(self.goods_sold[month] * self.cogs_ratio, self.base)
        amount = min(wanted, self.inventory)
        if amount > 0:
            self.inventory -= amount
            self.post(
                day,
                f"Cost of goods sold {month:%B %Y}",
                "COGS",
                [_d(COST_OF_SALES, amount), _c(INVENTORY, amount)],
            )

    def tax_settlement(self, *, day: date, month: date) -> None:
        kind = "Sales tax" if self.country in SALES_TAX_COUNTRIES else "VAT"
        if self.file_tax is not None:  # the month's return filed, its payable paid (or refunded)
            payable, amount = self.file_tax(month, self.month_end(month))
            self.tax_due.pop(month, ZERO)
        else:  # the tax account settled by hand
            payable, amount = TAX_CONTROL, self.tax_due.pop(month, ZERO)
        if amount > 0:
            self.post(day, f"{kind} return {month:%B %Y}", "TAX", [_d(payable, amount), _c(BANK, amount)])
        elif amount < 0:
            self.post(day, f"{kind} refund {month:%B %Y}", "TAX", [_d(BANK, -amount), _c(payable, -amount)])

    # --- foreign currency -------------------------------------------------------------------
    # Every entry balances in each currency through CURRENCY_TRADING, whose base balance stays
    # zero: the foreign bank keeps its money at average cost (fx_carry), and spending or
    # selling it at another rate realises the difference in FX_GAIN_LOSS.

    def realised(self, at_rate: Decimal, at_cost: Decimal) -> list[LineInput]:
        gain = at_rate - at_cost
        if gain > 0:
            return [_c(FX_GAIN_LOSS, gain, description="Realised exchange gain")]
        if gain < 0:
            return [_d(FX_GAIN_LOSS, -gain, description="Realised exchange loss")]
        return []

    def spend_foreign(self, amount: Decimal) -> Decimal:
        """Take `amount` out of the foreign bank; return its carrying cost in the base currency."""
        cost = (
            self.fx_carry
            if amount == self.fx_units
            else round_money(self.fx_carry * amount / self.fx_units, self.base)
        )
        self.fx_units -= amount
        self.fx_carry -= cost
        return cost

    def export_invoice(self, *, day: date, amount: Decimal) -> None:
        customer = FOREIGN_CUSTOMER[self.foreign]
        sale = Sale(
            customer, day, day + timedelta(days=30), SALES, amount, self.taxes.zero, "Export sale",
            self.foreign, rate=self.rate_on(day),
        )  # fmt: skip
        issued = self.trade.sell(sale)
        self.goods_sold[day.replace(day=1)] += issued.base
        paid = _on_or_after(day + timedelta(days=30 + self.rng.randint(-3, 10)))
        self.at(paid, 2, self.export_receipt, amount=amount, customer=customer, reference=issued.number)

    def export_receipt(self, *, day: date, amount: Decimal, customer: str, reference: str) -> None:
        base = self.trade.receive(
            day=day, customer=customer, items=[(reference, amount)], bank=FX_BANK, currency=self.foreign
        )
        self.fx_units += amount
        self.fx_carry += base

    def buy_foreign(self, *, day: date, amount: Decimal) -> None:
        base = self.to_base(amount, day)
        fee = self.money(8, 20)
        self.fx_units += amount
        self.fx_carry += base
        lines = [
            self.fx_line(FX_BANK, "D", amount, day=day),
            self.fx_line(CURRENCY_TRADING, "C", amount, day=day),
            _d(CURRENCY_TRADING, base),
            _d(BANK_FEES, fee, description="Transfer fee"),
            _c(BANK, base + fee),
        ]
        self.post(day, f"Bought {amount} {self.foreign} for the {self.foreign} account", "FX", lines)

    def import_purchase(self, *, day: date, amount: Decimal) -> None:
        if amount > self.fx_units:
            # Buy what is missing, rounded up to a round figure (hundreds of EUR, thousands of USD).
            lot = Decimal(1).scaleb(
                (Decimal(1000) * Decimal(UNITS_PER_USD.get(self.foreign, "1"))).adjusted()
            )
            missing = amount - self.fx_units
            bought = (missing / lot).to_integral_value(ROUND_CEILING) * lot
            self.buy_foreign(day=day, amount=round_money(bought, self.foreign))
        at_rate = self.to_base(amount, day)
        at_cost = self.spend_foreign(amount)
        self.inventory += at_rate
        supplier = FOREIGN_SUPPLIER[self.foreign]
        lines = [
            _d(INVENTORY, at_rate, description="Imported goods"),
            *self.realised(at_rate, at_cost),
            _c(CURRENCY_TRADING, at_cost),
            self.fx_line(CURRENCY_TRADING, "D", amount, base=at_cost),
            self.fx_line(FX_BANK, "C", amount, base=at_cost),
        ]
        ref = f"IMPORT-{next(self.import_no):04d}"
        self.post(day, f"Import purchase — {supplier} ({self.foreign}, paid on order)", ref, lines)

    def fx_sweep(self, *, day: date) -> None:
        """Quarter end: sell the foreign money above a working float."""
        keep = round_money(Decimal(1500) * Decimal(UNITS_PER_USD.get(self.foreign, "1")), self.foreign)
        amount = self.fx_units - keep
        if amount <= 0:
            return
        at_rate = self.to_base(amount, day)
        at_cost = self.spend_foreign(amount)
        fee = self.money(8, 20)
        lines = [
            _d(BANK, at_rate - fee),
            _d(BANK_FEES, fee, description="Conversion fee"),
            *self.realised(at_rate, at_cost),
            _c(CURRENCY_TRADING, at_cost),
            self.fx_line(CURRENCY_TRADING, "D", amount, base=at_cost),
            self.fx_line(FX_BANK, "C", amount, base=at_cost),
        ]
        self.post(day, f"Sold {amount} {self.foreign} from the {self.foreign} account", "FX", lines)


def _by_party(items: list[tuple[str, str, Decimal]]) -> list[tuple[str, list[tuple[str, Decimal]]]]:
    """(party, number, amount) items grouped per party, in the order each party first appears."""
    grouped: dict[str, list[tuple[str, Decimal]]] = {}
    for party, number, amount in items:
        grouped.setdefault(party, []).append((number, amount))
    return list(grouped.items())


def demo_generate(
    *,
    company: Company,
    months: int = 12,
    end: date | None = None,
    trade: Callable[[str], Trade] = JournalTrade,
    file_tax: TaxFiler | None = None,
) -> int:
    """Generate demo books once (inside tenant_context); return the number of entries posted.

    `trade` makes what writes invoices, bills and their payments, given the base currency: hand
    journal entries by default (`demo_trade.JournalTrade`), documents in the project's demo.
    `file_tax(start, end)` files each month's tax return and returns the account its payable went
    to and the amount (negative: reclaimable), which the demo then pays; without it, the tax
    account is settled by a hand entry.

    Covers the `months` months ending with `end` (default: the last day of the last complete
    month). A no-op returning 0 when the books already have entries. All in one transaction.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    end = end or _last_complete_month_end(timezone.now().date())
    alias = current_alias()
    with transaction.atomic(using=alias):
        # Serialises concurrent runs: the second one waits here, then sees the first one's entries.
        settings = LedgerSettings.objects.select_for_update().filter(pk=1).first()
        if settings is None:
            raise LedgerNotSeeded()
        if JournalEntry.objects.exists():
            return 0
        have = set(
            Account.objects.filter(code__in=REQUIRED_ACCOUNTS, is_active=True).values_list("code", flat=True)
        )
        missing = [code for code in REQUIRED_ACCOUNTS if code not in have]
        if missing:
            raise LedgerNotSeeded(
                "Demo books need the small-business chart of accounts; missing or inactive: "
                + ", ".join(missing)
            )
        base = settings.base_currency_id
        demo = _Demo(company=company, base=base, months=months, end=end, trade=trade(base), file_tax=file_tax)
        demo.set_rates()
        demo.plan()
        demo.run()
        return JournalEntry.objects.count()  # the books were empty
