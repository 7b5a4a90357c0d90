from django.db import migrations, models

from tenants.tests.migration_probes import real_leaf


class Migration(migrations.Migration):
    dependencies = [("ledger", real_leaf())]

    operations = [
        migrations.CreateModel(
            name="Probe",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("label", models.CharField(max_length=50)),
            ],
        ),
    ]
