from pathlib import Path

from django.db import migrations

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


class Migration(migrations.Migration):
    """The invariants' triggers at a lower cost (0004_posting_cost.sql). Backwards: what 0004 added
    is dropped, then 0002's triggers are dropped and created again from its own files."""

    dependencies = [("ledger", "0003_line_account_amount")]
    operations = [
        migrations.RunSQL(
            read("0004_posting_cost.sql"),
            reverse_sql=[
                read("0004_posting_cost_reverse.sql"),
                read("0002_invariants_reverse.sql"),
                read("0002_invariants.sql"),
            ],
        )
    ]
