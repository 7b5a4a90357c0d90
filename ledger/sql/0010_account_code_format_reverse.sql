-- Back to codes of at most 20 characters: fails (and changes nothing) while a longer code exists.
ALTER TABLE ledger_account DROP CONSTRAINT IF EXISTS account_code_format;
ALTER TABLE ledger_account ALTER COLUMN code TYPE varchar(20);
