-- A posted entry matched to a bank statement line cannot be reversed: the line would then be
-- matched to money that the books no longer hold. Unmatch first (which reverses a created entry).
CREATE FUNCTION bank_refuse_reversing_matched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'reversed' AND OLD.status <> 'reversed'
       AND EXISTS (SELECT 1 FROM bank_matchedentry WHERE entry_id = NEW.id) THEN
        RAISE EXCEPTION 'Entry % is matched to a bank statement line; unmatch it before reversing it.',
            coalesce(NEW.number::text, NEW.id::text)
            USING ERRCODE = 'PLB01';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER bank_refuse_reversing_matched
    BEFORE UPDATE OF status ON ledger_journalentry
    FOR EACH ROW EXECUTE FUNCTION bank_refuse_reversing_matched();
