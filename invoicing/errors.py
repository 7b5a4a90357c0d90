"""Errors of sales and purchases, each with its code and HTTP status (see common.errors)."""

from __future__ import annotations

from common.errors import DomainError


class ContactArchived(DomainError):
    code = "contact_archived"
    status_code = 409
    default_message = "The contact is archived; restore it first."


class WrongContactRole(DomainError):
    code = "wrong_contact_role"
    default_message = "Invoices go to customers and bills come from vendors."


class DocumentNotDraft(DomainError):
    code = "document_not_draft"
    status_code = 409
    default_message = "Only drafts can be edited, deleted or issued."


class DocumentNotIssued(DomainError):
    code = "document_not_issued"
    status_code = 409
    default_message = "The document is not issued yet."


class EmptyDocument(DomainError):
    code = "empty_document"
    default_message = "A document needs at least one line with an amount."


class TaxAmountMismatch(DomainError):
    code = "tax_amount_mismatch"
    default_message = "The tax amount does not match its tax code's rate."


class OverAllocation(DomainError):
    code = "over_allocation"
    default_message = "The allocation exceeds what is open."


class AllocationMismatch(DomainError):
    code = "allocation_mismatch"
    default_message = "Only items of the same contact, side and currency settle each other."


class CreditExceedsOriginal(DomainError):
    code = "credit_exceeds_original"
    default_message = "A credit note cannot credit more than the original document less earlier credits."


class InvoicingNotSetUp(DomainError):
    code = "invoicing_not_set_up"
    status_code = 409
    default_message = "The books need accounts 1200, 2100 and 3900 (or invoicing settings) first."


class SeriesInUse(DomainError):
    code = "series_in_use"
    status_code = 409


class InvalidLogo(DomainError):
    code = "invalid_logo"
    default_message = "The logo must be a PNG, JPEG or SVG image of at most 512 KiB."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message, fields={"file": [message or self.default_message]})
