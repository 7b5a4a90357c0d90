DROP TRIGGER IF EXISTS bank_refuse_reversing_matched ON ledger_journalentry;
DROP FUNCTION IF EXISTS bank_refuse_reversing_matched();
