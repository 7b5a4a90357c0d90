from pathlib import Path

from django.db import migrations

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


class Migration(migrations.Migration):
    """The posting service writes an entry through one function whose plans PostgreSQL keeps
    (0011_entry_write.sql)."""

    dependencies = [("ledger", "0010_account_code_format")]

    operations = [
        migrations.RunSQL(read("0011_entry_write.sql"), reverse_sql=read("0011_entry_write_reverse.sql")),
    ]
