from django.db import migrations


def load(apps, schema_editor):
    from common.currencies import iso4217

    Currency = apps.get_model("common", "Currency")
    db = schema_editor.connection.alias
    known = set(Currency.objects.using(db).values_list("code", flat=True))
    Currency.objects.using(db).bulk_create(
        [
            Currency(code=c.code, name=c.name, minor_units=c.minor_units)
            for c in iso4217()
            if c.code not in known
        ]
    )


def unload(apps, schema_editor):
    from common.currencies import iso4217

    Currency = apps.get_model("common", "Currency")
    Company = apps.get_model("common", "Company")
    db = schema_editor.connection.alias
    used = Company.objects.using(db).values_list("base_currency_id", flat=True)
    Currency.objects.using(db).filter(code__in=[c.code for c in iso4217()]).exclude(code__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
