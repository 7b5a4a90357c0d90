from pathlib import Path

from django.db import migrations

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


class Migration(migrations.Migration):
    dependencies = [("bank", "0001_initial")]
    operations = [
        migrations.RunSQL(
            (SQL / "0002_guards.sql").read_text(encoding="utf-8"),
            reverse_sql=(SQL / "0002_guards_reverse.sql").read_text(encoding="utf-8"),
        )
    ]
