-- The books' invariants, enforced by PostgreSQL whatever code or SQL touches the data.
-- Errors use SQLSTATE class 'PL' so the service layer can map them to readable API errors:
--   PL001 immutable   PL002 unbalanced   PL003 period closed   PL004 account inactive
--   PL005 precision   PL006 too few lines  PL007 account currency  PL008 append-only

-- Canonical text of an entry, the input of its chained hash.
CREATE FUNCTION ledger_entry_canonical(p_entry bigint) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', e.fiscal_year_id, e.number, e.date, e.memo, e.reference, e.posted_by_id,
                   e.reversal_of_id,
                   (SELECT string_agg(concat_ws(':', l.line_no, a.code, l.side, l.amount, l.currency_id,
                                                l.exchange_rate, l.base_amount, l.tax_code_id),
                                      ';' ORDER BY l.line_no)
                      FROM ledger_journalline l JOIN ledger_account a ON a.id = l.account_id
                     WHERE l.entry_id = e.id))
    FROM ledger_journalentry e WHERE e.id = p_entry
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

-- Lines of posted entries are frozen; new lines of a posted entry only in the posting transaction,
-- before its commit-time checks.
CREATE FUNCTION ledger_line_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  e record;
BEGIN
  SELECT status, posted_xid, number INTO e FROM ledger_journalentry
   WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.entry_id ELSE OLD.entry_id END;
  IF TG_OP <> 'INSERT' AND e.status IS NOT NULL AND e.status <> 'draft' THEN
    RAISE EXCEPTION 'lines of a % entry cannot be changed; post a reversal instead', e.status
      USING ERRCODE = 'PL001';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.entry_id <> OLD.entry_id THEN
    SELECT status, posted_xid, number INTO e FROM ledger_journalentry WHERE id = NEW.entry_id;
  END IF;
  -- Only an INSERT counts in the kept totals, and only before the commit-time checks numbered it.
  IF TG_OP <> 'DELETE' AND e.status <> 'draft'
     AND (TG_OP = 'UPDATE' OR e.posted_xid IS DISTINCT FROM txid_current() OR e.number IS NOT NULL) THEN
    RAISE EXCEPTION 'lines cannot be added to a % entry', e.status USING ERRCODE = 'PL001';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER ledger_line_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_journalline
  FOR EACH ROW EXECUTE FUNCTION ledger_line_guard();

-- Set-based checks of inserted or edited lines: precision, account currency, active accounts.
CREATE FUNCTION ledger_lines_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
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
    JOIN ledger_journalentry e ON e.id = nl.entry_id
   WHERE e.status = 'posted' AND NOT a.is_active AND e.reversal_of_id IS NULL LIMIT 1;
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
    FROM new_lines nl JOIN ledger_journalentry e ON e.id = nl.entry_id
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
    INSERT INTO ledger_auditevent (at, actor_id, actor_name, action, object_type, object_id, data)
    VALUES (now(),
            CASE WHEN NEW.status = 'draft' THEN NEW.created_by_id ELSE NEW.posted_by_id END,
            CASE WHEN NEW.status = 'draft' THEN NEW.created_by_name ELSE NEW.posted_by_name END,
            CASE NEW.status WHEN 'draft' THEN 'create' WHEN 'posted' THEN 'post' ELSE 'reverse' END,
            'journal_entry', NEW.id::text,
            jsonb_build_object('date', NEW.date, 'reference', NEW.reference));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER ledger_entry_after AFTER INSERT OR UPDATE OF status ON ledger_journalentry
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_after();

-- At commit: a posted entry balances (base and per currency), has two lines or more, and gets
-- its gapless number and chained hash. The sequence row is locked only from here to the commit.
CREATE FUNCTION ledger_entry_commit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  e record;
  bad record;
  n integer;
  prev text;
  h text;
BEGIN
  SELECT id, status, number, fiscal_year_id INTO e FROM ledger_journalentry WHERE id = NEW.id;
  IF NOT FOUND OR e.status <> 'posted' OR e.number IS NOT NULL THEN
    RETURN NULL;
  END IF;
  SELECT count(*) AS lines,
         coalesce(sum(CASE side WHEN 'D' THEN base_amount ELSE -base_amount END), 0) AS base_diff
    INTO bad FROM ledger_journalline WHERE entry_id = e.id;
  IF bad.lines < 2 THEN
    RAISE EXCEPTION 'entry % has % line(s); a posted entry needs at least two', e.id, bad.lines
      USING ERRCODE = 'PL006';
  END IF;
  IF bad.base_diff <> 0 THEN
    RAISE EXCEPTION 'entry % is unbalanced by % in the base currency', e.id, bad.base_diff USING ERRCODE = 'PL002';
  END IF;
  SELECT currency_id, sum(CASE side WHEN 'D' THEN amount ELSE -amount END) AS diff INTO bad
    FROM ledger_journalline WHERE entry_id = e.id
   GROUP BY currency_id HAVING sum(CASE side WHEN 'D' THEN amount ELSE -amount END) <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'entry % is unbalanced by % %', e.id, bad.diff, bad.currency_id USING ERRCODE = 'PL002';
  END IF;

  INSERT INTO ledger_entrysequence AS s (fiscal_year_id, last_number, last_hash)
  VALUES (e.fiscal_year_id, 1, '')
  ON CONFLICT (fiscal_year_id) DO UPDATE SET last_number = s.last_number + 1
  RETURNING s.last_number, s.last_hash INTO n, prev;
  UPDATE ledger_journalentry SET number = n WHERE id = e.id;
  h := encode(sha256(convert_to(prev || '|' || ledger_entry_canonical(e.id), 'UTF8')), 'hex');
  UPDATE ledger_journalentry SET prev_hash = prev, hash = h WHERE id = e.id;
  UPDATE ledger_entrysequence SET last_hash = h WHERE fiscal_year_id = e.fiscal_year_id;
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
