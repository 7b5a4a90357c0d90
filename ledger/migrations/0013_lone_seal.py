from pathlib import Path

from django.db import migrations

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


class Migration(migrations.Migration):
    """A lone pending entry sealed by one statement at commit; the draft-posting check fires only
    on a change of status; the guard's update-only query no longer runs at inserts
    (0013_lone_seal.sql)."""

    dependencies = [("ledger", "0012_keys_by_trigger")]

    operations = [
        migrations.RunSQL(read("0013_lone_seal.sql"), reverse_sql=read("0013_lone_seal_reverse.sql")),
    ]
