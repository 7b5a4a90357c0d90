-- The books' invariants, enforced by PostgreSQL whatever code or SQL touches the data.
-- Errors use SQLSTATE class 'PL' so the service layer can map them to readable API errors:
--   PL001 immutable   PL002 unbalanced   PL003 period closed   PL004 account inactive
--   PL005 precision   PL006 too few lines  PL007 account currency  PL008 append-only

-- Canonical text of an entry, the input of its chained hash. The commit trigger hashes an entry
-- before its number is stored (one UPDATE per entry), so the text is defined once, for a number
-- given apart; ledger_entry_canonical(id) is that text with the stored number.
CREATE FUNCTION ledger_entry_canonical_as(p_entry bigint, p_number integer) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', e.fiscal_year_id, p_number, e.date, e.memo, e.reference, e.posted_by_id,
                   e.reversal_of_id,
                   (SELECT string_agg(concat_ws(':', l.line_no, a.code, l.side, l.amount, l.currency_id,
                                                l.exchange_rate, l.base_amount, l.tax_code_id),
                                      ';' ORDER BY l.line_no)
                      FROM ledger_journalline l JOIN ledger_account a ON a.id = l.account_id
                     WHERE l.entry_id = e.id))
    FROM ledger_journalentry e WHERE e.id = p_entry
$$;

CREATE FUNCTION ledger_entry_canonical(p_entry bigint) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT ledger_entry_canonical_as(e.id, e.number) FROM ledger_journalentry e WHERE e.id = p_entry
$$;

-- Entry rows: posted and reversed entries are frozen; posting checks the period.
CREATE FUNCTION ledger_entry_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
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

CREATE TRIGGER ledger_entry_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_journalentry
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_guard();

-- Lines of posted entries are frozen. New lines (checked per statement in ledger_lines_check) go
-- into a posted entry only in its posting transaction, before its commit-time checks.
CREATE FUNCTION ledger_line_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  e record;
BEGIN
  SELECT status INTO e FROM ledger_journalentry WHERE id = OLD.entry_id;
  IF e.status IS NOT NULL AND e.status <> 'draft' THEN
    RAISE EXCEPTION 'lines of a % entry cannot be changed; post a reversal instead', e.status
      USING ERRCODE = 'PL001';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  IF NEW.entry_id <> OLD.entry_id THEN
    SELECT status INTO e FROM ledger_journalentry WHERE id = NEW.entry_id;
    IF e.status <> 'draft' THEN
      RAISE EXCEPTION 'lines cannot be added to a % entry', e.status USING ERRCODE = 'PL001';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER ledger_line_guard BEFORE UPDATE OR DELETE ON ledger_journalline
  FOR EACH ROW EXECUTE FUNCTION ledger_line_guard();

-- Set-based checks of inserted or edited lines: their entry takes lines, precision, account
-- currency, active accounts; then the kept totals.
CREATE FUNCTION ledger_lines_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  xid bigint;
  entry_ids bigint[];
  entry_status text[];
  entry_date date[];
  entry_reversal boolean[];
  refused text;
BEGIN
  -- The entries of the new lines, each probed by its key (OFFSET 0 keeps the probe a probe: a
  -- plan cached while the table was small must not become a scan of it as it grows).
  SELECT array_agg(x.entry_id), array_agg(e.status), array_agg(e.date), array_agg(e.reversal_of_id IS NOT NULL),
         (array_agg(e.status) FILTER (WHERE TG_OP = 'INSERT' AND e.status <> 'draft'
                                       AND (e.posted_xid IS DISTINCT FROM txid_current() OR e.number IS NOT NULL)))[1]
    INTO entry_ids, entry_status, entry_date, entry_reversal, refused
    FROM (SELECT DISTINCT entry_id FROM new_lines) x
    CROSS JOIN LATERAL (SELECT j.status, j.date, j.reversal_of_id, j.posted_xid, j.number
                          FROM ledger_journalentry j WHERE j.id = x.entry_id OFFSET 0) e;
  -- Inserted lines: their entry is a draft, or was posted in this transaction and is not yet
  -- numbered (the commit-time checks have not run). Edited lines: ledger_line_guard, per row.
  IF refused IS NOT NULL THEN
    RAISE EXCEPTION 'lines cannot be added to a % entry', refused USING ERRCODE = 'PL001';
  END IF;
  SELECT nl.line_no, nl.amount, nl.currency_id, c.minor_units INTO bad
    FROM new_lines nl JOIN ledger_currency c ON c.code = nl.currency_id
   WHERE nl.amount <> round(nl.amount, c.minor_units) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'amount % has more decimals than % allows (%)', bad.amount, bad.currency_id, bad.minor_units
      USING ERRCODE = 'PL005';
  END IF;
  SELECT nl.base_amount, c.code, c.minor_units INTO bad
    FROM new_lines nl CROSS JOIN ledger_ledgersettings s JOIN ledger_currency c ON c.code = s.base_currency_id
   WHERE nl.base_amount <> round(nl.base_amount, c.minor_units) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'base amount % has more decimals than % allows (%)', bad.base_amount, bad.code, bad.minor_units
      USING ERRCODE = 'PL005';
  END IF;
  SELECT nl.line_no, nl.amount, nl.base_amount INTO bad
    FROM new_lines nl CROSS JOIN ledger_ledgersettings s
   WHERE nl.currency_id = s.base_currency_id AND nl.base_amount <> nl.amount LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'line % is in the base currency: its base amount % must equal its amount %',
      bad.line_no, bad.base_amount, bad.amount USING ERRCODE = 'PL005';
  END IF;
  SELECT a.code, a.currency_id, nl.currency_id AS line_currency INTO bad
    FROM new_lines nl JOIN ledger_account a ON a.id = nl.account_id
   WHERE a.currency_id IS NOT NULL AND a.currency_id <> nl.currency_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'account % only takes %, not %', bad.code, bad.currency_id, bad.line_currency
      USING ERRCODE = 'PL007';
  END IF;
  SELECT a.code INTO bad
    FROM new_lines nl JOIN ledger_account a ON a.id = nl.account_id
    JOIN unnest(entry_ids, entry_status, entry_reversal) AS e(id, status, is_reversal) ON e.id = nl.entry_id
   WHERE e.status = 'posted' AND NOT a.is_active AND NOT e.is_reversal LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'account % is inactive', bad.code USING ERRCODE = 'PL004';
  END IF;
  -- Lines inserted into an entry posted in this transaction count in the kept totals now.
  INSERT INTO ledger_accountbalance AS b (account_id, currency_id, date, debit, credit, base_debit, base_credit)
  SELECT nl.account_id, nl.currency_id, e.date,
         coalesce(sum(nl.amount) FILTER (WHERE nl.side = 'D'), 0),
         coalesce(sum(nl.amount) FILTER (WHERE nl.side = 'C'), 0),
         coalesce(sum(nl.base_amount) FILTER (WHERE nl.side = 'D'), 0),
         coalesce(sum(nl.base_amount) FILTER (WHERE nl.side = 'C'), 0)
    FROM new_lines nl JOIN unnest(entry_ids, entry_status, entry_date) AS e(id, status, date) ON e.id = nl.entry_id
   WHERE e.status = 'posted'
   GROUP BY nl.account_id, nl.currency_id, e.date
   ORDER BY nl.account_id, nl.currency_id, e.date
  ON CONFLICT (account_id, currency_id, date) DO UPDATE
     SET debit = b.debit + excluded.debit, credit = b.credit + excluded.credit,
         base_debit = b.base_debit + excluded.base_debit, base_credit = b.base_credit + excluded.base_credit;
  RETURN NULL;
END $$;

CREATE TRIGGER ledger_lines_check AFTER INSERT ON ledger_journalline
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION ledger_lines_check();

-- Edited draft lines are checked too (their entry is a draft: they add nothing to the totals).
CREATE TRIGGER ledger_lines_check_update AFTER UPDATE ON ledger_journalline
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION ledger_lines_check();

-- A draft becoming posted: its lines join the kept totals. Also the audit trail of entries.
CREATE FUNCTION ledger_entry_after() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'posted' AND TG_OP = 'UPDATE' AND OLD.status = 'draft' THEN
    INSERT INTO ledger_accountbalance AS b (account_id, currency_id, date, debit, credit, base_debit, base_credit)
    SELECT l.account_id, l.currency_id, NEW.date,
           coalesce(sum(l.amount) FILTER (WHERE l.side = 'D'), 0),
           coalesce(sum(l.amount) FILTER (WHERE l.side = 'C'), 0),
           coalesce(sum(l.base_amount) FILTER (WHERE l.side = 'D'), 0),
           coalesce(sum(l.base_amount) FILTER (WHERE l.side = 'C'), 0)
      FROM ledger_journalline l WHERE l.entry_id = NEW.id
     GROUP BY l.account_id, l.currency_id
     ORDER BY l.account_id, l.currency_id
    ON CONFLICT (account_id, currency_id, date) DO UPDATE
       SET debit = b.debit + excluded.debit, credit = b.credit + excluded.credit,
           base_debit = b.base_debit + excluded.base_debit, base_credit = b.base_credit + excluded.base_credit;
  END IF;
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
    -- Who reversed an entry is who posted its reversal (that entry exists before the flip).
    INSERT INTO ledger_auditevent (at, actor_id, actor_name, action, object_type, object_id, data)
    SELECT now(),
           CASE NEW.status WHEN 'draft' THEN NEW.created_by_id WHEN 'posted' THEN NEW.posted_by_id
                ELSE coalesce(r.posted_by_id, NEW.posted_by_id) END,
           CASE NEW.status WHEN 'draft' THEN NEW.created_by_name WHEN 'posted' THEN NEW.posted_by_name
                ELSE coalesce(r.posted_by_name, NEW.posted_by_name) END,
           CASE NEW.status WHEN 'draft' THEN 'create' WHEN 'posted' THEN 'post' ELSE 'reverse' END,
           'journal_entry', NEW.id::text,
           jsonb_build_object('date', NEW.date, 'reference', NEW.reference)
      FROM (SELECT 1) AS one
      LEFT JOIN ledger_journalentry r ON NEW.status = 'reversed' AND r.reversal_of_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER ledger_entry_after AFTER INSERT OR UPDATE OF status ON ledger_journalentry
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_after();

-- Pending entries of a transaction: posted in it, not yet numbered. Tiny: a row leaves it when
-- the commit-time checks number it.
CREATE INDEX ledger_entry_pending ON ledger_journalentry (posted_xid, id)
  WHERE number IS NULL AND posted_xid IS NOT NULL;

-- At commit: a posted entry balances (base and per currency), has two lines or more, and gets
-- its gapless number and chained hash. The sequence row is locked only from here to the commit.
--
-- Per batch: the first firing checks, numbers and hashes every pending entry of the transaction
-- at once, in id order per fiscal year: one balance query, one UPDATE of the entries, one UPDATE
-- of each year's sequence row (not two per entry: in a long transaction every version of that
-- row is kept and walked). The other firings find their entry numbered and return. The setting
-- ledger.numbered_upto ("xid:id", transaction-local, undone with a rolled-back savepoint) marks
-- the ids already done, so a later batch of the same transaction does not walk them again; an
-- entry below the mark (a draft posted late) is taken by its own firing.
CREATE FUNCTION ledger_entry_commit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  xid bigint;
  mark text;
  done bigint := 0;
  ids bigint[];
  bad record;
  r record;
  heads_year bigint[] := '{}';
  heads_number integer[] := '{}';
  heads_hash text[] := '{}';
  n integer;
  prev text;
  h text;
  cur_year bigint;
  u_ids bigint[] := '{}';
  u_numbers integer[] := '{}';
  u_prev text[] := '{}';
  u_hash text[] := '{}';
  t_year bigint[] := '{}';
  t_number integer[] := '{}';
  t_hash text[] := '{}';
BEGIN
  PERFORM 1 FROM ledger_journalentry WHERE id = NEW.id AND status <> 'draft' AND number IS NULL;
  IF NOT FOUND THEN
    RETURN NULL;  -- a draft, gone, or numbered already by an earlier firing's batch
  END IF;
  xid := txid_current();
  mark := current_setting('ledger.numbered_upto', true);
  IF mark IS NOT NULL AND split_part(mark, ':', 1) = xid::text THEN
    done := split_part(mark, ':', 2)::bigint;
  END IF;
  SELECT array_agg(p.id ORDER BY p.id) INTO ids FROM (
    SELECT e.id FROM ledger_journalentry e
     WHERE e.posted_xid = xid AND e.number IS NULL AND e.id > done AND e.status <> 'draft'
    UNION
    SELECT NEW.id) p;

  -- Balance: per entry and currency in one GROUP BY; the first bad entry (by id) is reported.
  SELECT p.id, coalesce(sum(g.lines), 0) AS lines, coalesce(sum(g.base_diff), 0) AS base_diff,
         (array_agg(g.currency_id ORDER BY g.currency_id) FILTER (WHERE g.diff <> 0))[1] AS currency_id,
         (array_agg(g.diff ORDER BY g.currency_id) FILTER (WHERE g.diff <> 0))[1] AS diff
    INTO bad
    FROM unnest(ids) AS p(id)
    LEFT JOIN (SELECT l.entry_id, l.currency_id, count(*) AS lines,
                      sum(CASE l.side WHEN 'D' THEN l.amount ELSE -l.amount END) AS diff,
                      sum(CASE l.side WHEN 'D' THEN l.base_amount ELSE -l.base_amount END) AS base_diff
                 FROM ledger_journalline l WHERE l.entry_id = ANY(ids)
                GROUP BY l.entry_id, l.currency_id) g ON g.entry_id = p.id
   GROUP BY p.id
  HAVING coalesce(sum(g.lines), 0) < 2 OR coalesce(sum(g.base_diff), 0) <> 0 OR bool_or(g.diff <> 0)
   ORDER BY p.id LIMIT 1;
  IF FOUND THEN
    IF bad.lines < 2 THEN
      RAISE EXCEPTION 'entry % has % line(s); a posted entry needs at least two', bad.id, bad.lines
        USING ERRCODE = 'PL006';
    ELSIF bad.base_diff <> 0 THEN
      RAISE EXCEPTION 'entry % is unbalanced by % in the base currency', bad.id, bad.base_diff
        USING ERRCODE = 'PL002';
    END IF;
    RAISE EXCEPTION 'entry % is unbalanced by % %', bad.id, bad.diff, bad.currency_id USING ERRCODE = 'PL002';
  END IF;

  -- Lock each year's head in year order (two batches never deadlock), creating it on first use.
  FOR r IN SELECT DISTINCT fiscal_year_id FROM ledger_journalentry WHERE id = ANY(ids) ORDER BY 1 LOOP
    SELECT last_number, last_hash INTO n, prev
      FROM ledger_entrysequence WHERE fiscal_year_id = r.fiscal_year_id FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO ledger_entrysequence (fiscal_year_id, last_number, last_hash)
      VALUES (r.fiscal_year_id, 0, '') ON CONFLICT (fiscal_year_id) DO NOTHING;
      SELECT last_number, last_hash INTO n, prev
        FROM ledger_entrysequence WHERE fiscal_year_id = r.fiscal_year_id FOR UPDATE;
    END IF;
    heads_year := heads_year || r.fiscal_year_id;
    heads_number := heads_number || n;
    heads_hash := heads_hash || prev;
  END LOOP;

  -- Number in id order per year, chaining the hashes; rows come year by year.
  FOR r IN
    SELECT s.id, s.year_id, s.number, s.head_hash, ledger_entry_canonical_as(s.id, s.number) AS canonical
      FROM (SELECT e.id, e.fiscal_year_id AS year_id, y.head_hash,
                   (y.head_number + row_number() OVER (PARTITION BY e.fiscal_year_id ORDER BY e.id))::integer
                     AS number
              FROM ledger_journalentry e
              JOIN unnest(heads_year, heads_number, heads_hash) AS y(year_id, head_number, head_hash)
                ON y.year_id = e.fiscal_year_id
             WHERE e.id = ANY(ids)) s
     ORDER BY s.year_id, s.id
  LOOP
    IF r.year_id IS DISTINCT FROM cur_year THEN
      IF cur_year IS NOT NULL THEN
        t_year := t_year || cur_year;
        t_number := t_number || n;
        t_hash := t_hash || prev;
      END IF;
      cur_year := r.year_id;
      prev := r.head_hash;
    END IF;
    h := encode(sha256(convert_to(prev || '|' || r.canonical, 'UTF8')), 'hex');
    u_ids := u_ids || r.id;
    u_numbers := u_numbers || r.number;
    u_prev := u_prev || prev;
    u_hash := u_hash || h;
    n := r.number;
    prev := h;
  END LOOP;
  t_year := t_year || cur_year;
  t_number := t_number || n;
  t_hash := t_hash || prev;

  UPDATE ledger_journalentry e SET number = u.number, prev_hash = u.prev_hash, hash = u.hash
    FROM unnest(u_ids, u_numbers, u_prev, u_hash) AS u(id, number, prev_hash, hash)
   WHERE e.id = u.id;
  UPDATE ledger_entrysequence s SET last_number = t.last_number, last_hash = t.last_hash
    FROM unnest(t_year, t_number, t_hash) AS t(fiscal_year_id, last_number, last_hash)
   WHERE s.fiscal_year_id = t.fiscal_year_id;
  PERFORM set_config('ledger.numbered_upto', xid || ':' || greatest(done, ids[array_upper(ids, 1)]), true);
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_entry_commit AFTER INSERT OR UPDATE OF status ON ledger_journalentry
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_commit();

-- The audit trail is append-only.
CREATE FUNCTION ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'PL008';
END $$;

CREATE TRIGGER ledger_audit_append_only BEFORE UPDATE OR DELETE ON ledger_auditevent
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Kept totals change only through the triggers above (nested: trigger depth 2 or more).
CREATE FUNCTION ledger_balance_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION '% is kept by the posting triggers only', TG_TABLE_NAME USING ERRCODE = 'PL008';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER ledger_balance_kept BEFORE INSERT OR UPDATE ON ledger_accountbalance
  FOR EACH ROW EXECUTE FUNCTION ledger_balance_guard();

CREATE TRIGGER ledger_balance_no_delete BEFORE DELETE ON ledger_accountbalance
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- A period or year with posted entries cannot move its dates.
CREATE FUNCTION ledger_period_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.start_date <> OLD.start_date OR NEW.end_date <> OLD.end_date)
     AND EXISTS (SELECT 1 FROM ledger_journalentry WHERE period_id = OLD.id AND status <> 'draft') THEN
    RAISE EXCEPTION 'period % has posted entries; its dates cannot change', OLD.id USING ERRCODE = 'PL001';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER ledger_period_guard BEFORE UPDATE ON ledger_fiscalperiod
  FOR EACH ROW EXECUTE FUNCTION ledger_period_guard();
