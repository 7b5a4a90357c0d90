DROP FUNCTION ledger_entry_write(jsonb, jsonb, boolean);
