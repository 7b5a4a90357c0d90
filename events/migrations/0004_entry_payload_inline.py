from pathlib import Path

from django.db import migrations

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


class Migration(migrations.Migration):
    """The posted entries' event payload built in the trigger's statement (0004_entry_payload_inline.sql)."""

    dependencies = [("events", "0003_document_events")]
    operations = [
        migrations.RunSQL(
            (SQL / "0004_entry_payload_inline.sql").read_text(encoding="utf-8"),
            reverse_sql=(SQL / "0004_entry_payload_inline_reverse.sql").read_text(encoding="utf-8"),
        )
    ]
