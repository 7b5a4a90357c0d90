"""Bank errors with their API codes (common.errors.DomainError: code, HTTP status, message)."""

from __future__ import annotations

from common.errors import DomainError


class InvalidBankDetails(DomainError):
    code = "invalid_bank_details"


class StatementRefused(DomainError):
    """The file cannot be imported: malformed, too large, wrong account or currency, unbalanced."""

    code = "statement_refused"


class StatementTooLarge(StatementRefused):
    code = "statement_too_large"
    status_code = 413


class BalanceMismatch(StatementRefused):
    code = "statement_unbalanced"


class WrongBankAccount(StatementRefused):
    code = "statement_wrong_account"


class LineNotUnmatched(DomainError):
    code = "line_not_unmatched"
    status_code = 409


class LineNotMatched(DomainError):
    code = "line_not_matched"
    status_code = 409


class MatchAmountMismatch(DomainError):
    code = "match_amount_mismatch"


class EntryAlreadyMatched(DomainError):
    code = "entry_already_matched"
    status_code = 409


class EntryNotOnBankAccount(DomainError):
    code = "entry_not_on_bank_account"


class StatementNotReconcilable(DomainError):
    code = "statement_not_reconcilable"
    status_code = 409


class EntryMatchedToBank(DomainError):
    """Raised by trigger (SQLSTATE PLB01) when a matched entry is reversed."""

    code = "entry_matched_to_bank"
    status_code = 409
    default_message = "The entry is matched to a bank statement line; unmatch it before reversing it."


class InvalidRule(DomainError):
    code = "invalid_rule"


class BankAccountInUse(DomainError):
    code = "bank_account_in_use"
    status_code = 409
