"""Fixtures of the sign-in tests: a user with a known password, and no leftover counters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from .factories import PASSWORD, UserFactory

__all__ = ["PASSWORD", "fresh_throttles", "olga"]


@pytest.fixture(autouse=True)
def fresh_throttles() -> Iterator[None]:
    """Throttle counters live in the cache: no test inherits another's attempts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def olga(django_user_model: type[User]) -> User:
    return UserFactory.create(username="olga")
