from pathlib import Path

from django.db import migrations

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


class Migration(migrations.Migration):
    """The matched-entry guard's query run for reversals only (0004_matched_guard_nested.sql)."""

    dependencies = [("bank", "0003_statement_upload")]
    operations = [
        migrations.RunSQL(
            (SQL / "0004_matched_guard_nested.sql").read_text(encoding="utf-8"),
            reverse_sql=(SQL / "0004_matched_guard_nested_reverse.sql").read_text(encoding="utf-8"),
        )
    ]
