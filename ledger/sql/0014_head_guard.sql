-- Each year's head row (its last number and hash) is written only by ledger_entry_commit, which
-- numbers the next entry from it. Until now a plain UPDATE could move it on, and the next posting
-- took a number after a gap (verify_ledger would find it, afterwards). Now a write to it that does
-- not come from a trigger is refused as the kept totals' is (PL008, `append_only`); writes with the
-- triggers off (replica mode, a superuser) are what the checkpoints catch.
CREATE TRIGGER ledger_head_kept BEFORE INSERT OR UPDATE OR DELETE ON ledger_entrysequence
  FOR EACH ROW WHEN (pg_trigger_depth() < 1) EXECUTE FUNCTION ledger_balance_guard();
