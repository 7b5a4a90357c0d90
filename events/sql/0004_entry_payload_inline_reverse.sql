-- 0002's events_entries_inserted, as it was.
CREATE OR REPLACE FUNCTION events_entries_inserted() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  INSERT INTO events_event (type, payload)
  SELECT 'entry.posted', events_entry_payload(n) FROM new_entries n WHERE n.status = 'posted' ORDER BY n.id;
  RETURN NULL;
END $$;
