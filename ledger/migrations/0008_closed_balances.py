from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

# Each SQL file belongs to one migration and never changes afterwards; later changes get new files.
SQL = Path(__file__).resolve().parent.parent / "sql"


def read(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


class Migration(migrations.Migration):
    """Totals of closed periods and years, kept when periods close (0008_closed_balances.sql)."""

    dependencies = [
        ("ledger", "0007_fewer_statements"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClosedBalance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start_date", models.DateField()),
                ("end_date", models.DateField()),
                ("debit", models.DecimalField(decimal_places=4, default=0, max_digits=24)),
                ("credit", models.DecimalField(decimal_places=4, default=0, max_digits=24)),
                ("base_debit", models.DecimalField(decimal_places=4, default=0, max_digits=24)),
                ("base_credit", models.DecimalField(decimal_places=4, default=0, max_digits=24)),
                (
                    "account",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="ledger.account",
                    ),
                ),
                (
                    "currency",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="ledger.currency",
                    ),
                ),
                (
                    "fiscal_year",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="ledger.fiscalyear",
                    ),
                ),
                (
                    "period",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="ledger.fiscalperiod",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("fiscal_year", "period", "account", "currency"),
                        name="closed_balance_unique",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
        migrations.RunSQL(
            read("0008_closed_balances.sql"), reverse_sql=read("0008_closed_balances_reverse.sql")
        ),
    ]
