DROP TRIGGER IF EXISTS ledger_closed_balance_kept ON ledger_closedbalance;
DROP TRIGGER IF EXISTS ledger_periods_closed ON ledger_fiscalperiod;
DROP FUNCTION IF EXISTS ledger_closed_balance_guard(), ledger_periods_closed();
