from typing import Any

import django.db.models.deletion
from django.db import migrations, models

# Indexes that another index already serves (the first columns of a unique constraint or of a
# composite index), or that nothing reads (the pattern-ops copies made for LIKE on
# idempotency_key and currency codes). Every index of an entry is written twice per posting (the
# insert, then the commit-time number and hash), every index of a line and a kept total once.
# Dropped by name: Django's AlterField would also drop and re-add each foreign key, which
# re-checks every row of the table.
INDEXES = {
    "ledger_journalentry_fiscal_year_id_d1504ada": "ledger_journalentry (fiscal_year_id)",
    "ledger_journalentry_idempotency_key_d120a2b9_like": "ledger_journalentry (idempotency_key varchar_pattern_ops)",
    "ledger_journalline_entry_id_9e70d486": "ledger_journalline (entry_id)",
    "ledger_journalline_account_id_2b31745b": "ledger_journalline (account_id)",
    "ledger_journalline_currency_id_875ab531": "ledger_journalline (currency_id)",
    "ledger_journalline_currency_id_875ab531_like": "ledger_journalline (currency_id varchar_pattern_ops)",
    "ledger_accountbalance_account_id_f744ee12": "ledger_accountbalance (account_id)",
    "ledger_accountbalance_currency_id_f0b5ef4f": "ledger_accountbalance (currency_id)",
    "ledger_accountbalance_currency_id_f0b5ef4f_like": "ledger_accountbalance (currency_id varchar_pattern_ops)",
}


def fk(to: str, related_name: str, on_delete: Any = django.db.models.deletion.PROTECT) -> Any:
    return models.ForeignKey(db_index=False, on_delete=on_delete, related_name=related_name, to=to)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_posting_cost")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    [f"DROP INDEX IF EXISTS {name}" for name in INDEXES],
                    reverse_sql=[
                        f"CREATE INDEX IF NOT EXISTS {name} ON {on}" for name, on in INDEXES.items()
                    ],
                )
            ],
            state_operations=[
                migrations.AlterField("accountbalance", "account", fk("ledger.account", "+")),
                migrations.AlterField("accountbalance", "currency", fk("ledger.currency", "+")),
                migrations.AlterField("journalentry", "fiscal_year", fk("ledger.fiscalyear", "entries")),
                migrations.AlterField("journalline", "account", fk("ledger.account", "lines")),
                migrations.AlterField("journalline", "currency", fk("ledger.currency", "+")),
                migrations.AlterField(
                    "journalline",
                    "entry",
                    fk("ledger.journalentry", "lines", on_delete=django.db.models.deletion.CASCADE),
                ),
            ],
        )
    ]
