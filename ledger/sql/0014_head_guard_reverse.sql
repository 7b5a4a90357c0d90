DROP TRIGGER ledger_head_kept ON ledger_entrysequence;
