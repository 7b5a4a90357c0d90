"""The tax app's errors, each with its code and HTTP status (rendered by common.api_errors)."""

from __future__ import annotations

from common.errors import DomainError


class UnknownScheme(DomainError):
    code = "unknown_tax_scheme"


class UnknownBox(DomainError):
    code = "unknown_tax_box"


class InvalidMapping(DomainError):
    code = "invalid_tax_mapping"


class TaxReturnOverlaps(DomainError):
    """A return for a period some of whose codes are already filed: correct in a later period."""

    code = "tax_return_overlaps"
    status_code = 409


class TaxAccountMissing(DomainError):
    code = "tax_payable_account"
    status_code = 409
