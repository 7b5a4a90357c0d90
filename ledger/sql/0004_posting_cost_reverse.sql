-- What 0004_posting_cost.sql added; the migration then drops 0002's objects and creates them again
-- from 0002's own files, which puts back the functions and triggers that 0004 replaced.
DROP TRIGGER IF EXISTS ledger_entry_guard_insert ON ledger_journalentry;
DROP TRIGGER IF EXISTS ledger_entry_guard_delete ON ledger_journalentry;
DROP FUNCTION IF EXISTS ledger_entries_unbalanced(bigint[]);
