from pathlib import Path

from django.db import migrations, models

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


def lines_check_of_0004() -> str:
    """0004's ledger_lines_check, which this migration replaces: restored on the way back."""
    text = read("0004_posting_cost.sql")
    start = text.index("CREATE OR REPLACE FUNCTION ledger_lines_check()")
    return text[start : text.index("END $$;", start) + len("END $$;")]


class Migration(migrations.Migration):
    """Control accounts, the source of an entry and filed tax codes (0006_subledgers.sql)."""

    dependencies = [("ledger", "0005_redundant_indexes")]

    operations = [
        migrations.AddField(
            model_name="account",
            name="is_control",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Takes postings only from invoices, bills and payments; hand entries are refused.",
            ),
        ),
        migrations.AddField(
            model_name="journalentry",
            name="source",
            field=models.CharField(blank=True, db_default="", default="", max_length=20),
        ),
        migrations.AddField(
            model_name="taxcode",
            name="filed_through",
            field=models.DateField(
                blank=True, help_text="Postings with this code dated on or before it are refused.", null=True
            ),
        ),
        migrations.RunSQL(
            read("0006_subledgers.sql"),
            reverse_sql=[read("0006_subledgers_reverse.sql"), lines_check_of_0004()],
        ),
    ]
