from pathlib import Path

from django.db import migrations

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


def function_of(name: str, function: str) -> str:
    """One function's definition in an earlier migration's file: restored on the way back."""
    text = read(name)
    start = text.index(f"CREATE OR REPLACE FUNCTION {function}()")
    return text[start : text.index("END $$;", start) + len("END $$;")]


class Migration(migrations.Migration):
    """The line checks and the commit-time checks in fewer statements (0007_fewer_statements.sql).
    Backwards: 0006's ledger_lines_check and 0004's ledger_entry_commit."""

    dependencies = [("ledger", "0006_subledgers")]

    operations = [
        migrations.RunSQL(
            read("0007_fewer_statements.sql"),
            reverse_sql=[
                function_of("0006_subledgers.sql", "ledger_lines_check"),
                function_of("0004_posting_cost.sql", "ledger_entry_commit"),
            ],
        )
    ]
