-- The matched-entry test, a query, nested under the test of the status change: as one condition
-- PL/pgSQL ran it as a query (executor and all) at every status change, a draft's posting too,
-- where only a reversal needs it. 0002's function otherwise.
CREATE OR REPLACE FUNCTION bank_refuse_reversing_matched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'reversed' AND OLD.status <> 'reversed' THEN
        IF EXISTS (SELECT 1 FROM bank_matchedentry WHERE entry_id = NEW.id) THEN
            RAISE EXCEPTION 'Entry % is matched to a bank statement line; unmatch it before reversing it.',
                coalesce(NEW.number::text, NEW.id::text)
                USING ERRCODE = 'PLB01';
        END IF;
    END IF;
    RETURN NEW;
END $$;
