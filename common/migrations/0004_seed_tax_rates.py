from datetime import date
from decimal import Decimal

from django.db import migrations

# A starting set of standard rates; staff maintain the rest in admin.
RATES = [
    ("US", "NY-SALES", "New York City sales tax", "8.8750"),
    ("US", "EXEMPT", "Exempt", "0.0000"),
    ("DE", "VAT19", "Umsatzsteuer 19 %", "19.0000"),
    ("DE", "VAT7", "Umsatzsteuer 7 %", "7.0000"),
    ("GB", "VAT20", "VAT standard rate", "20.0000"),
    ("GB", "VAT5", "VAT reduced rate", "5.0000"),
    ("GB", "VAT0", "VAT zero rate", "0.0000"),
    ("FR", "TVA20", "TVA taux normal", "20.0000"),
    ("FR", "TVA10", "TVA taux intermédiaire", "10.0000"),
    ("FR", "TVA5.5", "TVA taux réduit", "5.5000"),
]
START = date(2020, 1, 1)


def load(apps, schema_editor):
    TaxRate = apps.get_model("common", "TaxRate")
    db = schema_editor.connection.alias
    for country, code, name, rate in RATES:
        TaxRate.objects.using(db).get_or_create(
            country=country, code=code, valid_from=START, defaults={"name": name, "rate": Decimal(rate)}
        )


def unload(apps, schema_editor):
    TaxRate = apps.get_model("common", "TaxRate")
    db = schema_editor.connection.alias
    for country, code, _, _ in RATES:
        TaxRate.objects.using(db).filter(country=country, code=code, valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("common", "0003_tenant_move_and_maintenance")]
    operations = [migrations.RunPython(load, unload)]
