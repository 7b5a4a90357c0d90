from pathlib import Path

from django.db import migrations

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


class Migration(migrations.Migration):
    dependencies = [("events", "0002_entry_events"), ("invoicing", "0005_company_details")]
    operations = [
        migrations.RunSQL(
            (SQL / "0003_document_events.sql").read_text(encoding="utf-8"),
            reverse_sql=(SQL / "0003_document_events_reverse.sql").read_text(encoding="utf-8"),
        )
    ]
