"""The real ledger migrations, then 0900 adds a column, fills it from each row and makes it required."""

from tenants.tests.migration_probes import REAL_FOLDER

__path__.append(REAL_FOLDER)
