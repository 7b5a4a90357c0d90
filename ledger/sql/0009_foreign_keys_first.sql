-- The foreign keys of entries, lines and kept totals are checked when their statement ends, not at
-- commit. At commit they ran after ledger_entry_commit had locked the year's number, so the lock
-- was held through a dozen checks per posting as well as through the commit's WAL flush; now it
-- is held through the hashing, one write and the flush. The same checks, the same errors
-- (SQLSTATE 23503), a statement earlier: every writer adds an entry before its lines.
CREATE FUNCTION ledger_foreign_keys_at_commit(at_commit boolean) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT con.conname, con.conrelid::regclass AS tbl FROM pg_constraint con
            WHERE con.contype = 'f' AND con.condeferrable AND con.condeferred <> at_commit
              AND con.conrelid IN ('ledger_journalentry'::regclass, 'ledger_journalline'::regclass,
                                   'ledger_accountbalance'::regclass)
  LOOP
    EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I DEFERRABLE INITIALLY %s', c.tbl, c.conname,
                   CASE WHEN at_commit THEN 'DEFERRED' ELSE 'IMMEDIATE' END);
  END LOOP;
END $$;

SELECT ledger_foreign_keys_at_commit(false);
