from django.db import migrations, models

from tenants.tests.migration_probes import real_leaf


class Migration(migrations.Migration):
    replaces = [("ledger", "0900_probe_first"), ("ledger", "0901_probe_second")]

    dependencies = [("ledger", real_leaf())]

    operations = [
        migrations.AddField(
            model_name="account",
            name="probe_note",
            field=models.CharField(max_length=20, null=True, blank=True),
        ),
    ]
