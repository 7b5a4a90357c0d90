"""The registry generation: a row bumped by a trigger in the transaction of every change to the
tables the per-process registry cache holds (see common.models.RegistryGeneration)."""

from django.db import migrations, models

TABLES = ("common_company", "common_domain", "common_membership", "common_databaseserver")

# An upsert, so that a flushed table (tests) heals itself on the next change.
BUMP = """
CREATE FUNCTION common_bump_registry_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO common_registrygeneration (id, value) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET value = common_registrygeneration.value + 1;
    RETURN NULL;
END $$;
"""
TRIGGER = (
    "CREATE TRIGGER {table}_bumps_registry_generation AFTER INSERT OR UPDATE OR DELETE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION common_bump_registry_generation();"
)
DROP_TRIGGER = "DROP TRIGGER {table}_bumps_registry_generation ON {table};"


class Migration(migrations.Migration):
    dependencies = [("common", "0006_chain_checkpoints")]

    operations = [
        migrations.CreateModel(
            name="RegistryGeneration",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunSQL(
            "INSERT INTO common_registrygeneration (id, value) VALUES (1, 0);",
            "DELETE FROM common_registrygeneration;",
        ),
        migrations.RunSQL(BUMP, "DROP FUNCTION common_bump_registry_generation();"),
        *(
            migrations.RunSQL(TRIGGER.format(table=table), DROP_TRIGGER.format(table=table))
            for table in TABLES
        ),
    ]
