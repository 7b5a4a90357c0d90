"""Errors of events and webhooks with their API codes (common.errors.DomainError)."""

from __future__ import annotations

from common.errors import DomainError


class InvalidWebhookUrl(DomainError):
    code = "invalid_webhook_url"
    default_message = "The webhook URL must be an absolute http(s) URL to a public address."


class UnknownEventType(DomainError):
    code = "unknown_event_type"


class InvalidCursor(DomainError):
    code = "invalid_cursor"
    default_message = "after must be a cursor: a whole number, 0 or more."
