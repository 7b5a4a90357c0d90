from pathlib import Path

from django.db import migrations, models

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"

# The same pattern as ledger/codes.py PATTERN when this migration was written (and in the SQL file).
PATTERN = (
    "^[^:/ \\u0001-\\u001f\\u007f-\\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"
    "(?:[^:/\\u0001-\\u001f\\u007f-\\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*"
    "[^:/ \\u0001-\\u001f\\u007f-\\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff])?"
    "(?::[^:/ \\u0001-\\u001f\\u007f-\\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"
    "(?:[^:/\\u0001-\\u001f\\u007f-\\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*"
    "[^:/ \\u0001-\\u001f\\u007f-\\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff])?)*$"
)


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


class Migration(migrations.Migration):
    """Account codes of up to 200 characters in ':'-separated segments, other ledgers' account names
    (0010_account_code_format.sql); a CHECK holds the rule of ledger/codes.py."""

    dependencies = [("ledger", "0009_foreign_keys_first")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    read("0010_account_code_format.sql"),
                    reverse_sql=read("0010_account_code_format_reverse.sql"),
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="account", name="code", field=models.CharField(max_length=200, unique=True)
                ),
                migrations.AddConstraint(
                    model_name="account",
                    constraint=models.CheckConstraint(
                        condition=models.Q(code__regex=PATTERN), name="account_code_format"
                    ),
                ),
            ],
        )
    ]
