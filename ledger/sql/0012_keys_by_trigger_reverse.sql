-- 0012's reverse: the triggers as 0011 left them; the foreign keys come back with the migration's
-- field changes.
DROP TRIGGER ledger_account_named ON ledger_account;
DROP FUNCTION ledger_account_named();
DROP TRIGGER ledger_currency_named ON ledger_currency;
DROP FUNCTION ledger_currency_named();
DROP TRIGGER ledger_period_guard ON ledger_fiscalperiod;
CREATE TRIGGER ledger_period_guard BEFORE UPDATE ON ledger_fiscalperiod
  FOR EACH ROW EXECUTE FUNCTION ledger_period_guard();

CREATE OR REPLACE FUNCTION public.ledger_lines_check()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_generic_plan'
 SET enable_seqscan TO 'off'
AS $$
DECLARE
  xid bigint := txid_current();
  bad boolean;
  problem record;
BEGIN
  -- Rows in key order, so that two postings never lock the same totals in opposite orders.
  WITH kept AS (
    INSERT INTO ledger_accountbalance AS b (account_id, currency_id, date, debit, credit, base_debit, base_credit)
    SELECT nl.account_id, nl.currency_id, e.date,
           coalesce(sum(nl.amount) FILTER (WHERE nl.side = 'D'), 0),
           coalesce(sum(nl.amount) FILTER (WHERE nl.side = 'C'), 0),
           coalesce(sum(nl.base_amount) FILTER (WHERE nl.side = 'D'), 0),
           coalesce(sum(nl.base_amount) FILTER (WHERE nl.side = 'C'), 0)
      FROM new_lines nl
      JOIN LATERAL (SELECT j.date, j.status FROM ledger_journalentry j WHERE j.id = nl.entry_id) e ON true
     WHERE e.status = 'posted'
     GROUP BY nl.account_id, nl.currency_id, e.date
     ORDER BY nl.account_id, nl.currency_id, e.date
    ON CONFLICT (account_id, currency_id, date) DO UPDATE
       SET debit = b.debit + excluded.debit, credit = b.credit + excluded.credit,
           base_debit = b.base_debit + excluded.base_debit, base_credit = b.base_credit + excluded.base_credit)
  -- The conditions of the query below, OR-ed: a NULL (a row a LEFT JOIN did not find)
  -- counts as no problem there and here. Every lookup is a probe by key (LATERAL): a plan that
  -- hashed a whole table (the currencies, for the base currency) cost more than the rest.
  SELECT bool_or(true) FILTER (WHERE
           (TG_OP = 'INSERT' AND e.status <> 'draft' AND (e.posted_xid IS DISTINCT FROM xid OR e.number IS NOT NULL))
           OR nl.amount <> round(nl.amount, cur.minor_units)
           OR nl.base_amount <> round(nl.base_amount, base.minor_units)
           OR (nl.currency_id = base.code AND nl.base_amount <> nl.amount)
           OR a.currency_id <> nl.currency_id
           OR (e.status = 'posted' AND NOT a.is_active AND e.reversal_of_id IS NULL)
           OR (a.is_control AND e.source = '')
           OR (e.status = 'posted' AND e.date <= t.filed_through))
    INTO bad
    FROM new_lines nl
    LEFT JOIN LATERAL (SELECT j.status, j.reversal_of_id, j.posted_xid, j.number, j.source, j.date
                         FROM ledger_journalentry j WHERE j.id = nl.entry_id) e ON true
    LEFT JOIN LATERAL (SELECT x.minor_units FROM ledger_currency x WHERE x.code = nl.currency_id) cur ON true
    LEFT JOIN LATERAL (SELECT x.currency_id, x.is_active, x.is_control FROM ledger_account x
                        WHERE x.id = nl.account_id) a ON true
    LEFT JOIN LATERAL (SELECT x.filed_through FROM ledger_taxcode x WHERE x.id = nl.tax_code_id) t ON true
    LEFT JOIN LATERAL (SELECT y.code, y.minor_units FROM ledger_ledgersettings s
                         JOIN LATERAL (SELECT x.code, x.minor_units FROM ledger_currency x
                                        WHERE x.code = s.base_currency_id) y ON true
                        WHERE s.id = 1) base ON true;
  IF NOT coalesce(bad, false) THEN
    RETURN NULL;
  END IF;
  -- Which problem, and its message: each kind keeps its SQLSTATE and the order in which 0006
  -- reported it (the rank), and a message is built only for a line that has the problem. A line
  -- whose entry, account or currency does not exist is left to the foreign keys, as before.
  SELECT p.code, p.message INTO problem
    FROM new_lines nl
    LEFT JOIN LATERAL (SELECT j.status, j.reversal_of_id, j.posted_xid, j.number, j.source, j.date
                         FROM ledger_journalentry j WHERE j.id = nl.entry_id) e ON true
    LEFT JOIN LATERAL (SELECT x.minor_units FROM ledger_currency x WHERE x.code = nl.currency_id) cur ON true
    LEFT JOIN LATERAL (SELECT x.code, x.currency_id, x.is_active, x.is_control FROM ledger_account x
                        WHERE x.id = nl.account_id) a ON true
    LEFT JOIN LATERAL (SELECT x.code, x.filed_through FROM ledger_taxcode x WHERE x.id = nl.tax_code_id) t ON true
    LEFT JOIN LATERAL (SELECT y.code, y.minor_units FROM ledger_ledgersettings s
                         JOIN LATERAL (SELECT x.code, x.minor_units FROM ledger_currency x
                                        WHERE x.code = s.base_currency_id) y ON true
                        WHERE s.id = 1) base ON true
    CROSS JOIN LATERAL (VALUES
      (1, 'PL001', CASE WHEN TG_OP = 'INSERT' AND e.status <> 'draft'
                             AND (e.posted_xid IS DISTINCT FROM xid OR e.number IS NOT NULL)
                        THEN format('lines cannot be added to a %s entry', e.status) END),
      (2, 'PL005', CASE WHEN nl.amount <> round(nl.amount, cur.minor_units)
                        THEN format('amount %s has more decimals than %s allows (%s)', nl.amount, nl.currency_id,
                                    cur.minor_units) END),
      (3, 'PL005', CASE WHEN nl.base_amount <> round(nl.base_amount, base.minor_units)
                        THEN format('base amount %s has more decimals than %s allows (%s)', nl.base_amount,
                                    base.code, base.minor_units) END),
      (4, 'PL005', CASE WHEN nl.currency_id = base.code AND nl.base_amount <> nl.amount
                        THEN format('line %s is in the base currency: its base amount %s must equal its amount %s',
                                    nl.line_no, nl.base_amount, nl.amount) END),
      (5, 'PL007', CASE WHEN a.currency_id <> nl.currency_id
                        THEN format('account %s only takes %s, not %s', a.code, a.currency_id, nl.currency_id) END),
      (6, 'PL004', CASE WHEN e.status = 'posted' AND NOT a.is_active AND e.reversal_of_id IS NULL
                        THEN format('account %s is inactive', a.code) END),
      (7, 'PL009', CASE WHEN a.is_control AND e.source = ''
                        THEN format('account %s is a control account: only invoices, bills and payments post to it',
                                    a.code) END),
      (8, 'PL010', CASE WHEN e.status = 'posted' AND e.date <= t.filed_through
                        THEN format('tax code %s is filed through %s: date the correction after it', t.code,
                                    t.filed_through) END)) AS p(rank, code, message)
   WHERE p.message IS NOT NULL
   ORDER BY p.rank
   LIMIT 1;
  RAISE EXCEPTION '%', problem.message USING ERRCODE = problem.code;
END $$;

CREATE OR REPLACE FUNCTION public.ledger_entry_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_generic_plan'
 SET enable_seqscan TO 'off'
AS $$
DECLARE
  per record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'journal entry % is %: it cannot be deleted; post a reversal instead', OLD.id, OLD.status
        USING ERRCODE = 'PL001';
    END IF;
    RETURN OLD;
  END IF;

  IF TG_OP = 'UPDATE' AND OLD.status <> 'draft' THEN
    -- Allowed on a posted entry: posted -> reversed once a reversal exists, and the commit-time
    -- fill-in of number and hash by ledger_entry_commit (a nested trigger: depth 2). A number set
    -- by hand would make that trigger skip the entry, balance check included.
    IF NOT (NEW.status = OLD.status OR (OLD.status = 'posted' AND NEW.status = 'reversed'))
       OR (NEW.status = 'reversed' AND OLD.status = 'posted' AND NOT EXISTS (
             SELECT 1 FROM ledger_journalentry r WHERE r.reversal_of_id = OLD.id AND r.status <> 'draft'))
       OR (pg_trigger_depth() < 2
           AND ROW(NEW.number, NEW.hash, NEW.prev_hash) IS DISTINCT FROM ROW(OLD.number, OLD.hash, OLD.prev_hash))
       OR ROW(NEW.fiscal_year_id, NEW.period_id, NEW.date, NEW.memo, NEW.reference, NEW.idempotency_key,
              NEW.request_hash, NEW.created_at, NEW.created_by_id, NEW.created_by_name, NEW.posted_at,
              NEW.posted_by_id, NEW.posted_by_name, NEW.posted_xid, NEW.reversal_of_id)
          IS DISTINCT FROM
          ROW(OLD.fiscal_year_id, OLD.period_id, OLD.date, OLD.memo, OLD.reference, OLD.idempotency_key,
              OLD.request_hash, OLD.created_at, OLD.created_by_id, OLD.created_by_name, OLD.posted_at,
              OLD.posted_by_id, OLD.posted_by_name, OLD.posted_xid, OLD.reversal_of_id)
       OR (OLD.number IS NOT NULL AND NEW.number IS DISTINCT FROM OLD.number)
       OR (OLD.hash <> '' AND (NEW.hash <> OLD.hash OR NEW.prev_hash <> OLD.prev_hash)) THEN
      RAISE EXCEPTION 'journal entry % is %: it cannot be changed; post a reversal instead', OLD.id, OLD.status
        USING ERRCODE = 'PL001';
    END IF;
    RETURN NEW;
  END IF;

  -- Here the entry is new or a draft: only a posted entry can become reversed.
  IF NEW.status = 'reversed' THEN
    RAISE EXCEPTION 'only a posted entry can be reversed' USING ERRCODE = 'PL001';
  END IF;

  IF NEW.status = 'draft' THEN
    NEW.number := NULL;  -- a draft holding a number would block that number's posting
    NEW.hash := '';
    NEW.prev_hash := '';
  END IF;

  IF NEW.status = 'posted' THEN
    SELECT p.status, p.start_date, p.end_date, p.fiscal_year_id INTO per
      FROM ledger_fiscalperiod p WHERE p.id = NEW.period_id FOR SHARE;
    IF per.status <> 'open' THEN
      RAISE EXCEPTION 'period % to % is closed', per.start_date, per.end_date USING ERRCODE = 'PL003';
    END IF;
    IF NEW.date < per.start_date OR NEW.date > per.end_date OR NEW.fiscal_year_id <> per.fiscal_year_id THEN
      RAISE EXCEPTION 'entry date % is outside its period % to %', NEW.date, per.start_date, per.end_date
        USING ERRCODE = 'PL003';
    END IF;
    NEW.number := NULL;  -- allocated at commit, gapless
    NEW.hash := '';
    NEW.prev_hash := '';
    NEW.posted_at := coalesce(NEW.posted_at, now());
    NEW.posted_xid := txid_current();
    IF TG_OP = 'UPDATE' AND NEW.reversal_of_id IS NULL AND EXISTS (
         SELECT 1 FROM ledger_journalline l JOIN ledger_account a ON a.id = l.account_id
          WHERE l.entry_id = NEW.id AND NOT a.is_active) THEN
      RAISE EXCEPTION 'entry % uses an inactive account', NEW.id USING ERRCODE = 'PL004';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION public.ledger_period_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_generic_plan'
 SET enable_seqscan TO 'off'
AS $$
BEGIN
  IF (NEW.start_date <> OLD.start_date OR NEW.end_date <> OLD.end_date)
     AND EXISTS (SELECT 1 FROM ledger_journalentry WHERE period_id = OLD.id AND status <> 'draft') THEN
    RAISE EXCEPTION 'period % has posted entries; its dates cannot change', OLD.id USING ERRCODE = 'PL001';
  END IF;
  RETURN NEW;
END $$;

DROP FUNCTION ledger_refuse_if_named(text, text, boolean);

ALTER TABLE ledger_journalentry DROP CONSTRAINT entry_status_valid,
  ADD CONSTRAINT entry_status_valid CHECK (status IN ('draft', 'posted', 'reversed'));
ALTER TABLE ledger_journalline DROP CONSTRAINT line_side_valid,
  ADD CONSTRAINT line_side_valid CHECK (side IN ('D', 'C'));
