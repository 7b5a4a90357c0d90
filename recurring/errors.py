"""Errors of recurring entries (DomainError: a code, an HTTP status, readable text)."""

from common.errors import DomainError


class InvalidSchedule(DomainError):
    code = "invalid_schedule"
