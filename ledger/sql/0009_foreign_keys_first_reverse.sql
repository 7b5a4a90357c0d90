-- Back to checking them at commit, as Django made them.
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT con.conname, con.conrelid::regclass AS tbl FROM pg_constraint con
            WHERE con.contype = 'f' AND con.condeferrable AND NOT con.condeferred
              AND con.conrelid IN ('ledger_journalentry'::regclass, 'ledger_journalline'::regclass,
                                   'ledger_accountbalance'::regclass)
  LOOP
    EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I DEFERRABLE INITIALLY DEFERRED', c.tbl, c.conname);
  END LOOP;
END $$;
