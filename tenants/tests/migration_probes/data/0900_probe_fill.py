from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Concat

from tenants.tests.migration_probes import real_leaf


def fill(apps, schema_editor):
    Currency = apps.get_model("ledger", "Currency")
    label = Concat("code", Value(":"), "name")
    Currency.objects.using(schema_editor.connection.alias).update(probe_label=label)


class Migration(migrations.Migration):
    dependencies = [("ledger", real_leaf())]

    operations = [
        migrations.AddField("currency", "probe_label", models.CharField(max_length=120, null=True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField("currency", "probe_label", models.CharField(max_length=120)),
    ]
