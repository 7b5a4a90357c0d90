-- Back to checking them at commit, as Django made them.
SELECT ledger_foreign_keys_at_commit(true);
DROP FUNCTION ledger_foreign_keys_at_commit(boolean);
