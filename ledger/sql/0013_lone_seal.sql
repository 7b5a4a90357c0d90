-- A lone pending entry, the common case (one posting per transaction, or one settled by
-- ledger_entry_write), is sealed by one statement: it locks and reads the year's head row, moves it
-- on, and writes the entry's number and hashes from what it read, where 0007 locked the head with
-- a query of its own and then wrote both rows from arrays. The hash is the same text as the loop's
-- below. A year without a head row yet, or several pending entries, take the loop.
-- The head is read FOR UPDATE in the statement itself: under READ COMMITTED that returns the
-- version a concurrent commit left, and the update then writes from it. RETURNING OLD without the
-- lock returned the version the statement first read when a concurrent commit had moved the head
-- on: the racing tests found the chain broken.

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

  IF cardinality(ids) = 1 THEN
    WITH was AS (
      SELECT s.fiscal_year_id, s.last_number, s.last_hash FROM ledger_entrysequence s
       WHERE s.fiscal_year_id = years[1] FOR UPDATE),
    head AS (
      UPDATE ledger_entrysequence s
         SET last_number = was.last_number + 1,
             last_hash = encode(sha256(convert_to(
               was.last_hash || '|' || was.fiscal_year_id || '|' || (was.last_number + 1) || '|' || rests[1], 'UTF8')), 'hex')
        FROM was WHERE s.fiscal_year_id = was.fiscal_year_id
      RETURNING was.last_hash AS prev_hash, s.last_number AS number, s.last_hash AS hash)
    UPDATE ledger_journalentry j SET number = head.number, prev_hash = head.prev_hash, hash = head.hash
      FROM head WHERE j.id = ids[1];
    IF FOUND THEN
      mark := set_config('ledger.numbered_upto', xid || ':' || greatest(done, top), true);
      RETURN NULL;
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

-- A draft's posting is a change of its status: the trigger names that column, so the commit-time
-- update of number and hash (which does not set it) no longer reads and plans the trigger's WHEN
-- condition, about 1 % of a posting's work.
DROP TRIGGER ledger_draft_post_check ON ledger_journalentry;
CREATE TRIGGER ledger_draft_post_check BEFORE UPDATE OF status ON ledger_journalentry
  FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status = 'posted')
  EXECUTE FUNCTION ledger_draft_post_check();

-- The guard's test for inactive accounts, a query, nested under the test of the operation: as one
-- condition it was a query run (its executor built) at every insert, where only a draft's
-- posting (an update) needs it. 0012's function otherwise.
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
    PERFORM ledger_refuse_if_named('journal entry', OLD.id::text,
                                   EXISTS (SELECT 1 FROM ledger_journalline l WHERE l.entry_id = OLD.id));
    RETURN OLD;
  END IF;

  IF NEW.id <> OLD.id THEN  -- OLD is NULL on INSERT: the comparison is NULL there
    RAISE EXCEPTION 'journal entry % cannot change its id', OLD.id USING ERRCODE = 'PL001';
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
    -- No foreign key names the year: it must be the period's, as a posting's is below.
    PERFORM FROM ledger_fiscalperiod p WHERE p.id = NEW.period_id AND p.fiscal_year_id = NEW.fiscal_year_id
      FOR KEY SHARE;  -- as the period's foreign key did
    IF NOT FOUND THEN
      RAISE EXCEPTION 'fiscal year % is not the year of period %', NEW.fiscal_year_id, NEW.period_id
        USING ERRCODE = 'foreign_key_violation';
    END IF;
  END IF;

  IF NEW.status = 'posted' THEN
    SELECT p.status, p.start_date, p.end_date, p.fiscal_year_id INTO per
      FROM ledger_fiscalperiod p WHERE p.id = NEW.period_id FOR SHARE;
    IF NOT FOUND THEN  -- as the period's foreign key did
      RAISE EXCEPTION 'period % does not exist', NEW.period_id USING ERRCODE = 'foreign_key_violation';
    END IF;
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
    IF TG_OP = 'UPDATE' AND NEW.reversal_of_id IS NULL THEN
      IF EXISTS (SELECT 1 FROM ledger_journalline l JOIN ledger_account a ON a.id = l.account_id
                  WHERE l.entry_id = NEW.id AND NOT a.is_active) THEN
        RAISE EXCEPTION 'entry % uses an inactive account', NEW.id USING ERRCODE = 'PL004';
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END $$;

-- The audit event of inserted entries, one statement per INSERT (or COPY) statement however many
-- entries it wrote, as their outbox events are: a row trigger ran a function and an INSERT per
-- entry, in a bulk import too. Same rows: actor, action, object and data as ledger_entry_after
-- wrote them (an entry is never inserted reversed). ledger_entry_after keeps the status changes.
CREATE FUNCTION ledger_entries_audit() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  INSERT INTO ledger_auditevent (at, actor_id, actor_name, action, object_type, object_id, data)
  SELECT now(),
         CASE n.status WHEN 'draft' THEN n.created_by_id ELSE n.posted_by_id END,
         CASE n.status WHEN 'draft' THEN n.created_by_name ELSE n.posted_by_name END,
         CASE n.status WHEN 'draft' THEN 'create' ELSE 'post' END,
         'journal_entry', n.id::text, jsonb_build_object('date', n.date, 'reference', n.reference)
    FROM new_entries n ORDER BY n.id;
  RETURN NULL;
END $$;

CREATE TRIGGER ledger_entries_audit AFTER INSERT ON ledger_journalentry
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_audit();

DROP TRIGGER ledger_entry_after ON ledger_journalentry;
CREATE TRIGGER ledger_entry_after AFTER UPDATE OF status ON ledger_journalentry
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_after();
