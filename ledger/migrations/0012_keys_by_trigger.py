from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


def _unchecked(
    to: str, related_name: str, on_delete: object, **options: object
) -> models.ForeignKey[object, object]:
    """The relation as the model declares it, without a foreign key in the database."""
    return models.ForeignKey(
        db_constraint=False, on_delete=on_delete, related_name=related_name, to=to, **options
    )


PROTECT = django.db.models.deletion.PROTECT


class Migration(migrations.Migration):
    """Foreign keys whose checks repeated what the ledger's triggers look up anyway, checked by
    those triggers (0012_keys_by_trigger.sql); the status and side checks as one constant each."""

    dependencies = [("ledger", "0011_entry_write")]

    operations = [
        migrations.RunSQL(
            read("0012_keys_by_trigger.sql"), reverse_sql=read("0012_keys_by_trigger_reverse.sql")
        ),
        migrations.AlterField(
            model_name="accountbalance",
            name="account",
            field=_unchecked("ledger.account", "+", PROTECT, db_index=False),
        ),
        migrations.AlterField(
            model_name="accountbalance",
            name="currency",
            field=_unchecked("ledger.currency", "+", PROTECT, db_index=False),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="fiscal_year",
            field=_unchecked("ledger.fiscalyear", "entries", PROTECT, db_index=False),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="period",
            field=_unchecked("ledger.fiscalperiod", "entries", PROTECT),
        ),
        migrations.AlterField(
            model_name="journalline",
            name="account",
            field=_unchecked("ledger.account", "lines", PROTECT, db_index=False),
        ),
        migrations.AlterField(
            model_name="journalline",
            name="currency",
            field=_unchecked("ledger.currency", "+", PROTECT, db_index=False),
        ),
        migrations.AlterField(
            model_name="journalline",
            name="entry",
            field=_unchecked(
                "ledger.journalentry", "lines", django.db.models.deletion.CASCADE, db_index=False
            ),
        ),
    ]
