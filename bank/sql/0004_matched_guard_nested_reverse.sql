-- 0002's bank_refuse_reversing_matched, as it was.
CREATE OR REPLACE FUNCTION bank_refuse_reversing_matched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'reversed' AND OLD.status <> 'reversed'
       AND EXISTS (SELECT 1 FROM bank_matchedentry WHERE entry_id = NEW.id) THEN
        RAISE EXCEPTION 'Entry % is matched to a bank statement line; unmatch it before reversing it.',
            coalesce(NEW.number::text, NEW.id::text)
            USING ERRCODE = 'PLB01';
    END IF;
    RETURN NEW;
END $$;
