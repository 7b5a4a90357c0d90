DROP TRIGGER IF EXISTS events_entry_status ON ledger_journalentry;
DROP TRIGGER IF EXISTS events_entries_inserted ON ledger_journalentry;
DROP FUNCTION IF EXISTS events_entry_status();
DROP FUNCTION IF EXISTS events_entries_inserted();
DROP FUNCTION IF EXISTS events_entry_payload(ledger_journalentry);
DELETE FROM events_eventcounter;
