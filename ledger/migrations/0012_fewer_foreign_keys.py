from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


class Migration(migrations.Migration):
    """Three foreign keys whose checks repeated what the triggers guarantee are dropped; the entry
    guard takes over the year's (0012_fewer_foreign_keys.sql)."""

    dependencies = [("ledger", "0011_entry_write")]

    operations = [
        migrations.RunSQL(
            read("0012_fewer_foreign_keys.sql"), reverse_sql=read("0012_fewer_foreign_keys_reverse.sql")
        ),
        migrations.AlterField(
            model_name="accountbalance",
            name="account",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ledger.account",
            ),
        ),
        migrations.AlterField(
            model_name="accountbalance",
            name="currency",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ledger.currency",
            ),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="fiscal_year",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="ledger.fiscalyear",
            ),
        ),
    ]
