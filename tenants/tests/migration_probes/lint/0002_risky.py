from django.db import migrations, models


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RemoveField(model_name="thing", name="legacy"),
        migrations.RenameField(model_name="thing", old_name="code", new_name="ref"),
        migrations.AlterField(model_name="thing", name="name", field=models.CharField(max_length=50)),
        migrations.AlterField(model_name="thing", name="size", field=models.IntegerField(default=0)),
        migrations.RunPython(forwards),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RunSQL("UPDATE ledger_thing SET size = 0"),
        migrations.RunSQL("SELECT 1", reverse_sql="SELECT 1"),
        migrations.RenameModel(old_name="Other", new_name="Another"),
        migrations.DeleteModel(name="Another"),
    ]
