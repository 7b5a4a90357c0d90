DROP TRIGGER IF EXISTS ledger_period_guard ON ledger_fiscalperiod;
DROP TRIGGER IF EXISTS ledger_balance_no_delete ON ledger_accountbalance;
DROP TRIGGER IF EXISTS ledger_balance_kept ON ledger_accountbalance;
DROP TRIGGER IF EXISTS ledger_audit_append_only ON ledger_auditevent;
DROP TRIGGER IF EXISTS ledger_entry_commit ON ledger_journalentry;
DROP TRIGGER IF EXISTS ledger_entry_after ON ledger_journalentry;
DROP TRIGGER IF EXISTS ledger_lines_check_update ON ledger_journalline;
DROP TRIGGER IF EXISTS ledger_lines_check ON ledger_journalline;
DROP TRIGGER IF EXISTS ledger_line_guard ON ledger_journalline;
DROP TRIGGER IF EXISTS ledger_entry_guard ON ledger_journalentry;
DROP INDEX IF EXISTS ledger_entry_pending;
DROP FUNCTION IF EXISTS ledger_period_guard(), ledger_balance_guard(), ledger_append_only(), ledger_entry_commit(),
  ledger_entry_after(), ledger_lines_check(), ledger_line_guard(), ledger_entry_guard(),
  ledger_entry_canonical(bigint), ledger_entry_canonical_as(bigint, integer);
