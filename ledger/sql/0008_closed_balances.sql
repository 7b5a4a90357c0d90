-- Totals of closed periods (ledger_closedbalance), so that statements over years of history read a
-- row per closed year or month and account, not a row per day. Nothing posts into a closed period
-- (ledger_entry_guard), so its totals are final while it stays closed. They are written here, in
-- the transaction that closes the period, from the kept daily totals; a period that reopens loses
-- its totals and its year's. Posting does not touch them: it costs what it did.

-- Period status changes, per statement (closing a year closes its twelve periods in one UPDATE).
CREATE FUNCTION ledger_periods_closed() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  -- Reopened periods lose their totals, and their year its own.
  DELETE FROM ledger_closedbalance c
   USING new_periods n JOIN old_periods o ON o.id = n.id
   WHERE n.status <> 'closed' AND o.status = 'closed'
     AND c.fiscal_year_id = n.fiscal_year_id AND (c.period_id = n.id OR c.period_id IS NULL);
  -- Closed periods get theirs, from the kept daily totals of their days.
  INSERT INTO ledger_closedbalance (account_id, currency_id, fiscal_year_id, period_id, start_date, end_date,
                                    debit, credit, base_debit, base_credit)
  SELECT b.account_id, b.currency_id, n.fiscal_year_id, n.id, n.start_date, n.end_date,
         sum(b.debit), sum(b.credit), sum(b.base_debit), sum(b.base_credit)
    FROM new_periods n JOIN old_periods o ON o.id = n.id
    JOIN ledger_accountbalance b ON b.date BETWEEN n.start_date AND n.end_date
   WHERE n.status = 'closed' AND o.status <> 'closed'
   GROUP BY b.account_id, b.currency_id, n.fiscal_year_id, n.id, n.start_date, n.end_date;
  -- A year all of whose periods are now closed gets the sum of its periods.
  INSERT INTO ledger_closedbalance (account_id, currency_id, fiscal_year_id, period_id, start_date, end_date,
                                    debit, credit, base_debit, base_credit)
  SELECT c.account_id, c.currency_id, y.id, NULL, y.start_date, y.end_date,
         sum(c.debit), sum(c.credit), sum(c.base_debit), sum(c.base_credit)
    FROM ledger_fiscalyear y JOIN ledger_closedbalance c ON c.fiscal_year_id = y.id AND c.period_id IS NOT NULL
   WHERE y.id IN (SELECT n.fiscal_year_id FROM new_periods n JOIN old_periods o ON o.id = n.id
                   WHERE n.status = 'closed' AND o.status <> 'closed')
     AND NOT EXISTS (SELECT FROM ledger_fiscalperiod p WHERE p.fiscal_year_id = y.id AND p.status <> 'closed')
     AND NOT EXISTS (SELECT FROM ledger_closedbalance x WHERE x.fiscal_year_id = y.id AND x.period_id IS NULL)
   GROUP BY c.account_id, c.currency_id, y.id, y.start_date, y.end_date;
  RETURN NULL;
END $$;

CREATE TRIGGER ledger_periods_closed AFTER UPDATE ON ledger_fiscalperiod
  REFERENCING OLD TABLE AS old_periods NEW TABLE AS new_periods
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_periods_closed();

-- Periods already closed when this migration runs get their totals as any closing does: opened
-- and closed again, inside the migration's transaction (nothing else sees them open).
CREATE TEMPORARY TABLE ledger_closed_periods ON COMMIT DROP AS
  SELECT id FROM ledger_fiscalperiod WHERE status = 'closed';
UPDATE ledger_fiscalperiod SET status = 'open' WHERE id IN (SELECT id FROM ledger_closed_periods);
UPDATE ledger_fiscalperiod SET status = 'closed' WHERE id IN (SELECT id FROM ledger_closed_periods);

-- Written by the trigger above only (trigger depth 1 or more when the WHEN clause is evaluated).
CREATE FUNCTION ledger_closed_balance_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is kept by the period triggers only', TG_TABLE_NAME USING ERRCODE = 'PL008';
END $$;

CREATE TRIGGER ledger_closed_balance_kept BEFORE INSERT OR UPDATE OR DELETE ON ledger_closedbalance
  FOR EACH ROW WHEN (pg_trigger_depth() < 1) EXECUTE FUNCTION ledger_closed_balance_guard();
