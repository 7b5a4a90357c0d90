-- The payload built in the trigger's own statement: a call of the SQL function
-- events_entry_payload(row) ran a query of its own per entry (PostgreSQL does not inline it for a
-- whole-row argument from a transition table), about 1 % of a posting's work. Same payload.
CREATE OR REPLACE FUNCTION events_entries_inserted() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  INSERT INTO events_event (type, payload)
  SELECT 'entry.posted', jsonb_build_object('id', n.id, 'date', n.date, 'reference', n.reference, 'kind', n.kind,
                                            'source', n.source, 'reversal_of', n.reversal_of_id,
                                            'posted_by', n.posted_by_id)
    FROM new_entries n WHERE n.status = 'posted' ORDER BY n.id;
  RETURN NULL;
END $$;
