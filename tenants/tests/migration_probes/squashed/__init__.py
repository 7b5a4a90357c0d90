"""The real ledger migrations, then one squashed migration (it replaces two that were never
written out): the graph depends on what each database has applied."""

from tenants.tests.migration_probes import REAL_FOLDER

__path__.append(REAL_FOLDER)
