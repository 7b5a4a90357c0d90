"""The aging report keeps each day's figures per contact, stamped with the contact's version; these
triggers give a contact a new version whenever one of its documents (not drafts), payments or
allocations changes, so a report recomputes only the contacts changed since it was kept.

Row-level constraint triggers, deferred to the commit: the version row's lock is then taken after
the ledger's own commit-time locks (the entry sequence), in every transaction alike, so writers of
one contact never wait for each other in opposite orders. A report inside a transaction that wrote
fires them first (`SET CONSTRAINTS ... IMMEDIATE`). Writes made with triggers off (bulk loads under
session_replication_role = replica) must call `invoicing.reports.aging_forget()` afterwards.
"""

from django.db import migrations, models

TRIGGERS = """
CREATE SEQUENCE invoicing_aging_version_seq;

CREATE FUNCTION invoicing_aging_bump(contacts bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO invoicing_agingversion (contact_id, version)
    SELECT c, nextval('invoicing_aging_version_seq')
      FROM (SELECT DISTINCT c FROM unnest(contacts) AS c WHERE c IS NOT NULL ORDER BY c) AS s
    ON CONFLICT (contact_id) DO UPDATE SET version = EXCLUDED.version
$$;

CREATE FUNCTION invoicing_aging_item_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    after jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
BEGIN
    -- a draft document is no item
    IF coalesce(before->>'status', 'draft') = 'draft' AND coalesce(after->>'status', 'draft') = 'draft'
       AND TG_TABLE_NAME = 'invoicing_document' THEN
        RETURN NULL;
    END IF;
    PERFORM invoicing_aging_bump(ARRAY[(before->>'contact_id')::bigint, (after->>'contact_id')::bigint]);
    RETURN NULL;
END $$;

CREATE FUNCTION invoicing_aging_allocation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    a invoicing_allocation := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
    PERFORM invoicing_aging_bump(ARRAY(
        SELECT contact_id FROM invoicing_document WHERE id IN (a.debit_document_id, a.credit_document_id)
        UNION
        SELECT contact_id FROM invoicing_payment WHERE id IN (a.debit_payment_id, a.credit_payment_id)));
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER invoicing_aging_document AFTER INSERT OR UPDATE OR DELETE ON invoicing_document
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION invoicing_aging_item_changed();
CREATE CONSTRAINT TRIGGER invoicing_aging_payment AFTER INSERT OR UPDATE OR DELETE ON invoicing_payment
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION invoicing_aging_item_changed();
CREATE CONSTRAINT TRIGGER invoicing_aging_allocation AFTER INSERT OR UPDATE OR DELETE ON invoicing_allocation
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION invoicing_aging_allocation_changed();
"""

UNTRIGGER = """
DROP TRIGGER invoicing_aging_document ON invoicing_document;
DROP TRIGGER invoicing_aging_payment ON invoicing_payment;
DROP TRIGGER invoicing_aging_allocation ON invoicing_allocation;
DROP FUNCTION invoicing_aging_item_changed(); DROP FUNCTION invoicing_aging_allocation_changed();
DROP FUNCTION invoicing_aging_bump(bigint[]); DROP SEQUENCE invoicing_aging_version_seq;
"""

# Every contact with items gets a first version.
BACKFILL = """
INSERT INTO invoicing_agingversion (contact_id, version)
SELECT contact_id, nextval('invoicing_aging_version_seq') FROM (
    SELECT contact_id FROM invoicing_document WHERE status <> 'draft'
    UNION SELECT contact_id FROM invoicing_payment ORDER BY 1) AS s
"""


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0006_allocation_happened_on"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgingVersion",
            fields=[
                ("contact_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="AgingDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("side", models.CharField(max_length=12)),
                ("day", models.DateField()),
                ("made_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("side", "day"), name="aging_day_unique")],
            },
        ),
        migrations.CreateModel(
            name="AgingKept",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("side", models.CharField(max_length=12)),
                ("day", models.DateField()),
                ("contact_id", models.BigIntegerField()),
                ("version", models.BigIntegerField(null=True)),
                ("rows", models.JSONField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("side", "day", "contact_id"), name="aging_kept_unique")
                ],
            },
        ),
        migrations.RunSQL(TRIGGERS, UNTRIGGER),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
