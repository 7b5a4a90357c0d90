"""Chart-of-accounts templates: (code, name, type, parent code, currency or None)."""

from __future__ import annotations

ChartRow = tuple[str, str, str, str | None]

SMALL_BUSINESS: list[ChartRow] = [
    ("1000", "Assets", "asset", None),
    ("1100", "Cash and bank", "asset", "1000"),
    ("1110", "Cash on hand", "asset", "1100"),
    ("1120", "Bank current account", "asset", "1100"),
    ("1130", "Bank savings account", "asset", "1100"),
    ("1140", "Foreign-currency bank account", "asset", "1100"),
    ("1200", "Accounts receivable", "asset", "1000"),
    ("1300", "Inventory", "asset", "1000"),
    ("1400", "Prepaid expenses", "asset", "1000"),
    ("1500", "Equipment", "asset", "1000"),
    ("1510", "Accumulated depreciation", "asset", "1500"),
    ("2000", "Liabilities", "liability", None),
    ("2100", "Accounts payable", "liability", "2000"),
    ("2200", "Payroll liabilities", "liability", "2000"),
    ("2300", "Sales tax / VAT control", "liability", "2000"),
    ("2400", "Loans", "liability", "2000"),
    ("3000", "Equity", "equity", None),
    ("3100", "Owner's capital", "equity", "3000"),
    ("3200", "Retained earnings", "equity", "3000"),
    ("3900", "Currency trading", "equity", "3000"),
    ("4000", "Income", "income", None),
    ("4100", "Sales", "income", "4000"),
    ("4200", "Services", "income", "4000"),
    ("4900", "Other income", "income", "4000"),
    ("4950", "Exchange gains and losses", "income", "4000"),
    ("5000", "Cost of sales", "expense", None),
    ("5100", "Purchases", "expense", "5000"),
    ("6000", "Operating expenses", "expense", None),
    ("6100", "Salaries and wages", "expense", "6000"),
    ("6200", "Rent", "expense", "6000"),
    ("6300", "Utilities", "expense", "6000"),
    ("6400", "Office supplies", "expense", "6000"),
    ("6500", "Bank fees", "expense", "6000"),
    ("6600", "Depreciation", "expense", "6000"),
    ("6700", "Travel", "expense", "6000"),
    ("6800", "Interest expense", "expense", "6000"),
]

FREELANCER: list[ChartRow] = [
    ("1000", "Assets", "asset", None),
    ("1120", "Bank account", "asset", "1000"),
    ("1200", "Invoices outstanding", "asset", "1000"),
    ("2000", "Liabilities", "liability", None),
    ("2300", "Sales tax / VAT control", "liability", "2000"),
    ("3000", "Equity", "equity", None),
    ("3100", "Owner's capital", "equity", "3000"),
    ("3200", "Retained earnings", "equity", "3000"),
    ("3900", "Currency trading", "equity", "3000"),
    ("4000", "Income", "income", None),
    ("4200", "Fees", "income", "4000"),
    ("4950", "Exchange gains and losses", "income", "4000"),
    ("6000", "Expenses", "expense", None),
    ("6400", "Equipment and software", "expense", "6000"),
    ("6500", "Bank fees", "expense", "6000"),
    ("6700", "Travel", "expense", "6000"),
]

TEMPLATES: dict[str, list[ChartRow]] = {"small-business": SMALL_BUSINESS, "freelancer": FREELANCER}
# Roles the books need, by account code, in every template.
RETAINED_EARNINGS = "3200"
FX_GAIN_LOSS = "4950"
TAX_CONTROL = "2300"
CURRENCY_TRADING = "3900"
