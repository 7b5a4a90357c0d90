-- The entries' key to their period is checked by the entry guard, which already read the period
-- (its status, dates and year) for every posting and, since 0012, for every draft: two
-- foreign-key checks per posting (the insert, and again the commit-time update of number and
-- hash) become a lock clause and a NOT FOUND. The period guard keeps the other side: a period
-- that entries name is not deleted, nor its id changed (under READ COMMITTED only; see 0013).
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
    -- No foreign key names the year (0012): it must be the period's, as a posting's is below.
    PERFORM FROM ledger_fiscalperiod p WHERE p.id = NEW.period_id AND p.fiscal_year_id = NEW.fiscal_year_id
      FOR KEY SHARE;  -- the period's foreign key, since 0014
    IF NOT FOUND THEN
      RAISE EXCEPTION 'fiscal year % is not the year of period %', NEW.fiscal_year_id, NEW.period_id
        USING ERRCODE = 'foreign_key_violation';
    END IF;
  END IF;

  IF NEW.status = 'posted' THEN
    SELECT p.status, p.start_date, p.end_date, p.fiscal_year_id INTO per
      FROM ledger_fiscalperiod p WHERE p.id = NEW.period_id FOR SHARE;
    IF NOT FOUND THEN  -- the period's foreign key, since 0014
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
  -- The other side of the entries' key to their period (0014), as for the lines' keys (0013).
  IF TG_OP = 'DELETE' OR NEW.id <> OLD.id THEN
    PERFORM ledger_refuse_if_named('period', OLD.id::text, false);  -- READ COMMITTED only
    IF EXISTS (SELECT 1 FROM ledger_journalentry e WHERE e.period_id = OLD.id) THEN
      RAISE EXCEPTION 'period % is named by journal entries', OLD.id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
  END IF;
  -- An entry's year is its period's (0012): a period stays in its year.
  IF NEW.fiscal_year_id <> OLD.fiscal_year_id THEN
    RAISE EXCEPTION 'period % cannot move to another fiscal year', OLD.id USING ERRCODE = 'PL001';
  END IF;
  IF (NEW.start_date <> OLD.start_date OR NEW.end_date <> OLD.end_date)
     AND EXISTS (SELECT 1 FROM ledger_journalentry WHERE period_id = OLD.id AND status <> 'draft') THEN
    RAISE EXCEPTION 'period % has posted entries; its dates cannot change', OLD.id USING ERRCODE = 'PL001';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER ledger_period_guard ON ledger_fiscalperiod;
CREATE TRIGGER ledger_period_guard BEFORE UPDATE OR DELETE ON ledger_fiscalperiod
  FOR EACH ROW EXECUTE FUNCTION ledger_period_guard();
