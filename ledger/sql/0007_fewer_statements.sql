-- The same invariants, in fewer statements: each statement a trigger runs costs its executor set-up
-- and tear-down whatever it does, and those made most of what the triggers cost. Same rules, same
-- SQLSTATEs and messages, same canonical text and hash chain; the number's lock is taken later
-- and held for less. What it measured: docs/ledger.md, "What the triggers cost".

-- Lines: one statement in the common case. It writes the kept totals of posted lines and says
-- whether any line breaks a rule; only then does a second query find the first problem and its
-- message. (Both in one query, the messages' rows cost 0.3 M instructions per posting more.)
-- Raising aborts the statement that fired the trigger, the kept totals written with it included,
-- so writing them before the check changes nothing.
CREATE OR REPLACE FUNCTION ledger_lines_check() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $$
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

-- At commit, per batch as before (the first firing takes every pending entry of the transaction,
-- the others find theirs numbered; ledger.numbered_upto marks what is done), in three statements
-- for one fiscal year: one query finds the pending entries in (year, id) order with what the
-- balance check finds wrong and each one's canonical text but for year and number; then each
-- year's head is locked (year order: two batches never deadlock); one statement writes the
-- numbers and hashes and the heads. The canonical text is built before the lock, so the lock is
-- held for the hashing and the writes only.
CREATE OR REPLACE FUNCTION ledger_entry_commit() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $$
DECLARE
  xid bigint := txid_current();
  mark text := current_setting('ledger.numbered_upto', true);
  done bigint := 0;
  -- Scalars and arrays, not a record: a query that reads a record's field is planned again at
  -- every call (the record's type is known only at run time).
  ids bigint[];
  years bigint[];
  rests text[];
  mine boolean;
  top bigint;
  suspect boolean;
  bad_code text;
  bad_message text;
  i integer;
  k integer := 0;
  year_id bigint;
  n integer;
  prev text;
  numbers integer[];
  prevs text[];
  hashes text[];
  head_years bigint[] := '{}';
  head_numbers integer[] := '{}';
  head_hashes text[] := '{}';
BEGIN
  IF mark IS NOT NULL AND split_part(mark, ':', 1) = xid::text THEN
    done := split_part(mark, ':', 2)::bigint;
  END IF;
  -- The pending entries, posted in this transaction above the mark, and NEW's (a draft posted
  -- late sits below it), in (year, id) order, with each one's canonical text but for year and
  -- number and what the balance check needs. One sort feeds the three arrays.
  SELECT array_agg(p.id ORDER BY p.fiscal_year_id, p.id),
         array_agg(p.fiscal_year_id ORDER BY p.fiscal_year_id, p.id),
         array_agg(p.rest ORDER BY p.fiscal_year_id, p.id),
         bool_or(p.id = NEW.id), max(p.id),
         -- Fewer than two lines, off balance in base, or in its one currency; an entry in several
         -- currencies is checked per currency below.
         bool_or(p.lines < 2 OR p.base_diff <> 0 OR p.low <> p.high OR p.diff <> 0)
    INTO ids, years, rests, mine, top, suspect
    FROM (
      SELECT j.id, j.fiscal_year_id, l.lines, l.base_diff, l.diff, l.low, l.high,
             -- ledger_entry_canonical_as(id, number) is concat_ws('|', year, number, <this>).
             concat_ws('|', j.date, j.memo, j.reference, j.posted_by_id, j.reversal_of_id, l.text) AS rest
        FROM ledger_journalentry j
        CROSS JOIN LATERAL (
          SELECT count(*) AS lines,
                 sum(CASE x.side WHEN 'D' THEN x.base_amount ELSE -x.base_amount END) AS base_diff,
                 sum(CASE x.side WHEN 'D' THEN x.amount ELSE -x.amount END) AS diff,
                 min(x.currency_id) AS low, max(x.currency_id) AS high,
                 string_agg(concat_ws(':', x.line_no, a.code, x.side, x.amount, x.currency_id, x.exchange_rate,
                                      x.base_amount, x.tax_code_id), ';' ORDER BY x.line_no) AS text
            FROM ledger_journalline x JOIN ledger_account a ON a.id = x.account_id
           WHERE x.entry_id = j.id) l
       WHERE j.number IS NULL AND j.status <> 'draft'
         AND ((j.posted_xid = xid AND j.id > done) OR j.id = NEW.id)) p;
  IF NOT coalesce(mine, false) THEN
    RETURN NULL;  -- a draft, gone, or numbered already by an earlier firing's batch
  END IF;
  IF suspect THEN  -- the first bad entry by id, its SQLSTATE and message (0004's function)
    SELECT u.code, u.message INTO bad_code, bad_message FROM ledger_entries_unbalanced(ids) u;
    IF FOUND THEN
      RAISE EXCEPTION '%', bad_message USING ERRCODE = bad_code;
    END IF;
  END IF;

  numbers := array_fill(0, ARRAY[cardinality(ids)]);
  prevs := array_fill(''::text, ARRAY[cardinality(ids)]);
  hashes := prevs;
  FOR i IN 1 .. cardinality(ids) LOOP
    IF years[i] IS DISTINCT FROM year_id THEN
      IF year_id IS NOT NULL THEN
        k := k + 1;
        head_years[k] := year_id;
        head_numbers[k] := n;
        head_hashes[k] := prev;
      END IF;
      year_id := years[i];
      SELECT s.last_number, s.last_hash INTO n, prev
        FROM ledger_entrysequence s WHERE s.fiscal_year_id = year_id FOR UPDATE;
      IF NOT FOUND THEN  -- the year's first entry: a new head, or the one a racing commit made
        INSERT INTO ledger_entrysequence AS s (fiscal_year_id, last_number, last_hash)
        VALUES (year_id, 0, '') ON CONFLICT (fiscal_year_id) DO UPDATE SET last_number = s.last_number
        RETURNING s.last_number, s.last_hash INTO n, prev;
      END IF;
    END IF;
    n := n + 1;
    numbers[i] := n;
    prevs[i] := prev;
    prev := encode(sha256(convert_to(prev || '|' || year_id || '|' || n || '|' || rests[i], 'UTF8')), 'hex');
    hashes[i] := prev;
  END LOOP;
  k := k + 1;
  head_years[k] := year_id;
  head_numbers[k] := n;
  head_hashes[k] := prev;

  WITH sealed AS (
    UPDATE ledger_journalentry j SET number = u.number, prev_hash = u.prev_hash, hash = u.hash
      FROM unnest(ids, numbers, prevs, hashes) AS u(id, number, prev_hash, hash)
     WHERE j.id = u.id)
  UPDATE ledger_entrysequence s SET last_number = h.last_number, last_hash = h.last_hash
    FROM unnest(head_years, head_numbers, head_hashes) AS h(fiscal_year_id, last_number, last_hash)
   WHERE s.fiscal_year_id = h.fiscal_year_id;
  -- An assignment, not PERFORM: a simple expression is evaluated without a query's set-up.
  mark := set_config('ledger.numbered_upto', xid || ':' || greatest(done, top), true);
  RETURN NULL;
END $$;
