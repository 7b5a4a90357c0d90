from pathlib import Path

from django.db import migrations

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


class Migration(migrations.Migration):
    """The status and side checks hold their allowed values as one constant (0015_check_constants.sql).
    The models declare the same rules; Django's state does not change."""

    dependencies = [("ledger", "0014_period_key_by_trigger")]

    operations = [
        migrations.RunSQL(
            read("0015_check_constants.sql"), reverse_sql=read("0015_check_constants_reverse.sql")
        ),
    ]
