"""Test-only migration packages for the ledger app, swapped in with MIGRATION_MODULES.

`destructive`, `irreversible` and `squashed` extend the real ledger migrations (their __path__ lists
the real folder too); `lint` replaces them with a small history full of what the linter must flag.
"""

from __future__ import annotations

from pathlib import Path

import ledger.migrations

REAL_FOLDER = str(Path(ledger.migrations.__file__).parent)


def real_leaf() -> str:
    """The newest real ledger migration, which the probes build on."""
    return sorted(p.stem for p in Path(REAL_FOLDER).glob("[0-9]*.py"))[-1]
