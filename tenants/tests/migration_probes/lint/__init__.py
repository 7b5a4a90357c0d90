"""A stand-alone ledger history (replacing the real one) full of what the linter must flag."""
