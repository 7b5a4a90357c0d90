"""The event types a company's outbox carries; webhook endpoints subscribe to these names."""

from __future__ import annotations

ENTRY_POSTED = "entry.posted"
ENTRY_REVERSED = "entry.reversed"
PERIOD_CLOSED = "period.closed"
PERIOD_REOPENED = "period.reopened"
FISCAL_YEAR_CLOSED = "fiscal_year.closed"
FISCAL_YEAR_REOPENED = "fiscal_year.reopened"
ACCOUNT_CREATED = "account.created"
ACCOUNT_UPDATED = "account.updated"
ACCOUNT_DELETED = "account.deleted"
MEMBER_ADDED = "member.added"
MEMBER_ROLE_CHANGED = "member.role_changed"
MEMBER_REMOVED = "member.removed"
STATEMENT_IMPORTED = "statement.imported"
DOCUMENT_ISSUED = "document.issued"
PAYMENT_RECEIVED = "payment.received"
PAYMENT_MADE = "payment.made"

EVENT_TYPES = (
    ENTRY_POSTED, ENTRY_REVERSED, PERIOD_CLOSED, PERIOD_REOPENED, FISCAL_YEAR_CLOSED, FISCAL_YEAR_REOPENED,
    ACCOUNT_CREATED, ACCOUNT_UPDATED, ACCOUNT_DELETED, MEMBER_ADDED, MEMBER_ROLE_CHANGED, MEMBER_REMOVED,
    STATEMENT_IMPORTED, DOCUMENT_ISSUED, PAYMENT_RECEIVED, PAYMENT_MADE,
)  # fmt: skip
