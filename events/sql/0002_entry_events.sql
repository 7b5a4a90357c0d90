-- Entries write their events themselves, in the statement that posts or reverses them: every
-- path (API, admin, imports, closing, subledgers, raw SQL) and no extra round trip. An entry's
-- number and hash are set at commit, after this: the payload carries its id.
INSERT INTO events_eventcounter (id, last_cursor, members_relayed_to) VALUES (1, 0, 0);

CREATE FUNCTION events_entry_payload(e ledger_journalentry) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('id', e.id, 'date', e.date, 'reference', e.reference, 'kind', e.kind,
                            'source', e.source, 'reversal_of', e.reversal_of_id, 'posted_by', e.posted_by_id)
$$;

-- One statement per INSERT statement, however many entries it wrote (imports write thousands).
CREATE FUNCTION events_entries_inserted() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  INSERT INTO events_event (type, payload)
  SELECT 'entry.posted', events_entry_payload(n) FROM new_entries n WHERE n.status = 'posted' ORDER BY n.id;
  RETURN NULL;
END $$;

CREATE TRIGGER events_entries_inserted AFTER INSERT ON ledger_journalentry
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION events_entries_inserted();

-- A draft posted, or a posted entry reversed (its reversal is inserted in the same transaction).
CREATE FUNCTION events_entry_status() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF NEW.status = 'posted' THEN
    INSERT INTO events_event (type, payload) VALUES ('entry.posted', events_entry_payload(NEW));
  ELSIF NEW.status = 'reversed' THEN
    INSERT INTO events_event (type, payload)
    VALUES ('entry.reversed', jsonb_build_object(
      'id', NEW.id, 'date', NEW.date, 'reference', NEW.reference,
      'reversed_by', (SELECT max(r.id) FROM ledger_journalentry r WHERE r.reversal_of_id = NEW.id)));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER events_entry_status AFTER UPDATE OF status ON ledger_journalentry
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION events_entry_status();
