DROP TRIGGER IF EXISTS events_document_issued ON invoicing_document;
DROP TRIGGER IF EXISTS events_documents_inserted ON invoicing_document;
DROP FUNCTION IF EXISTS events_document_issued();
DROP FUNCTION IF EXISTS events_documents_inserted();
DROP FUNCTION IF EXISTS events_document_payload(invoicing_document);
