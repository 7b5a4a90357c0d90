from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


class Migration(migrations.Migration):
    """The entries' key to their period is checked by the entry guard, its other side by the period
    guard (0014_period_key_by_trigger.sql)."""

    dependencies = [("ledger", "0013_line_keys_by_trigger")]

    operations = [
        migrations.RunSQL(
            read("0014_period_key_by_trigger.sql"), reverse_sql=read("0014_period_key_by_trigger_reverse.sql")
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="period",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="ledger.fiscalperiod",
            ),
        ),
    ]
