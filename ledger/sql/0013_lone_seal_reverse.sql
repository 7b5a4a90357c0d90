-- 0007's ledger_entry_commit, as it was.
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
