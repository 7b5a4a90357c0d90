from django.db import migrations

lint_ignore = ["remove_field"]


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_risky")]

    operations = [migrations.RemoveField(model_name="thing", name="note")]
