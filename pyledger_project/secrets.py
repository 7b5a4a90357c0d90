"""Secrets: a file named by `NAME_FILE` wins over the `NAME` environment variable.

The same convention as the official PostgreSQL and Django Docker images, so secrets mounted by
compose or Kubernetes work unchanged. Values are never logged.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


class SecretFileError(RuntimeError):
    """A `NAME_FILE` variable points at a file that cannot be read."""


def read_secret(name: str, default: str | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """Return secret `name`: the contents of `$NAME_FILE` if set, else `$NAME`, else `default`."""
    env = os.environ if env is None else env
    path = env.get(f"{name}_FILE")
    if path:
        try:
            # Editors and `echo` add a trailing newline that is not part of the secret.
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise SecretFileError(
                f"{name}_FILE names {path!r}, which cannot be read: {exc.strerror}"
            ) from None
    return env.get(name, default)
