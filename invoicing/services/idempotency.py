"""Idempotency-Key on creation: the same key and body return the first result, marked replayed;
the same key with another body is a conflict."""

from __future__ import annotations

from typing import Any, TypeVar

from ledger.errors import IdempotencyConflict
from ledger.services.entries import request_hash

from ..models import Contact, Document, Payment

M = TypeVar("M", Contact, Document, Payment)


def digest_of(key: str | None, request: dict[str, Any]) -> str:
    return request_hash(request) if key else ""


def replayed(model: type[M], key: str | None, digest: str) -> M | None:
    """The object first created with `key` (its `replayed` set), or None for a new key."""
    if not key:
        return None
    found = model._default_manager.filter(idempotency_key=key).first()
    if found is None:
        return None
    if getattr(found, "request_hash", None) != digest:
        raise IdempotencyConflict(fields={"idempotency_key": [IdempotencyConflict.default_message]})
    found.replayed = True
    return found
