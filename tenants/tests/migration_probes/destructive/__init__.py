"""The real ledger migrations, then 0900 adds a table and 0901 drops it (destructive)."""

from tenants.tests.migration_probes import REAL_FOLDER

__path__.append(REAL_FOLDER)
