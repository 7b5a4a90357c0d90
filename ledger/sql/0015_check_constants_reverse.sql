-- 0015's reverse: the two checks as Django wrote them.
ALTER TABLE ledger_journalentry DROP CONSTRAINT entry_status_valid,
  ADD CONSTRAINT entry_status_valid CHECK (status IN ('draft', 'posted', 'reversed'));
ALTER TABLE ledger_journalline DROP CONSTRAINT line_side_valid,
  ADD CONSTRAINT line_side_valid CHECK (side IN ('D', 'C'));
