from pathlib import Path

from django.db import migrations

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


class Migration(migrations.Migration):
    """Foreign keys of entries, lines and kept totals checked at the end of each statement, before
    the commit-time number lock (0009_foreign_keys_first.sql)."""

    dependencies = [("ledger", "0008_closed_balances")]

    operations = [
        migrations.RunSQL(
            read("0009_foreign_keys_first.sql"), reverse_sql=read("0009_foreign_keys_first_reverse.sql")
        )
    ]
