"""Django admin for one company's bank data (the company of the admin's switcher): read-only.

Staff read bank accounts, statements, lines and rules here; every change goes through the API or
the web app, whose services check amounts, lock the bank account and write the audit trail.
"""

from __future__ import annotations

from django.contrib import admin

from bank.models import BankAccount, BankRule, Statement, StatementLine
from ledger.admin import ReadOnlyAdmin


@admin.register(BankAccount)
class BankAccountAdmin(ReadOnlyAdmin[BankAccount]):
    list_display = ["name", "account", "iban", "account_number", "currency", "is_active"]
    list_select_related = ["account"]


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin[Statement]):
    list_display = [
        "__str__",
        "format",
        "file_name",
        "lines_total",
        "lines_added",
        "imported_at",
        "reconciled_at",
    ]
    list_filter = ["bank_account", "format"]
    list_select_related = ["bank_account"]


@admin.register(StatementLine)
class StatementLineAdmin(ReadOnlyAdmin[StatementLine]):
    list_display = ["booking_date", "amount", "currency", "counterparty_name", "reference", "status"]
    list_filter = ["status", "bank_account"]
    search_fields = ["counterparty_name", "reference", "description", "transaction_id"]
    list_select_related = ["bank_account"]
    date_hierarchy = "booking_date"


@admin.register(BankRule)
class BankRuleAdmin(ReadOnlyAdmin[BankRule]):
    list_display = [
        "name",
        "priority",
        "field",
        "operator",
        "pattern",
        "direction",
        "counter_account",
        "is_active",
    ]
    list_select_related = ["counter_account"]
