"""Django admin for one company's tax returns (the company of the admin's switcher): read-only.

Staff read filed returns and the code-to-box mappings here; filing and mapping go through the
API (owners), whose services post the settlement, close the period to the codes and audit it.
"""

from __future__ import annotations

from django.contrib import admin

from ledger.admin import ReadOnlyAdmin

from .models import TaxBoxMapping, TaxReturn


@admin.register(TaxReturn)
class TaxReturnAdmin(ReadOnlyAdmin[TaxReturn]):
    list_display = [
        "__str__",
        "scheme",
        "period_start",
        "period_end",
        "payable",
        "entry",
        "filed_at",
        "filed_by_name",
    ]
    list_filter = ["scheme"]
    list_select_related = ["entry__fiscal_year"]
    date_hierarchy = "period_end"


@admin.register(TaxBoxMapping)
class TaxBoxMappingAdmin(ReadOnlyAdmin[TaxBoxMapping]):
    list_display = ["scheme", "tax_code", "boxes", "updated_at"]
    list_filter = ["scheme"]
    list_select_related = ["tax_code"]
