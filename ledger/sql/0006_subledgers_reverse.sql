DROP TRIGGER IF EXISTS ledger_draft_post_check ON ledger_journalentry;
DROP FUNCTION IF EXISTS ledger_draft_post_check();
