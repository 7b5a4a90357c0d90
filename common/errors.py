"""The one error base of the project: a stable snake_case `code` plus the HTTP status it means.

Services raise these; the API renders them as `{"code", "message", "fields"}`, admin shows them as
messages, and commands turn them into a one-line `CommandError`.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "error"
    status_code = 400
    default_message = "The request could not be completed."

    def __init__(self, message: str | None = None, *, fields: dict[str, Any] | None = None) -> None:
        self.message = message or self.default_message
        self.fields = fields or {}
        super().__init__(self.message)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "fields": self.fields}


def first_line(exc: BaseException) -> str:
    """The first line of an error, for one-line messages (driver errors name host and port,
    never a password)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
