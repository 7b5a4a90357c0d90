"""Who did something. Users live in the common DB, so the books keep an id and a name snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    id: int | None
    name: str

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls(None, name)

    @classmethod
    def from_user(cls, user: Any) -> Actor:
        return cls(user.pk, user.get_username())
