"""API tokens and users bump the registry generation too, so that the per-process cache may hold
a token and its user (tenants/routing/tokens.py): deleting a token, and changing a user's
status, rights, name or password, and moving a token's expiry earlier. Creating a token or
renewing one (a later expiry) does not: no process holds a new key, and a later expiry refuses
nothing."""

from django.db import migrations

TRIGGERS = {
    "knox_authtoken": "AFTER DELETE OR UPDATE OF digest, token_key, user_id",
    "auth_user": "AFTER DELETE OR UPDATE OF is_active, is_staff, is_superuser, username, password",
}
CREATE = (
    "CREATE TRIGGER {table}_bumps_registry_generation {when} ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION common_bump_registry_generation();"
)
DROP = "DROP TRIGGER {table}_bumps_registry_generation ON {table};"
# Per row, to compare: an expiry moved earlier (by SQL or the admin) refuses sooner.
SHORTENED = (
    "CREATE TRIGGER knox_authtoken_shortened_bumps_registry_generation AFTER UPDATE OF expiry "
    "ON knox_authtoken FOR EACH ROW WHEN (NEW.expiry IS DISTINCT FROM OLD.expiry "
    "AND (OLD.expiry IS NULL OR NEW.expiry < OLD.expiry)) "
    "EXECUTE FUNCTION common_bump_registry_generation();"
)


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0008_webhook_companies"),
        ("knox", "0009_extend_authtoken_field"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        *(
            migrations.RunSQL(CREATE.format(table=table, when=when), DROP.format(table=table))
            for table, when in TRIGGERS.items()
        ),
        migrations.RunSQL(
            SHORTENED, "DROP TRIGGER knox_authtoken_shortened_bumps_registry_generation ON knox_authtoken;"
        ),
    ]
