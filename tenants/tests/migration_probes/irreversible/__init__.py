"""The real ledger migrations, then 0900 runs Python that has no way back."""

from tenants.tests.migration_probes import REAL_FOLDER

__path__.append(REAL_FOLDER)
