from pathlib import Path

from django.db import migrations

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


class Migration(migrations.Migration):
    """Each year's head row written by the commit-time trigger only (0014_head_guard.sql)."""

    dependencies = [("ledger", "0013_lone_seal")]

    operations = [
        migrations.RunSQL(read("0014_head_guard.sql"), reverse_sql=read("0014_head_guard_reverse.sql")),
    ]
