"""Ledger errors with their API codes; database trigger errors (SQLSTATE PLxxx) map onto them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import DatabaseError

from common.errors import DomainError

if TYPE_CHECKING:
    from ledger.services.imports import ImportResult


class InvalidAmount(DomainError):
    code = "invalid_amount"


class FloatAmount(DomainError):
    code = "float_amount"
    default_message = (
        "Amounts must be decimal strings or Decimals, never floats (they cannot hold 0.10 exactly)."
    )


class AmountPrecision(DomainError):
    code = "amount_precision"


class UnbalancedEntry(DomainError):
    code = "unbalanced_entry"


class TooFewLines(DomainError):
    code = "too_few_lines"
    default_message = "A journal entry needs at least two lines."


class UnknownAccount(DomainError):
    code = "unknown_account"


class AccountInactive(DomainError):
    code = "account_inactive"


class AccountCurrencyMismatch(DomainError):
    code = "account_currency_mismatch"


class AccountInUse(DomainError):
    code = "account_in_use"
    status_code = 409


class UnknownCurrency(DomainError):
    code = "unknown_currency"


class MissingExchangeRate(DomainError):
    code = "missing_exchange_rate"


class BaseCurrencyRate(DomainError):
    code = "base_currency_rate"
    default_message = "The base currency has no exchange rate: it is always 1."


class UnknownTaxCode(DomainError):
    code = "unknown_tax_code"


class InvalidDate(DomainError):
    code = "invalid_date"


class PeriodClosed(DomainError):
    code = "period_closed"
    status_code = 409


class ControlAccount(DomainError):
    """A hand entry on receivables or payables: their balance must stay the sum of open items."""

    code = "control_account"
    default_message = "Control accounts take postings only from invoices, bills and payments."


class TaxPeriodFiled(DomainError):
    code = "tax_period_filed"
    status_code = 409
    default_message = "A tax return covering this date and tax code is filed; date the correction later."


class FiscalYearClosed(DomainError):
    code = "fiscal_year_closed"
    status_code = 409


class FiscalYearExists(DomainError):
    code = "fiscal_year_exists"
    status_code = 409


class EntryImmutable(DomainError):
    code = "entry_immutable"
    status_code = 409
    default_message = "Posted entries cannot be changed; post a reversal instead."


class EntryNotDraft(DomainError):
    code = "entry_not_draft"
    status_code = 409


class EntryNotPosted(DomainError):
    code = "entry_not_posted"
    status_code = 409


class IdempotencyConflict(DomainError):
    code = "idempotency_conflict"
    status_code = 409
    default_message = "This Idempotency-Key was already used with a different request."


class AppendOnly(DomainError):
    code = "append_only"
    status_code = 409


class LedgerNotSeeded(DomainError):
    code = "ledger_not_seeded"
    status_code = 409
    default_message = "The company's books are not set up yet (run seed_tenant)."


class InvalidInput(DomainError):
    """Input of the wrong shape: a missing field, text where a list belongs."""

    code = "invalid_input"


class ImportRefused(DomainError):
    """An import stopped at one entry. `index` is the entry's position in the input (None when the
    database refused a whole batch), `field` the offending field, and `result` what was committed
    before: earlier batches stay, nothing of the refused batch is written."""

    code = "import_refused"

    def __init__(
        self,
        message: str,
        *,
        index: int | None,
        field: str,
        cause: DomainError,
        result: ImportResult,
        fields: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message, fields=fields)
        self.index, self.field, self.cause, self.result = index, field, cause, result


SQLSTATE_ERRORS: dict[str, type[DomainError]] = {
    "PL001": EntryImmutable,
    "PL002": UnbalancedEntry,
    "PL003": PeriodClosed,
    "PL004": AccountInactive,
    "PL005": AmountPrecision,
    "PL006": TooFewLines,
    "PL007": AccountCurrencyMismatch,
    "PL008": AppendOnly,
    "PL009": ControlAccount,
    "PL010": TaxPeriodFiled,
}


def register_sqlstate(sqlstate: str, error: type[DomainError]) -> None:
    """Let another tenant app's triggers raise their own errors (e.g. the bank's PLBxx)."""
    SQLSTATE_ERRORS[sqlstate] = error


def from_database_error(exc: DatabaseError) -> DomainError | None:
    """The DomainError a trigger meant by `exc`, or None for any other database error."""
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    error = SQLSTATE_ERRORS.get(sqlstate or "")
    if error is None:
        return None
    diag = getattr(cause, "diag", None)
    return error(getattr(diag, "message_primary", None) or str(cause))
