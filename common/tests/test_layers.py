"""Dependencies point one way: ledger -> tenants -> common (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

COMMON = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_common_imports_nothing_of_tenants_nor_of_the_apps_above_it():
    offenders = {
        str(path.relative_to(COMMON)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] in {"tenants", "ledger", "bank", "invoicing"}
        )
        for path in COMMON.rglob("*.py")
        if "tests" not in path.parts
    }

    assert {name: mods for name, mods in offenders.items() if mods} == {}
