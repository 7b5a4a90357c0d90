-- Invoices, credit notes, bills and vendor credits write document.issued themselves, in the
-- statement that issues them: a new document is issued by one statement (invoicing.issuing), a
-- draft by an UPDATE of its status. No round trip of its own.
CREATE FUNCTION events_document_payload(d invoicing_document) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('id', d.id, 'kind', d.kind, 'number', d.number, 'contact', d.contact_id,
                            'issue_date', d.issue_date, 'currency', d.currency_id,
                            'total', d.total::text, 'entry', d.entry_id)
$$;

CREATE FUNCTION events_documents_inserted() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  INSERT INTO events_event (type, payload)
  SELECT 'document.issued', events_document_payload(n) FROM new_documents n
   WHERE n.status <> 'draft' ORDER BY n.id;
  RETURN NULL;
END $$;

CREATE TRIGGER events_documents_inserted AFTER INSERT ON invoicing_document
  REFERENCING NEW TABLE AS new_documents FOR EACH STATEMENT EXECUTE FUNCTION events_documents_inserted();

CREATE FUNCTION events_document_issued() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  INSERT INTO events_event (type, payload) VALUES ('document.issued', events_document_payload(NEW));
  RETURN NULL;
END $$;

CREATE TRIGGER events_document_issued AFTER UPDATE OF status ON invoicing_document
  FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status <> 'draft') EXECUTE FUNCTION events_document_issued();
