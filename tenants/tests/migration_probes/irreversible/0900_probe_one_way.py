from django.db import migrations

from tenants.tests.migration_probes import real_leaf


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("ledger", real_leaf())]

    operations = [migrations.RunPython(forwards)]
