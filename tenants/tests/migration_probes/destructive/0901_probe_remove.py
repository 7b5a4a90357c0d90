from django.db import migrations

# Deliberate: this probe exists to drop a table (and to show the linter's allow-list).
lint_ignore = ["delete_model"]


class Migration(migrations.Migration):
    dependencies = [("ledger", "0900_probe_add")]

    operations = [migrations.DeleteModel(name="Probe")]
