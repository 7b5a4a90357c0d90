-- Subledgers (sales, purchases, payments) and filed tax returns, checked where lines are checked.
-- PL009: a control account (receivables, payables) takes lines only from entries a subledger
--        wrote (`source` not blank), drafts included: their balance must equal the open items.
-- PL010: a line with a tax code whose return is filed (`filed_through`) cannot be posted on or
--        before that date: corrections go into a later period.
-- ledger_lines_check is 0004's with one more join (the tax code, by key) and two more filters.

CREATE OR REPLACE FUNCTION ledger_lines_check() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $$
DECLARE
  xid bigint := txid_current();
  c record;
BEGIN
  -- Each kind of problem keeps its SQLSTATE and the order in which it is reported. A line whose
  -- entry, account or currency does not exist (foreign keys are checked at commit) is left to
  -- the foreign keys, as before.
  SELECT CASE WHEN f.refused IS NOT NULL THEN 'PL001'
              WHEN coalesce(f.amount_precision, f.base_precision, f.base_mismatch) IS NOT NULL THEN 'PL005'
              WHEN f.account_currency IS NOT NULL THEN 'PL007'
              WHEN f.inactive IS NOT NULL THEN 'PL004'
              WHEN f.control IS NOT NULL THEN 'PL009'
              WHEN f.filed IS NOT NULL THEN 'PL010' END AS code,
         coalesce(f.refused, f.amount_precision, f.base_precision, f.base_mismatch, f.account_currency,
                  f.inactive, f.control, f.filed) AS message,
         f.posted
    INTO c
    FROM (
      SELECT (array_agg(format('lines cannot be added to a %s entry', e.status))
                FILTER (WHERE TG_OP = 'INSERT' AND e.status <> 'draft'
                          AND (e.posted_xid IS DISTINCT FROM xid OR e.number IS NOT NULL)))[1] AS refused,
             (array_agg(format('amount %s has more decimals than %s allows (%s)', nl.amount, nl.currency_id,
                               cur.minor_units))
                FILTER (WHERE nl.amount <> round(nl.amount, cur.minor_units)))[1] AS amount_precision,
             (array_agg(format('base amount %s has more decimals than %s allows (%s)', nl.base_amount,
                               base.code, base.minor_units))
                FILTER (WHERE nl.base_amount <> round(nl.base_amount, base.minor_units)))[1] AS base_precision,
             (array_agg(format('line %s is in the base currency: its base amount %s must equal its amount %s',
                               nl.line_no, nl.base_amount, nl.amount))
                FILTER (WHERE nl.currency_id = base.code AND nl.base_amount <> nl.amount))[1] AS base_mismatch,
             (array_agg(format('account %s only takes %s, not %s', a.code, a.currency_id, nl.currency_id))
                FILTER (WHERE a.currency_id <> nl.currency_id))[1] AS account_currency,
             (array_agg(format('account %s is inactive', a.code))
                FILTER (WHERE e.status = 'posted' AND NOT a.is_active AND e.reversal_of_id IS NULL))[1] AS inactive,
             (array_agg(format('account %s is a control account: only invoices, bills and payments post to it',
                               a.code))
                FILTER (WHERE a.is_control AND e.source = ''))[1] AS control,
             (array_agg(format('tax code %s is filed through %s: date the correction after it', t.code,
                               t.filed_through))
                FILTER (WHERE e.status = 'posted' AND e.date <= t.filed_through))[1] AS filed,
             coalesce(bool_or(e.status = 'posted'), false) AS posted
        FROM new_lines nl
        LEFT JOIN LATERAL (SELECT j.status, j.reversal_of_id, j.posted_xid, j.number, j.source, j.date
                             FROM ledger_journalentry j WHERE j.id = nl.entry_id) e ON true
        LEFT JOIN ledger_currency cur ON cur.code = nl.currency_id
        LEFT JOIN ledger_account a ON a.id = nl.account_id
        LEFT JOIN ledger_taxcode t ON t.id = nl.tax_code_id
        LEFT JOIN (ledger_ledgersettings s JOIN ledger_currency base ON base.code = s.base_currency_id) ON true
    ) f;
  -- Inserted lines: their entry is a draft, or was posted in this transaction and is not yet
  -- numbered (the commit-time checks have not run). Edited lines: ledger_line_guard, per row.
  IF c.code IS NOT NULL THEN
    RAISE EXCEPTION '%', c.message USING ERRCODE = c.code;
  END IF;
  IF NOT c.posted THEN
    RETURN NULL;  -- draft lines count nowhere
  END IF;
  -- Lines inserted into an entry posted in this transaction count in the kept totals now. Rows
  -- in key order, so that two postings never lock the same totals in opposite orders.
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
         base_debit = b.base_debit + excluded.base_debit, base_credit = b.base_credit + excluded.base_credit;
  RETURN NULL;
END $$;

-- A draft posted later: the same two checks on its lines, only on that status change.
CREATE FUNCTION ledger_draft_post_check() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $$
DECLARE
  bad record;
BEGIN
  SELECT a.code INTO bad FROM ledger_journalline l JOIN ledger_account a ON a.id = l.account_id
   WHERE l.entry_id = NEW.id AND a.is_control AND NEW.source = '' LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'account % is a control account: only invoices, bills and payments post to it', bad.code
      USING ERRCODE = 'PL009';
  END IF;
  SELECT t.code, t.filed_through INTO bad FROM ledger_journalline l JOIN ledger_taxcode t ON t.id = l.tax_code_id
   WHERE l.entry_id = NEW.id AND NEW.date <= t.filed_through LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'tax code % is filed through %: date the correction after it', bad.code, bad.filed_through
      USING ERRCODE = 'PL010';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER ledger_draft_post_check BEFORE UPDATE ON ledger_journalentry
  FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status = 'posted')
  EXECUTE FUNCTION ledger_draft_post_check();
