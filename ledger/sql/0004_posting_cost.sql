-- The invariants of 0002_invariants.sql, checked for less: same rules, same SQLSTATEs, same
-- canonical text and hash chain. What each trigger does and costs: docs/ledger.md, "What the
-- triggers cost".
--
-- Every trigger function runs with two settings:
-- - plan_cache_mode = force_generic_plan: PL/pgSQL plans each query once per session. For a query
--   with parameters PostgreSQL otherwise compares the generic plan's estimate with custom plans
--   made for each call's values; for the commit-time balance query over `ids` (one entry, where
--   the generic plan assumes ten) the custom plan always looked cheaper, so it was planned again
--   at every commit: 0.3-0.5 ms of the ~1.4 ms the triggers cost per posting.
-- - enable_seqscan = off: every query in them is a probe by key (an entry, its lines, a year's
--   head, an account, a currency). Planned while a company's tables were still small, `= ANY(ids)`
--   and the joins became sequential scans that every later posting paid again, so posting slowed
--   as the books grew (3x after 4,000 entries on one connection).

-- Set-based checks of inserted or edited lines, one query for all the checks (was five), then
-- the kept totals in one INSERT ... ON CONFLICT per statement, only when a line is posted.
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
              WHEN f.inactive IS NOT NULL THEN 'PL004' END AS code,
         coalesce(f.refused, f.amount_precision, f.base_precision, f.base_mismatch, f.account_currency,
                  f.inactive) AS message,
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
             coalesce(bool_or(e.status = 'posted'), false) AS posted
        FROM new_lines nl
        LEFT JOIN LATERAL (SELECT j.status, j.reversal_of_id, j.posted_xid, j.number
                             FROM ledger_journalentry j WHERE j.id = nl.entry_id) e ON true
        LEFT JOIN ledger_currency cur ON cur.code = nl.currency_id
        LEFT JOIN ledger_account a ON a.id = nl.account_id
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

-- The first bad entry of `ids` (by id), with the SQLSTATE and message to refuse it with: fewer
-- than two lines (PL006), not balanced in the base currency or in one of its currencies (PL002).
-- No row when all of them are sound.
CREATE FUNCTION ledger_entries_unbalanced(ids bigint[]) RETURNS TABLE (id bigint, code text, message text)
LANGUAGE sql STABLE AS $$  -- called by ledger_entry_commit, whose settings it runs with
  WITH per_currency AS (
    SELECT x.id, l.currency_id, count(l.id) AS lines,
           sum(CASE l.side WHEN 'D' THEN l.amount ELSE -l.amount END) AS diff,
           sum(CASE l.side WHEN 'D' THEN l.base_amount ELSE -l.base_amount END) AS base_diff
      FROM unnest(ids) AS x(id)
      LEFT JOIN ledger_journalline l ON l.entry_id = x.id
     GROUP BY x.id, l.currency_id),
  per_entry AS (
    SELECT p.id, sum(p.lines) AS lines, coalesce(sum(p.base_diff), 0) AS base_diff,
           min(p.currency_id) FILTER (WHERE p.diff <> 0) AS currency_id,
           (array_agg(p.diff ORDER BY p.currency_id) FILTER (WHERE p.diff <> 0))[1] AS diff
      FROM per_currency p GROUP BY p.id)
  SELECT e.id,
         CASE WHEN e.lines < 2 THEN 'PL006' ELSE 'PL002' END,
         CASE WHEN e.lines < 2 THEN format('entry %s has %s line(s); a posted entry needs at least two', e.id, e.lines)
              WHEN e.base_diff <> 0 THEN format('entry %s is unbalanced by %s in the base currency', e.id, e.base_diff)
              ELSE format('entry %s is unbalanced by %s %s', e.id, e.diff, e.currency_id) END
    FROM per_entry e
   WHERE e.lines < 2 OR e.base_diff <> 0 OR e.currency_id IS NOT NULL
   ORDER BY e.id LIMIT 1
$$;

-- At commit, per batch as in 0002 (the first firing in a transaction takes every pending entry,
-- the others return at once; ledger.numbered_upto marks what is done), in one loop over the
-- batch in (year, id) order: each year's head is locked when its first entry comes (year order:
-- two batches never deadlock), each entry gets its number and chained hash in a one-row UPDATE,
-- and each year's head is written once. One posting per transaction, the common case, is then
-- a lock, a hash and two one-row UPDATEs.
CREATE OR REPLACE FUNCTION ledger_entry_commit() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $$
DECLARE
  xid bigint;
  mark text;
  done bigint := 0;
  ids bigint[];
  bad record;
  e record;
  year_id bigint;
  n integer;
  prev text;
  h text;
  top bigint := 0;
BEGIN
  PERFORM FROM ledger_journalentry j WHERE j.id = NEW.id AND j.status <> 'draft' AND j.number IS NULL;
  IF NOT FOUND THEN
    RETURN NULL;  -- a draft, gone, or numbered already by an earlier firing's batch
  END IF;
  xid := txid_current();
  mark := current_setting('ledger.numbered_upto', true);
  IF mark IS NOT NULL AND split_part(mark, ':', 1) = xid::text THEN
    done := split_part(mark, ':', 2)::bigint;
  END IF;
  ids := ARRAY(SELECT j.id FROM ledger_journalentry j
                WHERE j.posted_xid = xid AND j.number IS NULL AND j.id > done AND j.status <> 'draft');
  IF NOT NEW.id = ANY(ids) THEN
    ids := ids || NEW.id;  -- below the mark: a draft posted late
  END IF;

  SELECT * INTO bad FROM ledger_entries_unbalanced(ids);
  IF FOUND THEN
    RAISE EXCEPTION '%', bad.message USING ERRCODE = bad.code;
  END IF;

  FOR e IN SELECT j.id, j.fiscal_year_id FROM ledger_journalentry j WHERE j.id = ANY(ids)
            ORDER BY j.fiscal_year_id, j.id LOOP
    IF e.fiscal_year_id IS DISTINCT FROM year_id THEN
      IF year_id IS NOT NULL THEN
        UPDATE ledger_entrysequence SET last_number = n, last_hash = prev WHERE fiscal_year_id = year_id;
      END IF;
      year_id := e.fiscal_year_id;
      SELECT s.last_number, s.last_hash INTO n, prev
        FROM ledger_entrysequence s WHERE s.fiscal_year_id = year_id FOR UPDATE;
      IF NOT FOUND THEN  -- the year's first entry: a new head, or the one a racing commit made
        INSERT INTO ledger_entrysequence AS s (fiscal_year_id, last_number, last_hash)
        VALUES (year_id, 0, '') ON CONFLICT (fiscal_year_id) DO UPDATE SET last_number = s.last_number
        RETURNING s.last_number, s.last_hash INTO n, prev;
      END IF;
    END IF;
    n := n + 1;
    h := encode(sha256(convert_to(prev || '|' || ledger_entry_canonical_as(e.id, n), 'UTF8')), 'hex');
    UPDATE ledger_journalentry SET number = n, prev_hash = prev, hash = h WHERE id = e.id;
    prev := h;
    top := greatest(top, e.id);
  END LOOP;
  UPDATE ledger_entrysequence SET last_number = n, last_hash = prev WHERE fiscal_year_id = year_id;
  PERFORM set_config('ledger.numbered_upto', xid || ':' || greatest(done, top), true);
  RETURN NULL;
END $$;

-- The kept totals' guard is called only for a write made outside the posting triggers (trigger
-- depth 0 when the WHEN clause is evaluated): it refuses those, as before, and the triggers' own
-- writes no longer call a function per row.
DROP TRIGGER ledger_balance_kept ON ledger_accountbalance;
CREATE TRIGGER ledger_balance_kept BEFORE INSERT OR UPDATE ON ledger_accountbalance
  FOR EACH ROW WHEN (pg_trigger_depth() < 1) EXECUTE FUNCTION ledger_balance_guard();

-- The entry guard, split by event so that the commit-time fill-in of number and hash (an UPDATE
-- by ledger_entry_commit, trigger depth 1 when the WHEN clause is evaluated, of a posted entry
-- not yet numbered) no longer calls it: nothing else updates an entry from inside a trigger, and
-- that UPDATE sets only number, prev_hash and hash. Every other insert, update and delete is
-- guarded as before.
DROP TRIGGER ledger_entry_guard ON ledger_journalentry;
CREATE TRIGGER ledger_entry_guard BEFORE UPDATE ON ledger_journalentry
  FOR EACH ROW WHEN (pg_trigger_depth() < 1 OR OLD.number IS NOT NULL OR OLD.status <> 'posted')
  EXECUTE FUNCTION ledger_entry_guard();
CREATE TRIGGER ledger_entry_guard_insert BEFORE INSERT ON ledger_journalentry
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_guard();
CREATE TRIGGER ledger_entry_guard_delete BEFORE DELETE ON ledger_journalentry
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_guard();

-- The same two settings for the triggers 0004 does not rewrite.
ALTER FUNCTION ledger_entry_guard() SET plan_cache_mode = force_generic_plan SET enable_seqscan = off;
ALTER FUNCTION ledger_line_guard() SET plan_cache_mode = force_generic_plan SET enable_seqscan = off;
ALTER FUNCTION ledger_entry_after() SET plan_cache_mode = force_generic_plan SET enable_seqscan = off;
ALTER FUNCTION ledger_period_guard() SET plan_cache_mode = force_generic_plan SET enable_seqscan = off;
