from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Thing",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=50, null=True)),
                ("size", models.IntegerField(null=True)),
                ("note", models.CharField(max_length=50, null=True)),
                ("legacy", models.CharField(max_length=50, null=True)),
                ("code", models.CharField(max_length=20)),
            ],
        ),
        migrations.CreateModel(
            name="Other",
            fields=[("id", models.BigAutoField(primary_key=True, serialize=False))],
        ),
    ]
