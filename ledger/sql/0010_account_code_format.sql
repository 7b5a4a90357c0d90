-- Account codes may be other ledgers' colon paths (ledger/codes.py holds the rule and this same
-- pattern): up to 200 characters in ':'-separated segments; a segment is not empty, has no space at
-- either end, no '/' (the code is part of the account's URL), no control character and no
-- whitespace but the plain space. Today's short codes (4100, 1120.1, CASH-EUR) all match.

-- varchar(20) -> varchar(200): PostgreSQL changes only the limit, no rewrite of the table or index.
ALTER TABLE ledger_account ALTER COLUMN code TYPE varchar(200);

-- NOT VALID first: new and changed rows are checked at once, without scanning the table under a
-- lock. Then the existing rows: a company whose codes all pass (every code the API or the admin
-- could make) gets a validated constraint; one with an odd code made by hand keeps the constraint
-- unvalidated (its migration still succeeds) and a warning names the way to fix it.
ALTER TABLE ledger_account ADD CONSTRAINT account_code_format CHECK (
  code ~ '^[^:/ \u0001-\u001f\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff](?:[^:/\u0001-\u001f\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]*[^:/ \u0001-\u001f\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff])?(?::[^:/ \u0001-\u001f\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff](?:[^:/\u0001-\u001f\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]*[^:/ \u0001-\u001f\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff])?)*$'
) NOT VALID;

DO $$
BEGIN
  ALTER TABLE ledger_account VALIDATE CONSTRAINT account_code_format;
EXCEPTION WHEN check_violation THEN
  RAISE WARNING 'ledger_account has codes outside the account code rule (ledger/codes.py); new codes are checked, existing ones are kept: rename them, then ALTER TABLE ledger_account VALIDATE CONSTRAINT account_code_format';
END
$$;
