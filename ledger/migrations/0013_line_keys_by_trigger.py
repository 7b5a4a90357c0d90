from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


def _key(to: str, related_name: str, on_delete: object) -> models.ForeignKey[object, object]:
    return models.ForeignKey(
        db_constraint=False, db_index=False, on_delete=on_delete, related_name=related_name, to=to
    )


class Migration(migrations.Migration):
    """The lines' keys to entry, account and currency are checked by the line trigger, and their
    other side by triggers of those tables (0013_line_keys_by_trigger.sql)."""

    dependencies = [("ledger", "0012_fewer_foreign_keys")]

    operations = [
        migrations.RunSQL(
            read("0013_line_keys_by_trigger.sql"), reverse_sql=read("0013_line_keys_by_trigger_reverse.sql")
        ),
        migrations.AlterField(
            model_name="journalline",
            name="account",
            field=_key("ledger.account", "lines", django.db.models.deletion.PROTECT),
        ),
        migrations.AlterField(
            model_name="journalline",
            name="currency",
            field=_key("ledger.currency", "+", django.db.models.deletion.PROTECT),
        ),
        migrations.AlterField(
            model_name="journalline",
            name="entry",
            field=_key("ledger.journalentry", "lines", django.db.models.deletion.CASCADE),
        ),
    ]
